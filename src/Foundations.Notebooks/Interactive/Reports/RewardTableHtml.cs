using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="RewardTable"/>.</summary>
internal static class RewardTableHtml
{
    public static string Render(RewardTable v)
    {
        string Cell(AlertAction a, bool anomaly)
        {
            double r = v.RewardFor(a, anomaly);
            string colour = r > 0 ? "#1a7f37" : r < 0 ? "#b42318" : "#555";
            return $"<td style=\"text-align:right;color:{colour}\">{Html.Escape(r.ToString("+0.##;−0.##;0", CultureInfo.InvariantCulture))}</td>";
        }
        var sb = new StringBuilder();
        sb.Append("<table class=\"fn-table\"><caption>Reward table: what the agent is paid for each decision (units: investigator hours)</caption>")
          .Append("<thead><tr><th>Decision</th><th>Normal activity</th><th>Incident</th><th>Why</th></tr></thead><tbody>");
        sb.Append("<tr><td>Pass</td>").Append(Cell(AlertAction.Pass, false)).Append(Cell(AlertAction.Pass, true))
          .Append("<td>letting fraud through costs the most</td></tr>");
        sb.Append("<tr><td>Watch</td>").Append(Cell(AlertAction.Watch, false)).Append(Cell(AlertAction.Watch, true))
          .Append("<td>").Append(Html.Escape($"watching is cheap, but a watched fraud still loses {v.WatchedAnomalyShare.ToString("P0", CultureInfo.InvariantCulture)} of it")).Append("</td></tr>");
        sb.Append("<tr><td>Alert</td>").Append(Cell(AlertAction.Alert, false)).Append(Cell(AlertAction.Alert, true))
          .Append("<td>every alert costs investigator time; a false one a little more</td></tr>");
        sb.Append("</tbody></table>");
        return sb.ToString();
    }
}
