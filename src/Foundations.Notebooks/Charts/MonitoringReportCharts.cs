using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Interactive;
using Foundations.Monitor;
using Plotly.NET;
using System.Text;

namespace Foundations.Charts;

/// <summary>The charts of a <see cref="MonitoringReport"/> (extension methods, so <c>x.Chart()</c> reads as before).</summary>
public static class MonitoringReportCharts
{
    /// <summary>CSI by feature as a bar chart, with the watch and act thresholds in the title.</summary>
    public static GenericChart PsiByFeatureChart(this MonitoringReport v) =>
        CSharpChart.Column<double, string, string>(v.Features.Select(f => f.Csi.Value).ToArray(), Keys: v.Features.Select(f => f.Name).ToArray(), Name: "CSI")
            .Titled($"Stability index by feature (watch ≥ {Stability.WatchFrom:0.00}, act > {Stability.ActAbove:0.00})", "feature", "CSI");

    /// <summary>Overlaid reference and current histograms for the <paramref name="count"/> most shifted numeric features.</summary>
    public static IReadOnlyList<GenericChart> MostShiftedDistributions(this MonitoringReport v, int count = 3) =>
        v.Features.Where(f => f.IsNumeric).Take(count).Select(f => Overlay(f.ReferenceValues, f.CurrentValues,
            $"{f.Name}: reference vs current (CSI {f.Csi.Value:0.000})", f.Name)).ToArray();

    /// <summary>Overlaid reference and current score histograms, when scores were given.</summary>
    public static GenericChart? ScoreDistributionChart(this MonitoringReport v) => v.Scores is not { } scores || v.ScorePsi is null ? null
        : Overlay(scores.Reference, scores.Current, $"Scores: reference vs current (PSI {v.ScorePsi.Value:0.000})", "score");

    private static GenericChart Overlay(double[] reference, double[] current, string title, string axis) =>
        CSharpChart.Combine(new[]
        {
            CSharpChart.Histogram<double, double, string>(X: reference, Name: "reference", HistNorm: StyleParam.HistNorm.Probability, Opacity: 0.6),
            CSharpChart.Histogram<double, double, string>(X: current, Name: "current", HistNorm: StyleParam.HistNorm.Probability, Opacity: 0.6),
        }).Titled(title, axis, "share of rows").Overlaid();
}
