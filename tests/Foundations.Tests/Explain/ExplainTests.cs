using Foundations.Data;
using Foundations.Explain;
using Foundations.Tests.Training;
using Foundations.Training;

namespace Foundations.Tests.Explain;

/// <summary>A model whose logic is known: log-odds 3·x0, nothing else matters.</summary>
internal sealed class OnlyX0 : IFeatureScorer
{
    public double[] Predict(FeatureMatrix f) =>
        Enumerable.Range(0, f.Rows).Select(r => 1 / (1 + Math.Exp(-3 * f.Numeric[r * f.NumericColumns.Count]))).ToArray();
}

public class ExplainTests
{
    [Fact]
    public void Permutation_importance_ranks_the_used_input_first_and_gives_unused_inputs_zero()
    {
        var data = SyntheticFeatures.Make(500, seed: 11);
        var importance = PermutationImportance.Compute(new OnlyX0(), data, repeats: 4, seed: 1);
        Assert.Equal("x0", importance.Features[0].Feature);
        Assert.True(importance.Features[0].Low > 0.05, $"x0 interval starts at {importance.Features[0].Low:0.000}");
        foreach (var unused in importance.Features.Skip(1))
        {
            Assert.Equal(0, unused.MeanAucDrop);
            Assert.Equal(0, unused.High - unused.Low);
        }
        Assert.Contains("x0", importance.ToHtml());
    }

    [Fact]
    public void Student_t_widens_the_interval_for_few_repeats()
    {
        Assert.Equal(2.776, PermutationImportance.StudentT975(4));
        Assert.Equal(1.96, PermutationImportance.StudentT975(200));
    }

    [Fact]
    public void Partial_dependence_rises_with_the_used_input_and_is_flat_for_the_others()
    {
        var data = SyntheticFeatures.Make(300, seed: 12);
        var x0 = PartialDependence.Compute(new OnlyX0(), data, "x0", points: 8);
        Assert.True(x0.MeanProbability.Zip(x0.MeanProbability.Skip(1)).All(p => p.Second > p.First));
        var x1 = PartialDependence.Compute(new OnlyX0(), data, "x1", points: 8);
        Assert.All(x1.MeanProbability, p => Assert.Equal(x1.MeanProbability[0], p, 12));
        var channel = PartialDependence.Compute(new OnlyX0(), data, "channel");
        Assert.Equal(new[] { "A", "B", "C", "D" }, channel.Labels);
        var error = Assert.Throws<ArgumentException>(() => PartialDependence.Compute(new OnlyX0(), data, "income"));
        Assert.Contains("'income'", error.Message);
    }

    [Fact]
    public void Integrated_gradients_add_up_to_the_gap_from_the_average_customer_and_credit_the_category()
    {
        var data = SyntheticFeatures.Make(1200, seed: 13, categoricalOnly: true);
        var network = Trainer.Fit(data, new TrainingSettings { Hidden = new[] { 16, 8 }, Epochs = 5, BatchSize = 64, Seed = 3 });
        var rows = new[] { 0, 1, 2, 3, 4, 5, 6, 7 };
        var a = IntegratedGradients.Compute(network, data, rows, steps: 128);
        Assert.Equal(new[] { "x0", "x1", "x2", "channel" }, a.Features);
        for (int i = 0; i < rows.Length; i++)
        {
            double gap = a.Logits[i] - a.BaselineLogit;
            Assert.True(Math.Abs(a.Values[i].Sum() - gap) < 0.02 + 0.02 * Math.Abs(gap), $"row {i}: attributions sum {a.Values[i].Sum():0.000}, gap {gap:0.000}");
        }
        // Only the channel carries signal: across these customers it gets the largest share of attribution.
        double channelShare = rows.Sum(i => Math.Abs(a.Values[i][3])) / rows.Sum(i => a.Values[i].Sum(Math.Abs));
        Assert.True(channelShare > 0.5, $"channel share {channelShare:0.00}");
    }

    [Fact]
    public void Plain_summary_names_the_riskiest_group_with_its_ratio()
    {
        // Channel A: 50 customers, 5 leave (10%); B: 30, 3 (10%); C: 20, 10 (50%). C against the rest: 50% vs 8/80 = 10%, 5.0×.
        int rows = 100;
        var categorical = new long[rows];
        var label = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            categorical[r] = r < 50 ? 1 : r < 80 ? 2 : 3;
            label[r] = (r < 5 || (r >= 50 && r < 53) || (r >= 80 && r < 90)) ? 1f : 0f;
        }
        var data = new FeatureMatrix(rows, Array.Empty<string>(), Array.Empty<float>(),
            new[] { new CategoricalFeature("channel", 4, new[] { "A", "B", "C" }) }, categorical, label, "left");
        var summary = PlainLanguageSummary.Write(data, new double[rows], new[] { "channel" }, outcome: "leave");
        Assert.Equal("Customers whose channel is C are 5.0× as likely to leave as the others (50% against 10%; 20 customers).", Assert.Single(summary.Sentences));
        Assert.True(summary.Observed);
    }
}
