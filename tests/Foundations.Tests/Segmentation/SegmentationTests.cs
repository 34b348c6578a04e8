using Foundations.Interactive;
using Foundations.Data;
using Foundations.Patterns;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace Foundations.Tests.Segmentation;

/// <summary>One segmentation of the bundled sample customers, shared by the tests that read it (it takes seconds).</summary>
[Trait("Speed", "Slow")]
public sealed class SampleSegmentation : IDisposable
{
    public SegmentationResult Result { get; } = Patterns.Segmentation
        .Of(SampleCustomers.Customers, SampleCustomers.IdColumns, SampleCustomers.Labels)
        .Embed(dimensions: 8)
        .Cluster(k: Segments.Exactly(5))
        .WithSeed(42)
        .OnDevice(CPU)
        .Train();

    public void Dispose() => Result.Model.Dispose();
}

[Trait("Speed", "Slow")]
public class SegmentationTests(SampleSegmentation sample) : IClassFixture<SampleSegmentation>
{
    [Fact]
    public void Autoencoder_segments_recover_the_planted_segments_on_the_sample_data()
    {
        double ari = sample.Result.AgreementWith(SampleCustomers.Planted);
        Assert.True(ari >= 0.8, $"adjusted Rand index against the planted segments is {ari:0.000}; expected at least 0.8");
        Assert.Equal(5, sample.Result.K);
        Assert.Equal(4000, sample.Result.Sizes.Sum());
        Assert.True(sample.Result.Silhouette > 0.2, $"silhouette {sample.Result.Silhouette:0.000}");
        Assert.InRange(sample.Result.DaviesBouldin, 0.1, 2.0);
    }

    [Fact]
    public void Standardized_features_recover_the_planted_segments_too()
    {
        var result = Patterns.Segmentation.Of(SampleCustomers.Customers, SampleCustomers.IdColumns, SampleCustomers.Labels)
            .OnStandardizedFeatures().Cluster(Segments.Exactly(5)).WithSeed(42).OnDevice(CPU).Train();
        Assert.Equal(Representation.StandardizedFeatures, result.Representation);
        double ari = result.AgreementWith(SampleCustomers.Planted);
        Assert.True(ari >= 0.8, $"adjusted Rand index {ari:0.000}");
        Assert.Null(result.Model.Autoencoder);
    }

    [Fact]
    public void Segments_are_numbered_by_size_largest_first()
    {
        var sizes = sample.Result.Sizes;
        Assert.Equal(sizes.OrderByDescending(s => s), sizes);
        Assert.Equal(Enumerable.Range(1, 5), sample.Result.Segments.Distinct().OrderBy(s => s));
    }

    [Fact]
    public void Same_seed_gives_identical_assignments_and_automatic_k_is_the_best_silhouette()
    {
        var few = SampleCustomers.Customers.Head(600);
        SegmentationResult Run() => Patterns.Segmentation.Of(few, SampleCustomers.IdColumns, SampleCustomers.Labels)
            .Embed(dimensions: 4, epochs: 8).Cluster(Segments.Auto(2..6), restarts: 3).WithSeed(9).OnDevice(CPU).Train();
        var first = Run();
        var second = Run();
        Assert.Equal(first.Segments, second.Segments);
        Assert.Equal(first.Silhouette, second.Silhouette);
        Assert.Equal(first.Model.Autoencoder!.Losses, second.Model.Autoencoder!.Losses);
        Assert.Equal(new[] { 2, 3, 4, 5, 6 }, first.KChoices.Select(c => c.K));
        Assert.Equal(first.KChoices.MaxBy(c => c.Silhouette)!.K, first.K);
        Assert.Equal(first.KChoices.Single(c => c.K == first.K).Silhouette, first.Silhouette);
        Assert.True(first.KChoices.Zip(first.KChoices.Skip(1)).All(p => p.Second.Inertia <= p.First.Inertia * 1.05), "inertia should fall as k grows (the elbow curve)");
    }

    [Fact]
    public void A_given_k_is_kept_while_the_curve_scores_the_whole_range()
    {
        var few = SampleCustomers.Customers.Head(600);
        var result = Patterns.Segmentation.Of(few, SampleCustomers.IdColumns, SampleCustomers.Labels)
            .OnStandardizedFeatures().Cluster(Segments.ExactlyOrAuto(5), restarts: 2).WithSeed(3).OnDevice(CPU).Train();
        Assert.Equal(5, result.K);
        Assert.False(result.Requested.Automatic);
        Assert.Equal(Enumerable.Range(2, 9), result.KChoices.Select(c => c.K));
        Assert.Equal(result.KChoices.Single(c => c.K == 5).Silhouette, result.Silhouette);
        Assert.Equal(new[] { 2, 3, 4, 5, 6, 7, 8, 9, 10 }, Segments.ExactlyOrAuto(0).Candidates);
        Assert.True(Segments.ExactlyOrAuto(0).Automatic);
    }

