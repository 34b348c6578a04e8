using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="LoadReport"/>.</summary>
internal static class LoadReportHtml
{
    public static string Render(LoadReport v)
    {
        var h = new StringBuilder();
        h.Append("<div class=\"fn-load-report\"><h4>Load report: ").Append(Html.Escape(Path.GetFileName(v.File))).Append("</h4>");
        h.Append(CultureInfo.InvariantCulture, $"<p>{v.RowsRead:N0} rows read, {v.RowsLoaded:N0} loaded, {v.RowsQuarantined:N0} quarantined");
        // Typed files (Parquet, Arrow) have no delimiter: '\0' marks that.
        // A workbook's rows were written as CSV by the kit: the sheet is what the reader needs to know, not that comma.
        if (v.Sheet is not null) h.Append("; sheet ").Append(Html.Escape(v.Sheet));
        else if (v.Delimiter != '\0') h.Append("; delimiter ").Append(Html.Escape(v.Delimiter switch { '\t' => "tab", ' ' => "space", var d => d.ToString() }));
        h.Append("</p>");
        if (v.ReasonCounts.Count > 0)
        {
            h.Append("<table class=\"fn-table\"><tr><th>Reason</th><th>Rows</th></tr>");
            foreach (var (reason, count) in v.ReasonCounts)
                h.Append("<tr><td>").Append(Html.Escape(reason)).Append("</td><td>").Append(count.ToString("N0", CultureInfo.InvariantCulture)).Append("</td></tr>");
            h.Append("</table>");
        }
        h.Append("<table class=\"fn-table\"><tr><th>Column</th><th>Type</th><th>From</th><th>Missing</th></tr>");
        foreach (var c in v.Columns)
            h.Append("<tr><td>").Append(Html.Escape(c.Name)).Append("</td><td>").Append(c.Type).Append("</td><td>")
             .Append(c.FromSchema ? "schema" : "inferred").Append("</td><td>").Append(c.Missing.ToString("N0", CultureInfo.InvariantCulture)).Append("</td></tr>");
        h.Append("</table>");
        if (v.Notes.Count > 0)
        {
            h.Append("<ul>");
            foreach (var n in v.Notes) h.Append("<li>").Append(Html.Escape(n)).Append("</li>");
            h.Append("</ul>");
        }
        if (v.Quarantined.Count > 0)
        {
            const int shown = 20;
            h.Append("<table class=\"fn-table\"><tr><th>Line</th><th>Reason</th><th>Detail</th><th>Raw text</th></tr>");
            foreach (var q in v.Quarantined.Take(shown))
            {
                var raw = v.MaskedRaw(q.RawText);
                raw = raw.Length > 200 ? raw[..200] + "…" : raw;
                h.Append("<tr><td>").Append(q.Line.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Html.Escape(q.Reason))
                 .Append("</td><td>").Append(Html.Escape(LoadReport.MaskedDetail(q))).Append("</td><td><code>").Append(Html.Escape(raw)).Append("</code></td></tr>");
            }
            h.Append("</table>");
            if (v.Quarantined.Count > shown)
                h.Append(CultureInfo.InvariantCulture, $"<p>… and {v.Quarantined.Count - shown:N0} more quarantined rows (see LoadReport.Quarantined).</p>");
        }
        return h.Append("</div>").ToString();
    }
}
