using Foundations.Charts;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Foundations.Patterns;

/// <summary>Grouped bars: incidents caught and false alerts raised, per policy, on the evaluated days.</summary>
public static class AlertComparisonChart
{
    /// <summary>The comparison chart of <paramref name="comparison"/>.</summary>
    public static GenericChart Create(AlertComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var keys = new[] { "anomalies caught", "false alerts" };
        var bars = comparison.Outcomes.Select(o =>
            Chart.Column<int, string, string>(new[] { o.Caught, o.FalseAlerts }, Keys: keys, Name: o.Policy));
        return Chart.Combine(bars)
            .WithChartTitle($"Held-out days: caught vs false alerts (of {comparison.Outcomes[0].Anomalies} incidents)")
            .WithSize(800, 420);
    }
}
