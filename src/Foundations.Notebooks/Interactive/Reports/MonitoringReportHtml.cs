using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Monitor;
using Plotly.NET;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="MonitoringReport"/>.</summary>
internal static class MonitoringReportHtml
{
    public static string Render(MonitoringReport v)
    {
        var sb = new StringBuilder(Html.Style);
        sb.Append("<div class=\"fn-monitoring\"><h3>Monitoring: current batch vs reference ")
          .Append(Html.Badge(Stability.LightOf(v.OverallBand), v.OverallBand.ToString().ToLowerInvariant())).Append("</h3>");
        var summary = new List<(string, object?)> { ("reference rows", v.ReferenceRows), ("current rows", v.CurrentRows) };
        if (v.ScorePsi is not null) summary.Add(("score PSI", v.ScorePsi.Value));
        summary.Add(("features stable / watch / act", $"{v.CountIn(StabilityBand.Stable)} / {v.CountIn(StabilityBand.Watch)} / {v.CountIn(StabilityBand.Act)}"));
        if (v.SkippedColumns.Count > 0) summary.Add(("not compared (free text)", string.Join(", ", v.SkippedColumns)));
        if (v.ColumnsMissingInCurrent.Count > 0) summary.Add(("missing in current batch", string.Join(", ", v.ColumnsMissingInCurrent)));
        if (v.NewColumns.Count > 0) summary.Add(("new in current batch", string.Join(", ", v.NewColumns)));
        sb.Append(Html.KeyValues(summary, "Summary"));
        if (v.SmallSampleCaution is { } caution) sb.Append("<p><strong>").Append(Html.Escape(caution)).Append("</strong></p>");
        if (v.ScorePsi is not null)
            sb.Append("<p>Score stability: ").Append(Html.Badge(Stability.LightOf(v.ScorePsi.Band), v.ScorePsi.Band.ToString().ToLowerInvariant()))
              .Append(" PSI ").Append(Html.Cell(v.ScorePsi.Value)).Append("</p>");

        // Badges are HTML, so the table is built here rather than with Html.Table (which escapes every cell).
        sb.Append("<table class=\"fn-table\"><caption>Features, most shifted first</caption><thead><tr>");
        foreach (var h in new[] { "feature", "light", "CSI", "test", "statistic", "p-value", "missing ref", "missing now", "out of range", "new categories" })
            sb.Append("<th>").Append(Html.Escape(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var f in v.Features)
        {
            sb.Append("<tr><td>").Append(Html.Escape(f.Name)).Append("</td><td>")
              .Append(Html.Badge(Stability.LightOf(f.Band), f.Band.ToString().ToLowerInvariant())).Append("</td>");
            foreach (var cell in new object?[] { f.Csi.Value, f.Test.Test, f.Test.Statistic, f.Test.PValue.ToString("0.####E+0", System.Globalization.CultureInfo.InvariantCulture),
                         MonitoringReport.Percent(f.MissingRateReference), MonitoringReport.Percent(f.MissingRateCurrent), f.IsNumeric ? MonitoringReport.Percent(f.OutOfRangeRate) : "", string.Join(", ", f.NewCategories) })
                sb.Append("<td>").Append(Html.Cell(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (v.Features.Count > 0) sb.Append(ChartHtml.Embed(v.PsiByFeatureChart()));
        if (v.ScoreDistributionChart() is { } scores) sb.Append(ChartHtml.Embed(scores));
        foreach (var chart in v.MostShiftedDistributions()) sb.Append(ChartHtml.Embed(chart));
        sb.Append("<h4>What to do</h4><ul>");
        foreach (var band in new[] { StabilityBand.Stable, StabilityBand.Watch, StabilityBand.Act })
        {
            var names = v.Features.Where(f => f.Band == band).Select(f => f.Name).ToArray();
            sb.Append("<li>").Append(Html.Badge(Stability.LightOf(band), band.ToString().ToLowerInvariant())).Append(' ')
              .Append(Html.Escape(MonitoringReport.ActionFor(band)));
            if (names.Length > 0) sb.Append(" <span class=\"fn-muted\">Features here: ").Append(Html.Escape(string.Join(", ", names))).Append(".</span>");
            sb.Append("</li>");
        }
        sb.Append("</ul><p class=\"fn-muted\">Bins are the deciles of the reference; an empty bin counts as a share of ")
          .Append(Html.Cell(Stability.EmptyBinShare)).Append(" so the index stays finite. Tests with many rows flag even tiny shifts: read the p-value together with the CSI.</p></div>");
        return sb.ToString();
    }
}
