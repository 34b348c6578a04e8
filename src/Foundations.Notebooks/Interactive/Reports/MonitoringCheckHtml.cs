using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Monitor;
using Foundations.Patterns;
using Microsoft.Data.Analysis;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="MonitoringCheck"/>.</summary>
internal static partial class MonitoringCheckHtml
{
    public static string Render(MonitoringCheck v)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(Html.Style);
        sb.Append("<div class=\"fn-monitoring-check\"><h3>Monitoring check: ").Append(Html.Escape(v.Batch)).Append(' ')
          .Append(Html.Badge(Stability.LightOf(v.Worst), MonitoringCheck.Word(v.Worst))).Append("</h3>");
        sb.Append("<p><strong>").Append(Html.Escape(v.Verdict())).Append("</strong></p>");
        var compared = new List<(string, object?)>
        {
            ("current batch", v.Batch),
            ("checked (UTC)", v.CheckedAt.ToString("yyyy-MM-dd HH:mm:ss", c)),
            ("model", v.ModelFileName ?? "the model of this session"),
        };
        if (v.ModelSha256 is not null) compared.Add(("model file SHA-256", v.ModelSha256));
        compared.Add(("target", v.Target));
        compared.Add(("reference", v.ReferenceSource));
        compared.Add(("reference fitted (UTC)", v.Reference.FittedAt.ToString("yyyy-MM-dd HH:mm:ss", c)));
        compared.Add(("reference rows", v.Reference.Rows));
        compared.Add(("rows read / compared / set aside", $"{v.RowsRead:N0} / {v.RowsCompared:N0} / {v.SetAside.Count:N0}"));
        if (v.Reference.Identifiers.Count > 0) compared.Add(("identifiers (never compared)", string.Join(", ", v.Reference.Identifiers)));
        if (v.PerformanceNote is not null) compared.Add(("performance", v.PerformanceNote));
        sb.Append(Html.KeyValues(compared, "What was compared"));

        sb.Append("<table class=\"fn-table\"><caption>The lights, worst first</caption><thead><tr>");
        foreach (var h in new[] { "check", "what", "measure", "figure", "development", "p-value", "light", "what it asks of you" })
            sb.Append("<th>").Append(Html.Escape(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var light in v.Lights)
        {
            sb.Append("<tr><td class=\"fn-text\">").Append(Html.Escape(light.Check)).Append("</td><td class=\"fn-text\">").Append(Html.Escape(light.Name))
              .Append("</td><td class=\"fn-text\">").Append(Html.Escape(light.Measure)).Append("</td><td>").Append(Html.Cell(light.Value))
              .Append("</td><td>").Append(Html.Cell(light.Development)).Append("</td><td>").Append(Html.Cell(light.PValue is { } pv ? MonitoringCheck.PValueText(pv) : null)).Append("</td><td>")
              .Append(Html.Badge(Stability.LightOf(light.Band), MonitoringCheck.Word(light.Band))).Append("</td><td class=\"fn-text\">")
              .Append(Html.Escape(MonitoringCheck.ActionFor(light))).Append("</td></tr>");
        }
        sb.Append("</tbody></table>");
        sb.Append("<h4>What each light asks of you</h4><ul>");
        foreach (var band in new[] { StabilityBand.Stable, StabilityBand.Watch, StabilityBand.Act })
            sb.Append("<li>").Append(Html.Badge(Stability.LightOf(band), MonitoringCheck.Word(band))).Append(' ').Append(Html.Escape(MonitoringReport.ActionFor(band))).Append("</li>");
        sb.Append("<li>Ranking and calibration (when outcomes arrived): amber when Gini is 10–20% below development or observed/expected events leave 0.90–1.10, red beyond 20% or outside 0.75–1.25, each only when the gap is not chance (p below 0.05).</li></ul>");
        sb.Append(MonitoringReportHtml.Render(v.Report));
        if (v.Performance is not null) sb.Append(PerformanceOverTimeHtml.Render(v.Performance));
        if (v.SetAside.Count > 0)
            sb.Append(Html.Table(new[] { v.FromFile ? "line" : "row", "reason" }, v.SetAside.Take(20).Select(s => new object?[] { s.Line, s.Reason }),
                $"Rows set aside ({v.SetAside.Count:N0}; first 20)"));
        return sb.Append("</div>").ToString();
    }

    /// <summary>The report as a page that stands on its own: plotly.js inlined once, no network loads allowed.</summary>
    public static string Page(MonitoringCheck v)
    {
        var body = PlotlyCopies().Replace(Render(v), "");
        var title = $"Monitoring check: {v.Batch}";
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:\">" +
               $"<title>{WebUtility.HtmlEncode(title)}</title><style>body{{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#fafbfc;color:#1d2330}}main{{max-width:1100px;margin:0 auto;padding:24px}}</style>" +
               ChartHtml.PlotlyScript + "</head><body><main>" + body + "</main></body></html>";
    }

    [GeneratedRegex($@"<script {ChartHtml.PlotlyScriptMarker}=""1"">.*?</script>", RegexOptions.Singleline)]
    private static partial Regex PlotlyCopies();
}
