using Plotly.NET;

namespace Foundations.Charts;

/// <summary>Turns Plotly.NET charts into HTML fragments that expect plotly.js to be present on the page (no CDN).</summary>
public static class ChartHtml
{
    /// <summary>The chart as a div plus the script that draws it; the page (notebook or report) supplies plotly.js once.</summary>
    public static string Embed(GenericChart chart) => GenericChart.toChartHTML(chart);
}
