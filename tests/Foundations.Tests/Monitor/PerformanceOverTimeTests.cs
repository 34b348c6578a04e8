using Foundations.Data;
using Foundations.Interactive;
using Foundations.Monitor;
using Foundations.Patterns;
using Patterns = Foundations.Patterns;
using Microsoft.Data.Analysis;
using Xunit.Abstractions;

namespace Foundations.Tests.Monitor;

[Trait("Speed", "Slow")]
public class PerformanceOverTimeTests
{
    // Scores 0.1, 0.35, 0.4, 0.8 with outcomes 0, 1, 0, 1: of the four event/non-event pairs, three are ordered
    // right, so AUC = 0.75. Expected events 1.65 against 2 observed; variance Σp(1−p) = 0.09+0.2275+0.24+0.16 = 0.7175.
    private static readonly double[] Scores = { 0.1, 0.4, 0.35, 0.8 };
    private static readonly int[] Outcomes = { 0, 0, 1, 1 };

    [Fact]
    public void Period_metrics_match_hand_computed_values()
    {
        var p = PerformanceOverTime.From("dev", Scores, Outcomes).Development;
        Assert.Equal(0.75, p.Auc, 12);
        Assert.Equal(0.5, p.Gini, 12);
        Assert.Equal(0.5, p.Ks, 12);
        Assert.Equal(0.4125, p.ExpectedRate, 12);
        Assert.Equal(0.5, p.ObservedRate, 12);
        Assert.Equal(0.5 / 0.4125, p.ObservedToExpected, 12);
        // z = (2 − 1.65) / √0.7175 = 0.41319; two-sided p = 0.67946.
        Assert.Equal(0.67946, p.CalibrationPValue, 4);
        // Hanley–McNeil with A = 0.75 and two of each class: Q1 = 0.6, Q2 = 0.642857;
        // SE = √((0.1875 + 0.0375 + 0.080357) / 4) = 0.276296; the upper end is capped at 1.
        Assert.Equal(0.75 - 1.96 * 0.276296, p.AucLow, 5);
        Assert.Equal(1.0, p.AucHigh, 12);
    }

    [Theory]
    [InlineData(0.60, Light.Green)]  // 0% drop
    [InlineData(0.55, Light.Green)]  // 8.3% drop
    [InlineData(0.52, Light.Amber)]  // 13.3% drop
    [InlineData(0.46, Light.Red)]    // 23.3% drop
    public void Ranking_light_follows_the_relative_gini_drop(double gini, Light expected)
    {
        var (devScores, devOutcomes) = Separable(0.60);
        var (scores, outcomes) = Separable(gini);
        var tracked = PerformanceOverTime.From("dev", devScores, devOutcomes).Then("later", scores, outcomes);
        Assert.Equal(gini, tracked["later"].Gini, 2);
        Assert.Equal(expected, tracked.RankingLightOf(tracked["later"]));
    }

    [Fact]
    public void Calibration_light_ignores_a_gap_chance_explains_and_flags_a_real_one()
    {
        var small = PerformanceOverTime.From("dev", Scores, Outcomes).Development;
        Assert.Equal(Light.Green, PerformanceOverTime.CalibrationLightOf(small));   // 21% more events, but 4 rows: chance

        // 2,000 customers all scored 0.10 of whom 300 (15%) had the outcome: 1.5 times as many as expected, p ≈ 1e-13.
        var scores = Enumerable.Repeat(0.10, 2000).ToArray();
        var outcomes = Enumerable.Range(0, 2000).Select(i => i < 300 ? 1 : 0).ToArray();
        var big = PerformanceOverTime.From("dev", scores, outcomes).Development;
        Assert.True(big.CalibrationPValue < 1e-6, $"p {big.CalibrationPValue}");
        Assert.Equal(Light.Red, PerformanceOverTime.CalibrationLightOf(big));
    }

