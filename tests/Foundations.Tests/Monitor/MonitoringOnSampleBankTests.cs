using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Data;
using Foundations.Monitor;
using Microsoft.Data.Analysis;
using Xunit.Abstractions;

namespace Foundations.Tests.Monitor;

/// <summary>The three sample periods, generated once for the tests below (no transactions: only customers are compared).</summary>
[Trait("Speed", "Slow")]
public sealed class SamplePeriods
{
    public DataFrame Development { get; } = SampleBank.Generate(3000, seed: 42, transactionAccounts: 0).Customers;
    public DataFrame Later { get; } = SampleBank.Generate(3000, seed: 42, SamplePeriod.Later, transactionAccounts: 0).Customers;
    public DataFrame Drifted { get; } = SampleBank.Generate(3000, seed: 42, SamplePeriod.DriftedLater, transactionAccounts: 0).Customers;

    public static readonly string[] NotFeatures = { "customer_id", "name", "churned_next_90d", "defaulted_next_12m" };
}

[Trait("Speed", "Slow")]
[Collection(SharedModels.SamplePeriods)]
public class MonitoringOnSampleBankTests(SamplePeriods periods, ITestOutputHelper output)
{
    [Fact]
    public void Drifted_period_flags_income_and_acts_on_the_new_channel()
    {
        var report = Monitoring.Compare(periods.Development, periods.Drifted, exclude: SamplePeriods.NotFeatures);
        foreach (var f in report.Features) output.WriteLine($"drifted {f.Name}: CSI {f.Csi.Value:0.0000} {f.Band} p {f.Test.PValue:G3}");
        // Incomes rose 35%: a clear shift that must at least be watched, and the most shifted numeric feature.
        Assert.NotEqual(StabilityBand.Stable, report["income"].Band);
        Assert.Equal("income", report.Features.First(f => f.IsNumeric).Name);
        Assert.Equal(StabilityBand.Act, report["preferred_channel"].Band);
        Assert.Equal(new[] { "open_banking" }, report["preferred_channel"].NewCategories);
        Assert.True(report["preferred_channel"].Test.PValue < 0.001);
        Assert.True(report["income"].OutOfRangeRate > 0);
        Assert.Equal(StabilityBand.Act, report.OverallBand);
    }

    [Fact]
    public void Later_period_without_drift_has_no_feature_to_act_on()
    {
        var report = Monitoring.Compare(periods.Development, periods.Later, exclude: SamplePeriods.NotFeatures);
        output.WriteLine($"later: max CSI {report.Features[0].Name} {report.Features[0].Csi.Value:0.0000}, income {report["income"].Csi.Value:0.0000}");
        Assert.Equal(0, report.CountIn(StabilityBand.Act));
        Assert.Empty(report["preferred_channel"].NewCategories);
        Assert.True(report["income"].Csi.Value < Stability.WatchFrom, $"income CSI {report["income"].Csi.Value:0.000}");
    }

    [Fact]
    public void Report_compares_every_feature_but_excluded_ones_and_renders_escaped_html()
    {
        var report = Monitoring.Compare(periods.Development, periods.Drifted, new double[] { 0.1, 0.2, 0.3, 0.4 }, new double[] { 0.1, 0.2, 0.3, 0.9 },
            SamplePeriods.NotFeatures);
        Assert.DoesNotContain(report.Features, f => SamplePeriods.NotFeatures.Contains(f.Name));
        Assert.Equal(periods.Development.Columns.Count - SamplePeriods.NotFeatures.Length, report.Features.Count);
        Assert.True(report["income"].MissingRateReference > 0);
        Assert.NotNull(report.ScorePsi);
        Assert.Equal(3, report.MostShiftedDistributions().Count);
        string html = Reports.Html(report);
        Assert.Contains("preferred_channel", html);
        Assert.Contains("fn-red", html);
        Assert.Contains("What to do", html);
    }

    [Fact]
    public void Scores_with_missing_values_are_rejected_naming_the_position()
    {
        var e = Assert.Throws<ArgumentException>(() => Monitoring.Compare(periods.Development, periods.Later,
            new double[] { 0.1, double.NaN }, new double[] { 0.2 }, SamplePeriods.NotFeatures));
        Assert.Equal("referenceScores", e.ParamName);
        Assert.Contains("position 1", e.Message);
    }
}
