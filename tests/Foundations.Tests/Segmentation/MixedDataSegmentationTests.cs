using Foundations.Data;
using Foundations.Explanation;
using Foundations.Interactive;
using Foundations.Patterns;
using Microsoft.Data.Analysis;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Foundations.Tests.Segmentation;

/// <summary>The sample bank and a bank-churn-shaped file segmented on balanced columns, shared by the tests that read them.</summary>
[Trait("Speed", "Slow")]
public sealed class BalancedSegmentations : IDisposable
{
    public DataFrame Bank { get; } = BankChurnFile.Generate();

    public SegmentationResult Sample { get; } = Patterns.Segmentation
        .Of(SampleCustomers.Customers, SampleCustomers.IdColumns, SampleCustomers.Labels, outcomeColumn: "churned_next_90d")
        .OnBalancedColumns().Cluster(Segments.Exactly(5)).WithSeed(42).OnDevice(CPU).Train();

    public SegmentationResult BankAuto { get; }
    public SegmentationResult BankFive { get; }
    public SegmentationResult BankBehaviour { get; }

    public BalancedSegmentations()
    {
        BankAuto = Patterns.Segmentation.Of(Bank, BankChurnFile.IdColumns)
            .OnBalancedColumns().Cluster(Segments.Auto(2..6), restarts: 4).WithSeed(42).OnDevice(CPU).Train();
        BankFive = Patterns.Segmentation.Of(Bank, BankChurnFile.IdColumns)
            .OnBalancedColumns().Cluster(Segments.Exactly(5), restarts: 4).WithSeed(42).OnDevice(CPU).Train();
        BankBehaviour = Patterns.Segmentation.Of(Bank, BankChurnFile.IdColumns, whoColumns: BankChurnFile.WhoColumns)
            .OnBalancedColumns().Cluster(Segments.Exactly(4), restarts: 4).WithSeed(42).OnDevice(CPU).Train();
    }

    public void Dispose()
    {
        foreach (var r in new[] { Sample, BankAuto, BankFive, BankBehaviour }) r.Model.Dispose();
    }
}

[Trait("Speed", "Slow")]
public class MixedDataSegmentationTests(BalancedSegmentations fixture, ITestOutputHelper output) : IClassFixture<BalancedSegmentations>
{
    /// <summary>
    /// A segment is cut along one yes/no column when its largest difference from the book is a yes/no column, that
    /// column is (nearly) all yes or all no inside it, and no column of another kind differs by half a standard deviation.
    /// </summary>
    private static bool DefinedByOneYesNoColumn(SegmentationResult result, int segment)
    {
        var differences = result.Differences[segment - 1].Where(d => d.Column != result.Profiles[0].OutcomeColumn).ToList();
        var top = differences.MaxBy(d => Math.Abs(d.StandardizedDifference))!;
        bool pure = top.SegmentValue <= 0.05 || top.SegmentValue >= 0.95;
        return top.IsYesNo && pure && !differences.Any(d => !d.IsYesNo && Math.Abs(d.StandardizedDifference) >= 0.5);
    }

    private void Show(string title, SegmentationResult r)
    {
        output.WriteLine($"{title}: k {r.K}, silhouette {r.Silhouette:0.000}, stability {r.StabilityAri:0.000}; {r.ChoiceOfKInWords()} {r.StabilityInWords()}");
        foreach (var p in r.Profiles) output.WriteLine($"  {p.Segment} {p.Name} ({p.Size}): {p.OutcomeInWords()} | {p.Evidence}");
    }

    [Fact]
    public void Balanced_columns_still_recover_the_planted_segments_with_outcome_rates_shown()
    {
        var result = fixture.Sample;
        Show("sample bank", result);
        double ari = result.AgreementWith(SampleCustomers.Planted);
        output.WriteLine($"ARI against planted: {ari:0.000}");
        Assert.True(ari >= 0.8, $"adjusted Rand index against the planted segments is {ari:0.000}; expected at least 0.8");
        Assert.Equal(Representation.BalancedColumns, result.Representation);
        Assert.All(result.Profiles, p =>
        {
            Assert.Equal("churned_next_90d", p.OutcomeColumn);
            Assert.InRange(p.OutcomeRate!.Value, p.OutcomeLow!.Value, p.OutcomeHigh!.Value);
            Assert.Equal(p.OutcomeRate!.Value / p.PopulationOutcomeRate!.Value, p.Lift!.Value, 9);
            Assert.Contains("95% interval", p.Description);
        });
        Assert.Equal(result.Profiles.Min(p => p.OutcomeRate!.Value), result.OutcomeRateMin);
        Assert.Equal(result.Profiles.Max(p => p.OutcomeRate!.Value), result.OutcomeRateMax);
        Assert.True(result.OutcomeRateMax > 2 * result.OutcomeRateMin, "the planted segments differ in churn; the rates per segment should show it");
        var html = Reports.Html(result);
        Assert.Contains("95% interval", html);
        Assert.Contains("lift", html);
        Assert.Contains("come back in", html);
    }

