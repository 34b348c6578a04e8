using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="DayReplay"/>.</summary>
internal static class DayReplayHtml
{
    public static string Render(DayReplay v)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(ChartHtml.Embed(v.Chart()));
        sb.Append("<table class=\"fn-table\"><caption>").Append(Html.Escape($"Account {NotebookDisplay.Identifier(v.CustomerId)} on {v.Day:yyyy-MM-dd}")).Append("</caption><thead><tr>")
          .Append("<th>Time</th><th>Amount</th><th>Direction</th><th>Channel</th><th>Category</th><th>Country</th><th>Incident</th>");
        foreach (var p in v.Policies) sb.Append("<th>").Append(Html.Escape(p)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in v.Rows)
        {
            var t = r.Transaction;
            sb.Append("<tr><td>").Append(Html.Escape(t.Timestamp.ToString("HH:mm", c))).Append("</td><td style=\"text-align:right\">")
              .Append(Html.Escape(t.Amount.ToString("N2", c))).Append("</td><td>").Append(Html.Escape(t.Direction)).Append("</td><td>")
              .Append(Html.Escape(t.Channel)).Append("</td><td>").Append(Html.Escape(t.MerchantCategory)).Append("</td><td>")
              .Append(Html.Escape(t.Country)).Append("</td><td>").Append(t.IsAnomaly ? Html.Escape(t.AnomalyType) : "").Append("</td>");
            foreach (var d in r.Decisions)
                sb.Append("<td style=\"").Append(d switch { AlertAction.Alert => "color:#d93025;font-weight:bold", AlertAction.Watch => "color:#b06000", _ => "color:#777" })
                  .Append("\">").Append(d).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }
}
