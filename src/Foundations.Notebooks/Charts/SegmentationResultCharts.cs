using Foundations.Interactive;
using Foundations.Patterns;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Charts;

/// <summary>The charts of a <see cref="SegmentationResult"/> (extension methods, so <c>x.Chart()</c> reads as before).</summary>
public static class SegmentationResultCharts
{
    public static GenericChart MapChart(this SegmentationResult v) => SegmentMapChart.Create(v);

    public static GenericChart ChooseKChart(this SegmentationResult v) => Foundations.Patterns.ChooseKChart.Create(v);

    public static GenericChart ProfileHeatMap(this SegmentationResult v) => ProfileHeatMapChart.Create(v);

    public static GenericChart SizeChart(this SegmentationResult v) => SegmentSizeChart.Create(v);
}
