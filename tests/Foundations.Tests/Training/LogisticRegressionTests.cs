using Foundations.Data;
using Foundations.Training;

namespace Foundations.Tests.Training;

public class LogisticRegressionTests
{
    // One standardized number and categorical inputs with the given numbers of codes (0 = unseen, then most frequent
    // first, as the recipe writes them); the first category's code 1 and the number carry the outcome.
    private static FeatureMatrix Matrix(int rows, int seed, params int[] cardinalities)
    {
        var random = new Random(seed);
        var numeric = new float[rows];
        var codes = new long[rows * cardinalities.Length];
        var label = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            numeric[r] = (float)(random.NextDouble() * 2 - 1);
            for (int j = 0; j < cardinalities.Length; j++)
                codes[r * cardinalities.Length + j] = random.NextDouble() < 0.3 ? 1 : 1 + random.Next(cardinalities[j] - 1);
            double z = 1.5 * numeric[r] + (codes[r * cardinalities.Length] == 1 ? 1 : -0.5);
            label[r] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }
        var columns = cardinalities.Select((c, j) => new CategoricalFeature($"category_{j}", c, Enumerable.Range(1, c - 1).Select(i => $"value {i}").ToArray())).ToArray();
        return new FeatureMatrix(rows, new[] { "amount" }, numeric, columns, codes, label, "event");
    }

    [Fact]
    public void A_category_of_thousands_of_values_keeps_its_most_frequent_and_its_rarer_values_share_the_unseen_weight()
    {
        var train = Matrix(6000, 1, 5001);

        var model = LogisticRegression.Fit(train);

        var terms = model.Terms.Where(t => t.Feature == "category_0").ToList();
        Assert.Equal(LogisticRegression.MaxCategoryWeights, terms.Count);
        Assert.Equal("(unseen or rarer)", terms[0].Category);
        Assert.Equal("value 1", terms[1].Category);
        Assert.True(terms[1].Weight > terms[0].Weight, "the frequent value that raises the event keeps its own, higher weight");
        // A value beyond the kept ones scores as an unseen value does.
        var probe = new FeatureMatrix(2, new[] { "amount" }, new[] { 0.2f, 0.2f }, train.CategoricalColumns, new long[] { 4500, 0 });
        var p = model.Predict(probe);
        Assert.Equal(p[0], p[1]);
        // The fitted state rebuilds the same model (a model file keeps the smaller block).
        var again = LogisticRegression.FromState(model.State);
        Assert.Equal(model.Predict(train), again.Predict(train));
    }

    [Fact]
    public void Categories_that_fit_together_keep_every_value()
    {
        var model = LogisticRegression.Fit(Matrix(3000, 2, 400, 150));

        Assert.Equal(400, model.Terms.Count(t => t.Feature == "category_0"));
        Assert.Equal(150, model.Terms.Count(t => t.Feature == "category_1"));
        Assert.Equal("(unseen)", model.Terms.First(t => t.Feature == "category_0").Category);
    }

    [Theory]
    [InlineData(new[] { 400, 150 }, int.MaxValue)]         // 550 weights: all whole
    [InlineData(new[] { 13000, 13000, 13000, 13000 }, 250)] // shared evenly
    [InlineData(new[] { 13000, 30 }, 970)]                  // the small one whole, the large one gets the rest
    [InlineData(new[] { 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000 }, 20)] // never below 20
    public void Weights_per_category_fit_the_budget_with_the_smaller_categories_whole(int[] cardinalities, int expected)
    {
        Assert.Equal(expected, LogisticRegression.LevelsPerCategory(cardinalities));
    }
}
