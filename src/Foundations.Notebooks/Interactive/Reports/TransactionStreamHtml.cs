using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using Microsoft.Data.Analysis;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="TransactionStream"/>.</summary>
internal static class TransactionStreamHtml
{
    public static string Render(TransactionStream v)
    {
        var sb = new StringBuilder();
        sb.Append("<div><b>Transaction stream</b>: ")
          .Append(v.Transactions.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(" transactions, ")
          .Append(v.Transactions.Select(t => t.CustomerId).Distinct().Count().ToString("N0", CultureInfo.InvariantCulture)).Append(" accounts, ")
          .Append(v.Days.Count).Append(" days");
        if (v.Days.Count > 0) sb.Append(" (").Append(Html.Escape(v.Days[0].ToString("yyyy-MM-dd"))).Append(" to ").Append(Html.Escape(v.Days[^1].ToString("yyyy-MM-dd"))).Append(')');
        string verdicts = v.Columns.Incident.Trim().Length == 0 ? "no verdict column" : "column " + v.Columns.Incident;
        sb.Append(", ").Append(v.Anomalies.ToString("N0", CultureInfo.InvariantCulture)).Append(" marked as incidents (").Append(Html.Escape(verdicts))
          .Append("); ").Append(v.SetAside.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(" rows set aside.");
        if (v.Columns.FactsMissing.Count > 0)
            sb.Append("<br/>Not in the file, so the monitor does without: ").Append(Html.Escape(string.Join("; ", v.Columns.FactsMissing))).Append('.');
        if (v.SetAside.Count > 0)
        {
            sb.Append("<ul>");
            foreach (var s in v.SetAside.Take(5)) sb.Append("<li>").Append(Html.Escape(s)).Append("</li>");
            if (v.SetAside.Count > 5) sb.Append("<li>… and ").Append(v.SetAside.Count - 5).Append(" more</li>");
            sb.Append("</ul>");
        }
        return sb.Append("</div>").ToString();
    }
}
