using Foundations.Data;
using Foundations.Patterns.Prediction;
using Patterns = Foundations.Patterns;

namespace Foundations.Tests.Prediction;

/// <summary>The pattern on a table shaped unlike the bank's: other names, yes/no labels, missing numbers and text.</summary>
public class PredictionOnOtherDataTests
{
    private static string LoanFile => Path.Combine(RepoPaths.Root, "tests", "data", "loan_applications.csv");

    [Fact]
    public void Suggested_recipe_and_text_labels_train_save_and_score_on_another_table()
    {
        var (loans, report) = Csv.Load(LoanFile);
        Assert.Equal(1500, report.RowsLoaded);
        var recipe = Patterns.Prediction.Prediction.SuggestRecipe(loans, "defaulted", idColumns: new[] { "applicant_ref" });
        var split = recipe.SplitTrainTest(0.25, stratifyBy: "defaulted", seed: 5);
        var result = Patterns.Prediction.Prediction.Of(split, "defaulted", positiveLabel: "yes")
            .WithDeepModel(hidden: new[] { 32, 16 }, epochs: 8).WithScorecard().WithSeed(5).Train();
        Assert.True(result["deep"].Auc > 0.65, $"deep AUC {result["deep"].Auc:0.000}");
        Assert.Equal(5, result.Scorecard!.Features.Count); // no classic bank columns here: the five strongest numeric inputs
        Assert.Equal(218.0 / 1500, result.TrainFeatures.Label!.Concat(result.TestFeatures.Label!).Average(), 3);

        string path = Path.Combine(Path.GetTempPath(), $"loans-{Guid.NewGuid():N}.fnd");
        try
        {
            result.Save(path);
            var loaded = TrainedPrediction.Load(path);
            var fresh = split.RawTest.Clone();
            fresh.Columns.Remove("defaulted");
            Assert.Equal(result["deep"].Probabilities, loaded.Score(fresh));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Suggested_recipe_names_an_id_column_that_is_not_there()
    {
        var (loans, _) = Csv.Load(LoanFile);
        var error = Assert.Throws<ArgumentException>(() => Patterns.Prediction.Prediction.SuggestRecipe(loans, "defaulted", idColumns: new[] { "customer_id" }));
        Assert.Contains("'customer_id'", error.Message);
    }
}
