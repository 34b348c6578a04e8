using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Monitor;
using Foundations.Training;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="PerformanceOverTime"/>.</summary>
internal static class PerformanceOverTimeHtml
{
    public static string Render(PerformanceOverTime v)
    {
        var sb = new StringBuilder(Html.Style);
        var worst = v.Periods.Select(v.LightOf).DefaultIfEmpty(Light.Green).Max();
        sb.Append("<div class=\"fn-performance\"><h3>Performance over time ").Append(Badge(worst)).Append("</h3>");
        sb.Append("<table class=\"fn-table\"><caption>Each period once its outcomes arrived, against development</caption><thead><tr>");
        foreach (var h in new[] { "period", "light", "rows", "events", "AUC (95% interval)", "Gini", "Gini change", "KS", "expected rate", "observed rate", "observed / expected", "calibration p" })
            sb.Append("<th>").Append(Html.Escape(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var p in v.Periods.Prepend(v.Development))
        {
            bool isDevelopment = ReferenceEquals(p, v.Development);
            sb.Append("<tr><td>").Append(Html.Escape(p.Period + (isDevelopment ? " (development)" : ""))).Append("</td><td>")
              .Append(isDevelopment ? "" : Badge(v.LightOf(p))).Append("</td>");
            foreach (var cell in new object?[] { p.Rows, p.Events, $"{PerformanceOverTime.F(p.Auc)} ({PerformanceOverTime.F(p.AucLow)}–{PerformanceOverTime.F(p.AucHigh)})", p.Gini,
                         isDevelopment ? "" : ((p.Gini - v.Development.Gini) / v.Development.Gini).ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture),
                         p.Ks, p.ExpectedRate, p.ObservedRate, p.ObservedToExpected, PerformanceOverTime.PValue(p.CalibrationPValue) })
                sb.Append("<td>").Append(Html.Cell(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table><ul>");
        foreach (var finding in v.Findings()) sb.Append("<li>").Append(Html.Escape(finding)).Append("</li>");
        sb.Append("</ul>");
        if (v.Periods.Count > 0)
        {
            sb.Append(ChartHtml.Embed(v.GiniChart()));
            sb.Append(ChartHtml.Embed(v.CalibrationChart()));
        }
        sb.Append("<p class=\"fn-muted\">Ranking light: amber when Gini is more than ").Append(Html.Escape(PerformanceOverTime.GiniWatchDrop.ToString("0%", CultureInfo.InvariantCulture)))
          .Append(" below development, red beyond ").Append(Html.Escape(PerformanceOverTime.GiniActDrop.ToString("0%", CultureInfo.InvariantCulture)))
          .Append(", in both cases only when the drop is not chance (one-sided p below 0.05 from the two AUCs' standard errors). Calibration light: amber when observed/expected events leave 0.90–1.10, red outside 0.75–1.25, in both cases only when the gap is not chance (p below 0.05).</p></div>");
        return sb.ToString();
    }

    internal static string Badge(Light light) => Html.Badge(light, light switch { Light.Green => "fine", Light.Amber => "watch", _ => "act" });
}
