using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="AlertComparison"/>.</summary>
internal static class AlertComparisonHtml
{
    public static string Render(AlertComparison v)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<table class=\"fn-table\"><caption>")
          .Append(Html.Escape($"Held-out comparison: {v.Days.Count} days ({v.Days[0]:yyyy-MM-dd} to {v.Days[^1]:yyyy-MM-dd}), same daily alert budget of {v.DailyAlertBudget}"))
          .Append("</caption><thead><tr><th>Policy</th><th>Transactions</th><th>Incidents</th><th>Caught</th><th>False alerts</th>")
          .Append("<th>Alerts per 1,000</th><th>Precision</th><th>Recall</th><th>Watches</th><th>Alerts refused (budget)</th><th>Reward</th></tr></thead><tbody>");
        foreach (var o in v.Outcomes)
            sb.Append("<tr><td>").Append(Html.Escape(o.Policy)).Append("</td>")
              .Append(Num(o.Transactions.ToString("N0", c))).Append(Num(o.Anomalies.ToString(c))).Append(Num(o.Caught.ToString(c)))
              .Append(Num(o.FalseAlerts.ToString(c))).Append(Num(o.AlertsPer1000.ToString("0.0", c))).Append(Num(o.Precision.ToString("P0", c)))
              .Append(Num(o.Recall.ToString("P0", c))).Append(Num(o.Watches.ToString("N0", c))).Append(Num(o.AlertsRefusedForBudget.ToString(c)))
              .Append(Num(o.Reward.ToString("N0", c))).Append("</tr>");
        sb.Append("</tbody></table>");
        foreach (var agent in v.Agents)
        {
            int overlap = v.Days.Count(agent.History.TrainingDays.Contains);
            if (overlap > 0)
                sb.Append("<p><b>").Append(Html.Escape($"Not a held-out result: {overlap} of the {v.Days.Count} evaluated days were among the days {agent.Name} trained on.")).Append("</b></p>");
        }
        sb.Append(Foundations.Charts.ChartHtml.Embed(v.Chart()));
        return sb.ToString();
    }




    internal static string Num(string text) => $"<td style=\"text-align:right\">{Html.Escape(text)}</td>";
}