    [Fact]
    public void Profiles_describe_segments_in_real_units_with_generated_names()
    {
        var profiles = sample.Result.Profiles;
        Assert.Equal(profiles.Count, profiles.Select(p => p.Name).Distinct().Count());
        // The oldest segment by average age must say so, in years, with its own figures.
        var ages = sample.Result.Differences.Select(row => row.Single(d => d.Column == "age")).ToArray();
        int oldest = Array.IndexOf(ages, ages.MaxBy(d => d.SegmentValue));
        var profile = profiles[oldest];
        var age = profile.Distinguishing.Single(d => d.Column == "age");
        Assert.True(age.SegmentValue > 60 && age.StandardizedDifference > 1, $"oldest segment's average age {age.SegmentValue:0}");
        Assert.Matches("(?i)older|retired", profile.Name);
        Assert.Contains($"age {age.SegmentValue:0} against {age.PopulationValue:0} overall", profile.Description);
        // Churn rate per segment, with the population rate, from the excluded label.
        Assert.All(profiles, p => Assert.Equal("churned_next_90d", p.OutcomeColumn));
        double churn = ColumnTypes.ToDoubles(SampleCustomers.Customers.Columns["churned_next_90d"]).Average();
        Assert.Equal(churn, profiles[0].PopulationOutcomeRate!.Value, 6);
        double weighted = profiles.Sum(p => p.OutcomeRate!.Value * p.Size) / profiles.Sum(p => p.Size);
        Assert.Equal(churn, weighted, 6);
        Assert.Contains(profiles[0].KeyFigures, k => k.Column == "products_held");
        Assert.Contains(profiles[0].KeyFigures, k => k.Column == "savings_balance");
    }

    [Fact]
    public void Saved_model_assigns_the_same_segments_after_loading()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fnd-segments-{Guid.NewGuid():N}.fnd");
        try
        {
            sample.Result.Model.Save(path);
            using var loaded = TrainedSegmentation.Load(path);
            var assigned = loaded.Assign(SampleCustomers.Customers);
            Assert.Equal(sample.Result.Segments, assigned.Columns["segment"].Cast<int>());
            Assert.Equal(SampleCustomers.Customers.Columns["customer_id"].Cast<string>(), assigned.Columns["customer_id"].Cast<string>());
            Assert.Equal(assigned.Columns["segment"].Cast<int>().Select(s => loaded.SegmentNames[s - 1]), assigned.Columns["segment_name"].Cast<string>());
            Assert.Equal(sample.Result.Profiles.Select(p => p.Name), loaded.SegmentNames);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Assigning_customers_without_a_fitted_column_names_it()
    {
        var customers = SampleCustomers.Customers.Head(20);
        customers.Columns.Remove("savings_balance");
        var e = Assert.Throws<ArgumentException>(() => sample.Result.Model.Assign(customers));
        Assert.Contains("'savings_balance'", e.Message);
    }

    [Fact]
    public void New_customers_with_an_unseen_category_are_still_assigned()
    {
        var customers = SampleCustomers.Customers.Head(5);
        var channel = (StringDataFrameColumn)customers.Columns["preferred_channel"];
        channel[0] = "open_banking";
        var assigned = sample.Result.Model.Assign(customers);
        Assert.Equal(5, assigned.Rows.Count);
        Assert.All(assigned.Columns["segment"].Cast<int>(), s => Assert.InRange(s, 1, 5));
    }

    [Fact]
    public void Report_shows_segments_and_charts_and_escapes_data()
    {
        var html = Reports.Html(sample.Result);
        foreach (var p in sample.Result.Profiles) Assert.Contains(Foundations.Interactive.Html.Escape(p.Name), html);
        Assert.Contains("Silhouette", html);
        Assert.Contains("Davies", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("fn-table", html);
        Assert.DoesNotContain("<script src=", html); // plotly.js is inlined from the package, never loaded from the network
        Assert.Contains("income 122", html); // missing incomes filled, counted
    }

    [Fact]
    public void Names_and_categories_from_data_are_escaped_in_the_report()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("id", Enumerable.Range(0, 40).Select(i => $"X{i}")),
            new DoubleDataFrameColumn("balance", Enumerable.Range(0, 40).Select(i => (double)(i < 20 ? i : 1000 + i))),
            new StringDataFrameColumn("channel", Enumerable.Range(0, 40).Select(i => i < 20 ? "<script>alert(1)</script>" : "web")));
        var result = Patterns.Segmentation.Of(frame, idColumns: new[] { "id" }).OnStandardizedFeatures()
            .Cluster(Segments.Exactly(2), restarts: 2).OnDevice(CPU).Train();
        var html = Reports.Html(result);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Equal(1.0, result.AgreementWith(Enumerable.Range(0, 40).Select(i => i < 20).ToArray()));
    }