    [Fact]
    public void On_a_bank_churn_file_no_segment_is_defined_by_a_single_yes_no_column()
    {
        foreach (var (title, result) in new[] { ("chosen k", fixture.BankAuto), ("k = 5", fixture.BankFive), ("behaviour only, k = 4", fixture.BankBehaviour) })
        {
            Show(title, result);
            foreach (var p in result.Profiles)
                Assert.False(DefinedByOneYesNoColumn(result, p.Segment), $"{title}: segment {p.Segment} '{p.Name}' is cut along one yes/no column: {p.Evidence}");
        }
        // The same check fails on plain standardized columns, where yes/no columns decide the segments: it can tell.
        using var plain = new DisposableResult(Patterns.Segmentation.Of(fixture.Bank, BankChurnFile.IdColumns)
            .OnStandardizedFeatures().Cluster(Segments.Exactly(5), restarts: 4).WithSeed(42).WithStability(0).OnDevice(CPU).Train());
        Show("standardized, k = 5", plain.Result);
        Assert.Contains(plain.Result.Profiles, p => DefinedByOneYesNoColumn(plain.Result, p.Segment));
    }

    private sealed class DisposableResult(SegmentationResult result) : IDisposable
    {
        public SegmentationResult Result { get; } = result;
        public void Dispose() => Result.Model.Dispose();
    }

