using Foundations.Interactive;
using Foundations.Patterns;
using System.Globalization;
using System.Text;

namespace Foundations.Charts;

/// <summary>The charts of a <see cref="AlertComparison"/> (extension methods, so <c>x.Chart()</c> reads as before).</summary>
public static class AlertComparisonCharts
{
    /// <summary>The replay chart of one account's day: amounts over time, the decisions of <paramref name="policy"/> and of the other policies' alerts.</summary>
    public static Plotly.NET.GenericChart ReplayChart(this AlertComparison v, string customerId, DateOnly day, string? policy = null) =>
        DayReplayChart.Create(v, customerId, day, policy ?? v.Outcomes[0].Policy);

    /// <summary>Caught anomalies and false alerts per policy as grouped bars.</summary>
    public static Plotly.NET.GenericChart Chart(this AlertComparison v) => AlertComparisonChart.Create(v);
}
