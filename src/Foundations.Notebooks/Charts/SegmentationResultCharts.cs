using Foundations.Interactive;
using Foundations.Patterns;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Charts;

/// <summary>The charts of a <see cref="SegmentationResult"/> (extension methods, so <c>x.Chart()</c> reads as before).</summary>
public static class SegmentationResultCharts
{
    /// <summary>The 2-D map of customers coloured by segment.</summary>
    public static GenericChart MapChart(this SegmentationResult v) => SegmentMapChart.Create(v);

    /// <summary>Silhouette and elbow (inertia) against k.</summary>
    public static GenericChart ChooseKChart(this SegmentationResult v) => Foundations.Patterns.ChooseKChart.Create(v);

    /// <summary>Segments × features heat map of standardized differences.</summary>
    public static GenericChart ProfileHeatMap(this SegmentationResult v) => ProfileHeatMapChart.Create(v);

    /// <summary>Bars of segment sizes and outcome (churn) rates.</summary>
    public static GenericChart SizeChart(this SegmentationResult v) => SegmentSizeChart.Create(v);
}