    [Fact]
    public void Bad_periods_are_rejected_naming_the_period_and_row()
    {
        var dev = PerformanceOverTime.From("dev", Scores, Outcomes);
        var e = Assert.Throws<ArgumentException>(() => dev.Then("Q2", Scores, new[] { 0, 1, 1 }));
        Assert.Equal("outcomes", e.ParamName);
        Assert.Contains("'Q2'", e.Message);
        e = Assert.Throws<ArgumentException>(() => dev.Then("Q2", new[] { 0.1, 1.2, 0.3, 0.4 }, Outcomes));
        Assert.Contains("row 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => dev.Then("Q2", Scores, new[] { 0, 0, 0, 0 }));
        Assert.Contains("0 events in 4 rows", e.Message);
        e = Assert.Throws<ArgumentException>(() => dev.Then("Q2", Scores, new[] { 0, 2, 1, 0 }));
        Assert.Contains("outcome at row 1 is 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => dev.Then("dev", Scores, Outcomes));
        Assert.Equal("period", e.ParamName);
    }

    [Fact]
    public void Adding_a_period_leaves_the_earlier_object_unchanged()
    {
        var dev = PerformanceOverTime.From("dev", Scores, Outcomes);
        var later = dev.Then("Q2", Scores, Outcomes);
        Assert.Empty(dev.Periods);
        Assert.Single(later.Periods);
    }

    [Fact]
    public void Outcomes_read_from_a_column_must_be_known_zeros_and_ones()
    {
        var flags = new BooleanDataFrameColumn("churned", new bool?[] { false, false, true, true });
        Assert.Equal(0.75, PerformanceOverTime.From("dev", Scores, flags).Development.Auc, 12);
        var gap = new Int32DataFrameColumn("churned", new int?[] { 0, null, 1, 1 });
        var e = Assert.Throws<ArgumentException>(() => PerformanceOverTime.From("dev", Scores, gap));
        Assert.Contains("'churned' is missing at row 1", e.Message);
        var rate = new DoubleDataFrameColumn("churned", new double?[] { 0, 0.5, 1, 1 });
        e = Assert.Throws<ArgumentException>(() => PerformanceOverTime.From("dev", Scores, rate));
        Assert.Contains("holds 0.5 at row 1", e.Message);
    }

    /// <summary>1,000 events and 1,000 non-events whose scores give exactly the requested Gini (AUC = (1 + gini) / 2).</summary>
    private static (double[] Scores, int[] Outcomes) Separable(double gini, int each = 1000)
    {
        // Events score 0.6; non-events score 0.4 (below every event) or 0.8 (above). With a share a of non-events
        // below, AUC = a, so a = (1 + gini) / 2.
        int below = (int)Math.Round(each * (1 + gini) / 2);
        var scores = Enumerable.Repeat(0.6, each).Concat(Enumerable.Range(0, each).Select(i => i < below ? 0.4 : 0.8)).ToArray();
        var outcomes = Enumerable.Repeat(1, each).Concat(Enumerable.Repeat(0, each)).ToArray();
        return (scores, outcomes);
    }

    [Fact]
    public void Ranking_light_stays_green_when_chance_explains_the_drop()
    {
        // The same 23% Gini drop that is red on 1,000 of each class is chance on 25 of each: the AUCs' errors are ~0.07.
        var (devScores, devOutcomes) = Separable(0.60, 25);
        var (scores, outcomes) = Separable(0.46, 25);
        var tracked = PerformanceOverTime.From("dev", devScores, devOutcomes).Then("later", scores, outcomes);
        Assert.True(tracked["later"].Gini < 0.8 * tracked.Development.Gini);
        Assert.True(tracked.RankingDropPValue(tracked["later"]) > 0.05, $"p {tracked.RankingDropPValue(tracked["later"])}");
        Assert.Equal(Light.Green, tracked.RankingLightOf(tracked["later"]));

        var (bigDev, bigDevOutcomes) = Separable(0.60);
        var (big, bigOutcomes) = Separable(0.46);
        var large = PerformanceOverTime.From("dev", bigDev, bigDevOutcomes).Then("later", big, bigOutcomes);
        Assert.True(large.RankingDropPValue(large["later"]) < 0.001);
    }
}

/// <summary>A churn model trained on the development period, scored on the later periods with their outcomes.</summary>
[Trait("Speed", "Slow")]
public sealed class ScoredPeriods
{
    public ScoredPeriods()
    {
        var development = SampleBank.Generate(4000, seed: 42, transactionAccounts: 0).Customers;
        var split = Wrangle.From(development)
            .PrepareFor("churned_next_90d", "customer_id", "name", "defaulted_next_12m")
            .SplitTrainTest(0.25, stratifyBy: "churned_next_90d", seed: 42);
        Model = Patterns.Prediction.Of(split, "churned_next_90d").WithDeepModel(hidden: new[] { 64, 32 }, epochs: 10).WithSeed(42).Train().Deep;
        Reference = split.RawTest;
        Later = SampleBank.Generate(3000, seed: 42, SamplePeriod.Later, transactionAccounts: 0).Customers;
        Drifted = SampleBank.Generate(3000, seed: 42, SamplePeriod.DriftedLater, transactionAccounts: 0).Customers;
    }

    public TrainedPrediction Model { get; }
    public DataFrame Reference { get; }
    public DataFrame Later { get; }
    public DataFrame Drifted { get; }

    public static int[] Outcomes(DataFrame frame) => ColumnTypes.ToDoubles(frame.Columns["churned_next_90d"]).Select(v => (int)v).ToArray();
}

[Trait("Speed", "Slow")]
public class DriftOnScoredPeriodsTests(ScoredPeriods periods, ITestOutputHelper output) : IClassFixture<ScoredPeriods>
{
    [Fact]
    public void Drifted_period_loses_ranking_power_and_the_undrifted_one_keeps_it()
    {
        var tracked = PerformanceOverTime
            .From("development", periods.Model.Score(periods.Reference), periods.Reference.Columns["churned_next_90d"])
            .Then("later", periods.Model.Score(periods.Later), periods.Later.Columns["churned_next_90d"])
            .Then("drifted", periods.Model.Score(periods.Drifted), ScoredPeriods.Outcomes(periods.Drifted));
        foreach (var p in tracked.Periods.Prepend(tracked.Development))
            output.WriteLine($"{p.Period}: gini {p.Gini:0.000} [{2 * p.AucLow - 1:0.000},{2 * p.AucHigh - 1:0.000}] ks {p.Ks:0.000} exp {p.ExpectedRate:0.000} obs {p.ObservedRate:0.000} p {p.CalibrationPValue:G3}");
        Assert.Equal(Light.Green, tracked.LightOf(tracked["later"]));
        Assert.Equal(Light.Red, tracked.RankingLightOf(tracked["drifted"]));
        Assert.Contains(tracked.Findings(), f => f.Contains("drifted") && f.Contains("less well"));
        Assert.Contains("Gini over time", Reports.Html(tracked));
    }

    [Fact]
    public void Drifted_scores_move_more_than_undrifted_ones()
    {
        string[] notFeatures = { "customer_id", "name", "churned_next_90d", "defaulted_next_12m" };
        var reference = periods.Model.Score(periods.Reference);
        var undrifted = Monitoring.Compare(periods.Reference, periods.Later, reference, periods.Model.Score(periods.Later), notFeatures);
        var drifted = Monitoring.Compare(periods.Reference, periods.Drifted, reference, periods.Model.Score(periods.Drifted), notFeatures);
        output.WriteLine($"score PSI undrifted {undrifted.ScorePsi!.Value:0.0000}, drifted {drifted.ScorePsi!.Value:0.0000}");
        foreach (var f in drifted.Features.Take(6)) output.WriteLine($"  {f.Name} {f.Csi.Value:0.000} {f.Band}");
        Assert.Equal(StabilityBand.Stable, undrifted.ScorePsi.Band);
        Assert.NotEqual(StabilityBand.Stable, drifted.ScorePsi.Band);
        Assert.Equal(0, undrifted.CountIn(StabilityBand.Act));
        Assert.True(drifted.CountIn(StabilityBand.Act) >= 2, $"{drifted.CountIn(StabilityBand.Act)} features to act on");
    }
}
