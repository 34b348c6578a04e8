using Foundations.Interactive;
using Foundations.Data;
using Foundations.Explanation;
using Foundations.Tests.Prediction;

namespace Foundations.Tests.Explain;

[Trait("Speed", "Slow")]
[Collection(SharedModels.SampleBankPrediction)]
public class ExplainTests(SampleBankPrediction bank)
{
    [Fact]
    public void Integrated_gradients_add_up_to_the_gap_between_customer_and_baseline()
    {
        var rows = bank.Result.TestFeatures.Take(new[] { 0, 1, 2 });
        foreach (var a in IntegratedGradients.For(bank.Result.Deep.Network, rows, steps: 64))
        {
            double total = a.Effects.Sum(e => e.Effect);
            Assert.InRange(total, a.Logit - a.BaselineLogit - 0.05, a.Logit - a.BaselineLogit + 0.05);
            // One number per original column: embeddings are summed back to their column.
            Assert.Equal(rows.NumericColumns.Count + rows.CategoricalColumns.Count, a.Effects.Count);
        }
    }

    [Fact]
    public void Permutation_importance_ranks_a_planted_driver_above_pure_noise()
    {
        // A matrix where the label is the sign of column "driver" and column "noise" is random.
        var rng = new Random(5);
        int n = 400;
        var numeric = new float[n * 2];
        var label = new float[n];
        for (int r = 0; r < n; r++)
        {
            numeric[r * 2] = (float)(rng.NextDouble() - 0.5);
            numeric[r * 2 + 1] = (float)rng.NextDouble();
            label[r] = numeric[r * 2] > 0 ? 1 : 0;
        }
        var data = new FeatureMatrix(n, new[] { "driver", "noise" }, numeric, Array.Empty<CategoricalFeature>(), Array.Empty<long>(), label, "y");
        double[] Score(FeatureMatrix m) => Enumerable.Range(0, m.Rows).Select(r => (double)m.Numeric[r * 2]).ToArray();
        var importance = PermutationImportance.Of(Score, data, repeats: 5, seed: 1);
        Assert.Equal("driver", importance[0].Feature);
        Assert.InRange(importance[0].AucDrop, 0.3, 0.6);
        Assert.Equal(0, importance[1].AucDrop, 10);
        Assert.True(importance[0].Low <= importance[0].AucDrop && importance[0].AucDrop <= importance[0].High);
    }

    [Fact]
    public void Explanation_names_drivers_in_plain_words_from_the_numbers()
    {
        var explanation = Foundations.Explanation.Explain.Prediction(bank.Result, eventPhrase: "leave", repeats: 3);
        Assert.NotEmpty(explanation.Summary);
        Assert.All(explanation.Summary, s => Assert.Matches(@"\d+\.\d× as likely to leave", s));
        Assert.NotEmpty(explanation.Curves);
        Assert.Contains("What drives the prediction", Reports.Html(explanation));
    }

    [Fact]
    public void A_large_test_part_is_explained_on_a_seeded_sample_and_the_report_says_so()
    {
        var sampled = Foundations.Explanation.Explain.Prediction(bank.Result, eventPhrase: "leave", repeats: 2, maxRows: 400);
        Assert.Equal(bank.Result.TestFeatures.Rows, sampled.TestRows);
        Assert.InRange(sampled.RowsExplained, 399, 401);
        Assert.Contains($"on {sampled.RowsExplained:N0} of the {sampled.TestRows:N0} test customers", Reports.Html(sampled));
        var again = Foundations.Explanation.Explain.Prediction(bank.Result, eventPhrase: "leave", repeats: 2, maxRows: 400);
        Assert.Equal(sampled.Importance.Select(i => i.AucDrop), again.Importance.Select(i => i.AucDrop));
        // The strongest driver on every test customer is among the sample's top three.
        var full = Foundations.Explanation.Explain.Prediction(bank.Result, eventPhrase: "leave", repeats: 2);
        Assert.Equal(full.TestRows, full.RowsExplained);
        Assert.Contains(full.Importance[0].Feature, sampled.Importance.Take(3).Select(i => i.Feature));
        Assert.Throws<ArgumentOutOfRangeException>(() => Foundations.Explanation.Explain.Prediction(bank.Result, maxRows: 10));
    }

    [Fact]
    public void Plain_words_say_dates_as_days_later_or_earlier_and_amounts_as_more_or_less()
    {
        // Newer credit lines default more; so do larger amounts. 400 customers, quarters of 100.
        var rng = new Random(4);
        var opened = new Microsoft.Data.Analysis.PrimitiveDataFrameColumn<DateTime>("earliest_cr_line", 400);
        var amount = new Microsoft.Data.Analysis.DoubleDataFrameColumn("amount", 400);
        var label = new Microsoft.Data.Analysis.Int32DataFrameColumn("defaulted", 400);
        for (int r = 0; r < 400; r++)
        {
            opened[r] = new DateTime(1970, 1, 1).AddDays(r * 30);
            amount[r] = 1000 + 10 * r;
            label[r] = rng.NextDouble() < 0.1 + 0.6 * r / 400.0 ? 1 : 0;
        }
        var frame = new Microsoft.Data.Analysis.DataFrame(opened, amount, label);
        var sentences = PlainLanguage.Describe(frame, "defaulted", new[] { "earliest_cr_line", "amount" }, "default");
        Assert.Equal(2, sentences.Count);
        Assert.Matches(@"^Customers with earliest_cr_line on \d{4}-\d{2}-\d{2} or later \(the highest quarter\) are \d+\.\d× as likely to default as those with \d{4}-\d{2}-\d{2} or earlier", sentences[0]);
        Assert.StartsWith("Customers with amount of 4,000 or more (the highest quarter)", sentences[1]);
    }
}
