using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Microsoft.Data.Analysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="DataProfile"/>.</summary>
internal static class DataProfileHtml
{
    public static string Render(DataProfile v)
    {
        var h = new StringBuilder();
        h.Append(CultureInfo.InvariantCulture, $"<div class=\"fn-profile\"><p>{v.Rows:N0} rows, {v.Columns.Count} columns</p>");
        h.Append("<table class=\"fn-table\"><tr><th>Column</th><th>Type</th><th>Missing</th><th>Distinct</th><th>Min</th><th>Max</th><th>Mean</th><th>Std</th>")
         .Append("<th>Quantiles (5/25/50/75/95%)</th><th>Top values</th><th>Histogram</th></tr>");
        foreach (var c in v.Columns)
        {
            h.Append("<tr><td>").Append(Html.Escape(c.Name)).Append("</td><td>").Append(c.Type).Append("</td><td>")
             .Append((c.MissingShare * 100).ToString("0.0", CultureInfo.InvariantCulture)).Append('%').Append("</td><td>")
             .Append(c.Distinct.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td>");
            if (c.Type == ColumnType.DateTime)
                h.Append(Html.Escape(c.FirstDate?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("</td><td>")
                 .Append(Html.Escape(c.LastDate?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
            else
                h.Append(Number(c.Min)).Append("</td><td>").Append(Number(c.Max));
            h.Append("</td><td>").Append(Number(c.Mean)).Append("</td><td>").Append(Number(c.Std)).Append("</td><td>")
             .Append(string.Join(" / ", c.Quantiles.OrderBy(q => q.Key).Select(q => Number(q.Value)))).Append("</td><td>")
             .Append(!NotebookDisplay.ShowIdentifiers && (c.PersonalData || NotebookDisplay.IsIdentifier(c.Name))
                 ? "<span class=\"fn-muted\">identifier: values masked</span>"
                 : string.Join(", ", c.TopCategories.Select(t => $"{Html.Escape(t.Value)} ({t.Count.ToString("N0", CultureInfo.InvariantCulture)})")))
             .Append("</td><td>").Append(c.Histogram is null ? "" : Sparkline(c.Histogram)).Append("</td></tr>");
        }
        return h.Append("</table></div>").ToString();
    }



    internal static string Number(double? v) => v is double d ? Html.Escape(d.ToString("G5", CultureInfo.InvariantCulture)) : "";
    /// <summary>A tiny inline SVG bar chart (no scripts, no external files).</summary>
    internal static string Sparkline(Histogram hist)
    {
        const int width = 100, height = 24;
        long max = Math.Max(1, hist.Counts.Max());
        double w = (double)width / hist.Counts.Count;
        var s = new StringBuilder($"<svg width=\"{width}\" height=\"{height}\" role=\"img\">");
        for (int i = 0; i < hist.Counts.Count; i++)
        {
            double bh = (double)hist.Counts[i] / max * height;
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * w:F1}\" y=\"{height - bh:F1}\" width=\"{Math.Max(0.5, w - 1):F1}\" height=\"{bh:F1}\" fill=\"#4a7ab5\"><title>{hist.Edges[i]:G4} – {hist.Edges[i + 1]:G4}: {hist.Counts[i]}</title></rect>");
        }
        return s.Append("</svg>").ToString();
    }
}
