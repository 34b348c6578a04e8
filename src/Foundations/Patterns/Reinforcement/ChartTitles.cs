using Plotly.NET;

namespace Foundations.Patterns.Reinforcement;

/// <summary>The chart title, which the Plotly.NET C# facade lacks as a With* method.</summary>
internal static class ChartTitles
{
    /// <summary>A copy of <paramref name="chart"/> titled <paramref name="title"/>.</summary>
    public static GenericChart WithChartTitle(this GenericChart chart, string title) => Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
}