    [Fact]
    public void Bad_parameters_are_named()
    {
        var customers = SampleCustomers.Customers.Head(30);
        var e = Assert.Throws<ArgumentException>(() => Patterns.Segmentation.Of(customers, excludeColumns: new[] { "churn" }));
        Assert.Equal("excludeColumns", e.ParamName);
        Assert.Contains("'churn'", e.Message);
        var k = Assert.Throws<ArgumentOutOfRangeException>(() => Segments.Auto(1..5));
        Assert.Equal("k", k.ParamName);
        var big = Assert.Throws<ArgumentOutOfRangeException>(() => Patterns.Segmentation.Of(customers, SampleCustomers.IdColumns)
            .OnStandardizedFeatures().Cluster(Segments.Exactly(40)).Train());
        Assert.Contains("30 customers", big.Message);
    }

    [Fact]
    public void Customer_table_preparation_fills_missing_numbers_and_says_what_was_left_out()
    {
        var result = sample.Result;
        Assert.Equal(122, result.Filled["income"]);
        Assert.Contains(result.LeftOut, l => l.Name == "customer_id" && l.Reason == "identifier");
        Assert.Contains(result.LeftOut, l => l.Name == "churned_next_90d" && l.Reason.StartsWith("outcome"));
        Assert.Contains(result.LeftOut, l => l.Name == "defaulted_next_12m" && l.Reason == "excluded");
        var recipe = result.Model.Recipe!;
        Assert.DoesNotContain(recipe.Outputs, o => o.Name == "churned_next_90d" || o.Name == "name");
        Assert.Contains("preferred_channel", result.Model.Scaling.CategoricalColumns.Select(c => c.Name));
        Assert.Contains("has_mortgage", result.Model.Scaling.NumericColumns);
        // Identifiers and excluded columns are not needed to assign new customers.
        Assert.DoesNotContain(recipe.Inputs, i => i.Name == "customer_id" || i.Name == "defaulted_next_12m");
    }

    [Fact]
    public void A_recipe_of_your_own_prepares_the_customers_and_travels_with_the_model()
    {
        var customers = SampleCustomers.Customers.Head(400);
        var recipe = Wrangle.From(customers)
            .Drop("customer_id", "name", "churned_next_90d", "defaulted_next_12m")
            .Impute("income", Impute.Median)
            .Categorize("region", "occupation", "preferred_channel", "credit_score_band")
            .Standardize()
            .Fit();
        var result = Patterns.Segmentation.Of(recipe, customers, idColumns: new[] { "customer_id" })
            .OnStandardizedFeatures().Cluster(Segments.Exactly(3), restarts: 2).OnDevice(CPU).Train();
        Assert.Equal(3, result.K);
        Assert.Equal("churned_next_90d", result.Profiles[0].OutcomeColumn);
        // Profiles read in real units (the original table), not the recipe's standardized ones.
        Assert.True(result.Differences[0].Single(d => d.Column == "age").PopulationValue > 30);
        Assert.Equal(result.Segments, result.Model.Assign(recipe.ToFeatures(customers)));
        Assert.Equal(result.Segments, result.Model.Assign(customers).Columns["segment"].Cast<int>());
    }

    [Fact]
    public void A_ready_feature_matrix_is_segmented_and_described_in_its_own_units()
    {
        var rng = new Random(2);
        // Two groups far apart on both columns, with a little noise.
        var values = Enumerable.Range(0, 200).SelectMany(i => new[] { (float)((i < 100 ? 0 : 5) + rng.NextDouble()), (float)((i < 100 ? 10 : 0) + rng.NextDouble()) }).ToArray();
        var features = new FeatureMatrix(200, new[] { "balance", "logins" }, values, Array.Empty<CategoricalFeature>(), Array.Empty<long>());
        var result = Patterns.Segmentation.Of(features).OnStandardizedFeatures().Cluster(Segments.Auto(2..4), restarts: 3).OnDevice(CPU).Train();
        Assert.Equal(2, result.K);
        Assert.Equal(1.0, result.AgreementWith(Enumerable.Range(0, 200).Select(i => i < 100).ToArray()));
        Assert.Null(result.Model.Recipe);
        Assert.Equal(result.Segments, result.Model.Assign(features));
        var low = result.Differences[result.Segments[0] - 1].Single(d => d.Column == "balance");
        Assert.InRange(low.SegmentValue, 0, 1);
        Assert.InRange(low.PopulationValue, 2.5, 3.5);
        Assert.Throws<InvalidOperationException>(() => result.Model.Assign(SampleCustomers.Customers.Head(3)));
    }
}
