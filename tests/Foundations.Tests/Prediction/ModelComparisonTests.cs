using Foundations.Patterns;

namespace Foundations.Tests.Prediction;

public class ModelComparisonTests
{
    private static ModelEvaluation Model(string name, double signal, int[] labels, int seed)
    {
        var rng = new Random(seed);
        var p = labels.Select(y => 1 / (1 + Math.Exp(-(signal * (y - 0.5) + rng.NextDouble() * 2 - 1)))).ToArray();
        return new ModelEvaluation(name, p, labels, 0.5, TimeSpan.Zero);
    }

    private static int[] Labels(int n) { var rng = new Random(1); return Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.25 ? 1 : 0).ToArray(); }

    [Fact]
    public void A_clearly_better_deep_model_is_recommended_as_significantly_better()
    {
        var y = Labels(3000);
        var comparison = ModelComparison.Of(new[] { Model("deep", 3, y, 2), Model("lightgbm", 1, y, 3) });
        var c = comparison.Against.Single();
        Assert.Equal("lightgbm", c.Baseline);
        Assert.True(c.Significant);
        Assert.StartsWith("Deploy the deep model: its AUC is ", comparison.Recommendation());
        Assert.Contains("higher than LightGBM's (95% CI ", comparison.Recommendation());
        Assert.Contains("a significant difference", comparison.Recommendation());
    }

    [Fact]
    public void Models_that_differ_by_noise_are_said_to_rank_about_equally_well()
    {
        var y = Labels(400);
        var comparison = ModelComparison.Of(new[] { Model("deep", 1.5, y, 4), Model("scorecard", 1.5, y, 5), Model("lightgbm", 1.5, y, 6) });
        Assert.Equal(2, comparison.Against.Count);
        Assert.All(comparison.Against, a => Assert.False(a.Significant, a.Describe()));
        Assert.Contains("which is not a significant difference", comparison.Recommendation());
        Assert.Contains("400 test customers", comparison.Recommendation());
    }

    [Fact]
    public void Models_no_better_than_a_coin_are_not_recommended_whichever_is_ahead()
    {
        var y = Labels(400);
        var comparison = ModelComparison.Of(new[] { Model("deep", 0, y, 7), Model("logistic", 0, y, 8), Model("lightgbm", 0, y, 9) });
        Assert.Equal(3, comparison.AgainstChance.Count);
        Assert.Equal("deep", comparison.AgainstChance[0].Model);
        Assert.All(comparison.AgainstChance, a => Assert.Equal(a.ModelAuc - 0.5, a.Difference, 12));
        Assert.StartsWith("Deploy none of these models: none ranks these 400 test customers significantly better than chance.", comparison.Recommendation());
    }

    [Fact]
    public void A_model_that_ranks_better_than_chance_is_judged_against_the_others_as_before()
    {
        var y = Labels(400);
        var comparison = ModelComparison.Of(new[] { Model("deep", 0, y, 7), Model("scorecard", 1.5, y, 5) });
        var scorecard = comparison.AgainstChance.Single(a => a.Model == "scorecard");
        Assert.True(scorecard.Significant && scorecard.Difference > 0, scorecard.Describe());
        Assert.StartsWith("Deploy the scorecard", comparison.Recommendation());
    }
}
