using Plotly.NET;
using Plotly.NET.CSharp;

namespace Foundations.Charts;

/// <summary>The kit's chart styling in one place: a title, axis titles and a size every report can hold.</summary>
public static class ChartStyle
{
    /// <summary>A copy of the chart with a title (the Plotly.NET C# facade has no With* method for it).</summary>
    public static GenericChart WithChartTitle(this GenericChart chart, string title) => Plotly.NET.Chart.withTitle(title, null).Invoke(chart);

    /// <summary>Returns the chart with a title, axis titles and the kit's size (charts are immutable: a new one comes back).</summary>
    public static GenericChart Titled(this GenericChart chart, string title, string xAxis, string yAxis, int width = 720, int height = 440) =>
        chart.WithChartTitle(title)
            .WithXAxisStyle<double, double, string>(TitleText: xAxis)
            .WithYAxisStyle<double, double, string>(TitleText: yAxis)
            .WithSize(width, height);

    /// <summary>Overlays bars and histograms instead of placing them side by side.</summary>
    public static GenericChart Overlaid(this GenericChart chart)
    {
        var layout = new Layout();
        layout.SetProperty("barmode", "overlay");
        return Plotly.NET.Chart.withLayout(layout).Invoke(chart);
    }
}