    [Fact]
    public void Names_are_unique_short_and_carry_their_evidence_on_both_files()
    {
        foreach (var result in new[] { fixture.Sample, fixture.BankAuto, fixture.BankFive, fixture.BankBehaviour })
        {
            var names = result.Profiles.Select(p => p.Name).ToList();
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(names, n => Assert.DoesNotMatch(@"\(\d+\)$", n)); // told apart by features, not by a number
            Assert.All(names, n => Assert.InRange(n.Split(' ').Length, 1, 5));
            Assert.All(result.Profiles, p => Assert.False(string.IsNullOrWhiteSpace(p.Evidence), $"'{p.Name}' has no evidence"));
        }
        // Behaviour first: with who columns given, names come from the columns the segments were formed on.
        Assert.All(fixture.BankBehaviour.Profiles, p =>
            Assert.DoesNotContain(BankChurnFile.WhoColumns, who => p.Evidence.Split("; ")[0].StartsWith(FeatureDifference.Humanize(who), StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void The_outcome_is_detected_never_a_feature_and_reported_per_segment()
    {
        var result = fixture.BankAuto;
        Assert.Contains(result.LeftOut, l => l.Name == "Exited" && l.Reason.StartsWith("outcome"));
        Assert.DoesNotContain("Exited", result.Model.Scaling.NumericColumns);
        Assert.DoesNotContain(result.Model.Recipe!.Inputs, i => i.Name == "Exited");
        Assert.All(result.Profiles, p => Assert.Equal("Exited", p.OutcomeColumn));
        double exited = ColumnTypes.ToDoubles(fixture.Bank.Columns["Exited"]).Average();
        Assert.Equal(exited, result.Profiles.Sum(p => p.OutcomeRate!.Value * p.Size) / result.Profiles.Sum(p => p.Size), 9);
        var wrong = Assert.Throws<ArgumentException>(() => Patterns.Segmentation.Of(fixture.Bank, BankChurnFile.IdColumns, outcomeColumn: "Left"));
        Assert.Equal("outcomeColumn", wrong.ParamName);
        Assert.Contains("'Left'", wrong.Message);
    }

    [Fact]
    public void Who_columns_are_profiled_but_not_segmented_on()
    {
        var result = fixture.BankBehaviour;
        var inputs = result.Model.Recipe!.Inputs.Select(i => i.Name).ToList();
        Assert.All(BankChurnFile.WhoColumns, who => Assert.DoesNotContain(who, inputs));
        Assert.Contains("Balance", inputs);
        Assert.Contains("IsActiveMember", inputs);
        var age = result.Differences[0].Single(d => d.Column == "Age");
        Assert.False(age.FormsSegments);
        Assert.True(result.Differences[0].Single(d => d.Column == "Balance").FormsSegments);
        Assert.Contains(result.LeftOut, l => l.Name == "Gender" && l.Reason.StartsWith("who the customers are"));

        var onlyBalance = Patterns.Segmentation.Of(fixture.Bank.Head(300), BankChurnFile.IdColumns, behaviourColumns: new[] { "Balance", "NumOfProducts" });
        var both = Assert.Throws<ArgumentException>(() => Patterns.Segmentation.Of(fixture.Bank, BankChurnFile.IdColumns,
            whoColumns: new[] { "Age" }, behaviourColumns: new[] { "Age", "Balance" }));
        Assert.Equal("behaviourColumns", both.ParamName);
        using var small = new DisposableResult(onlyBalance.OnBalancedColumns().Cluster(Segments.Exactly(2), restarts: 2).WithStability(0).OnDevice(CPU).Train());
        Assert.Equal(new[] { "Balance", "NumOfProducts" }, small.Result.Model.Scaling.NumericColumns);
    }

    [Fact]
    public void Stability_is_measured_on_resamples_used_to_choose_k_and_said_in_words()
    {
        var result = fixture.BankAuto;
        Assert.All(result.KChoices, c => Assert.Equal(10, c.Resamples));
        Assert.InRange(result.StabilityAri, 0, 1);
        Assert.Equal(SegmentStability.Choose(result.KChoices), result.K);
        var chosen = result.KChoices.Single(c => c.K == result.K);
        Assert.Contains($"come back in {chosen.Returns} of 10 resamples", result.StabilityInWords());
        // On the sample bank with k given, only that k is resampled, and the planted segments come back every time.
        Assert.All(fixture.Sample.KChoices, c => Assert.Equal(c.K == 5, !double.IsNaN(c.Stability)));
        Assert.True(fixture.Sample.StabilityAri >= 0.9, $"stability {fixture.Sample.StabilityAri:0.000}");
    }

    [Fact]
    public void Choosing_k_takes_the_best_silhouette_among_stable_k_or_the_most_stable()
    {
        static KChoice C(int k, double silhouette, double stability) => new(k, silhouette, 0, 1, true) { Stability = stability, Resamples = 10 };
        Assert.Equal(4, SegmentStability.Choose(new[] { C(2, 0.30, 0.95), C(3, 0.50, 0.60), C(4, 0.40, 0.85) }));
        Assert.Equal(3, SegmentStability.Choose(new[] { C(2, 0.30, 0.55), C(3, 0.20, 0.70), C(4, 0.40, 0.60) }));
        Assert.Equal(3, SegmentStability.Choose(new[] { new KChoice(2, 0.1, 0, 1, true), new KChoice(3, 0.3, 0, 1, true) }));
    }

    [Fact]
    public void Same_seed_gives_the_same_stability()
    {
        var few = fixture.Bank.Head(500);
        double Stability() { using var r = new DisposableResult(Patterns.Segmentation.Of(few, BankChurnFile.IdColumns).OnBalancedColumns()
            .Cluster(Segments.Exactly(3), restarts: 2).WithStability(resamples: 4).WithSeed(5).OnDevice(CPU).Train()); return r.Result.StabilityAri; }
        Assert.Equal(Stability(), Stability());
        Assert.Throws<ArgumentOutOfRangeException>(() => Patterns.Segmentation.Of(few, BankChurnFile.IdColumns).WithStability(resamples: 1));
    }

    [Fact]
    public void Balanced_columns_give_each_yes_no_and_category_column_two_over_pi_of_a_numbers_variance()
    {
        var features = fixture.Sample.Model.Recipe!.ToFeatures(SampleCustomers.Customers);
        var scaling = fixture.Sample.Model.Scaling;
        using var x = scaling.Balanced(features);
        var variance = x.var(0).data<float>().ToArray();
        int p = scaling.NumericColumns.Count;
        for (int j = 0; j < p; j++)
            Assert.Equal(scaling.YesNo[j] ? FeatureScaling.DiscreteVariance : 1.0, variance[j], 2);
        Assert.True(scaling.YesNo[scaling.NumericColumns.ToList().IndexOf("has_mortgage")]);
        Assert.False(scaling.YesNo[scaling.NumericColumns.ToList().IndexOf("age")]);
        int offset = p;
        for (int j = 0; j < scaling.Codes.Count; j++)
        {
            Assert.Equal(FeatureScaling.DiscreteVariance, variance.Skip(offset).Take(scaling.Codes[j]).Sum(), 2);
            offset += scaling.Codes[j];
        }
    }

    [Fact]
    public void A_saved_balanced_model_assigns_the_same_segments_and_masks_the_identifiers_it_was_given()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fnd-balanced-{Guid.NewGuid():N}.fnd");
        try
        {
            fixture.BankAuto.Model.Save(path);
            using var loaded = TrainedSegmentation.Load(path);
            Assert.Equal(Representation.BalancedColumns, loaded.Representation);
            var assigned = loaded.Assign(fixture.Bank);
            Assert.Equal(fixture.BankAuto.Segments, assigned.Columns["segment"].Cast<int>());
            // CustomerId and Surname are not identifier-like names, but they were given as idColumns: masked in tables.
            string html = DataFrameHtml.Render(assigned);
            string id = assigned.Columns["CustomerId"][0]!.ToString()!;
            string surname = (string)assigned.Columns["Surname"][0]!;
            Assert.DoesNotContain($">{id}<", html);
            Assert.DoesNotContain($">{Html.Escape(surname)}<", html);
            Assert.Contains(Html.Escape(NotebookDisplay.Mask(id)), html);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("NumOfProducts", "num of products")]
    [InlineData("IsActiveMember", "is active member")]
    [InlineData("card_spend_30d", "card spend 30d")]
    [InlineData("CRScore", "cr score")]
    public void Column_names_read_as_words(string column, string words) => Assert.Equal(words, FeatureDifference.Humanize(column));

    [Fact]
    public void Wilson_interval_matches_known_values()
    {
        var (low, high) = Rates.Wilson95(5, 10);
        Assert.Equal(0.2366, low, 4);
        Assert.Equal(0.7634, high, 4);
        (low, high) = Rates.Wilson95(0, 10);
        Assert.Equal(0, low, 9);
        Assert.Equal(0.2775, high, 4);
    }

    [Fact]
    public void Drivers_view_groups_customers_who_would_leave_for_the_same_reasons()
    {
        var split = Wrangle.From(fixture.Bank).PrepareFor("Exited", BankChurnFile.IdColumns).SplitTrainTest(0.2, stratifyBy: "Exited", seed: 3);
        var model = Patterns.Prediction.Of(split, "Exited").WithDeepModel(hidden: new[] { 32, 16 }, epochs: 8).WithSeed(3).Train().Deep;
        var drivers = Foundations.Explanation.Explain.Drivers(model, fixture.Bank, BankChurnFile.IdColumns, sample: 1200, seed: 3);
        output.WriteLine($"drivers: k {drivers.K}, silhouette {drivers.Silhouette:0.000}, {drivers.StabilityInWords()}");
        foreach (var d in drivers.Profiles) output.WriteLine("  " + d.Description);
        Assert.Equal(1200, drivers.Rows.Count);
        Assert.InRange(drivers.K, 2, 6);
        Assert.Equal(drivers.Profiles.Count, drivers.Profiles.Select(p => p.Name).Distinct().Count());
        Assert.Equal(1200, drivers.Profiles.Sum(p => p.Size));
        Assert.All(drivers.Profiles, p =>
        {
            Assert.Matches("^(At risk|Staying): ", p.Name);
            Assert.Contains("odds", p.Description);
            Assert.NotNull(p.Profile.OutcomeRate);
        });
        // Segments named at risk (scored above the average customer) did leave more often than those named staying.
        var risk = drivers.Profiles.Where(p => p.Name.StartsWith("At risk")).ToList();
        var staying = drivers.Profiles.Where(p => p.Name.StartsWith("Staying")).ToList();
        Assert.NotEmpty(risk);
        Assert.NotEmpty(staying);
        Assert.True(risk.Min(p => p.Profile.OutcomeRate!.Value) > staying.Max(p => p.Profile.OutcomeRate!.Value),
            string.Join("; ", drivers.Profiles.Select(p => $"{p.Name} {p.Profile.OutcomeRate:0.0%}")));
        Assert.All(risk, p => Assert.True(p.Reasons[0].Effect > 0, $"{p.Name}: its first reason should raise the odds"));
        Assert.Contains("Driver segments", Reports.Html(drivers));
        // Same seed, same driver segments.
        Assert.Equal(drivers.Segments, Foundations.Explanation.Explain.Drivers(model, fixture.Bank, BankChurnFile.IdColumns, sample: 1200, seed: 3).Segments);
    }
}
