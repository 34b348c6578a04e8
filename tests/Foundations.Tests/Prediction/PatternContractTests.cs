using System.IO.Compression;
using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Runner;
using Foundations.Training;
using Patterns = Foundations.Patterns;

namespace Foundations.Tests.Prediction;

/// <summary>The prediction side of the one pattern contract: only chosen models train, every kind saves, loads and scores.</summary>
[Collection(SharedModels.SampleBankPrediction)]
[Trait("Speed", "Slow")]
public class PatternContractTests(SampleBankPrediction bank)
{
    [Fact]
    public void Only_the_models_chosen_are_trained_and_asking_for_another_names_how_to_choose_it()
    {
        var result = Patterns.Prediction.Of(bank.Split, "churned_next_90d").WithScorecard().WithSeed(3).Train();
        Assert.Equal(new[] { "scorecard" }, result.Models.Select(m => m.Name));
        Assert.Equal(3, result.Seed);
        Assert.Equal(new[] { "scorecard" }, result.Evaluations.Select(e => e.Model));
        var error = Assert.Throws<KeyNotFoundException>(() => result.Deep);
        Assert.Contains("WithDeepModel()", error.Message);
        Assert.Same(result.Models[0], result.Best);
        Assert.Throws<InvalidOperationException>(() => result.Best.Network);
        Assert.NotEmpty(result.Scorecard!.Selected);
    }

    [Fact]
    public void Every_trained_model_kind_saves_loads_and_scores_identically()
    {
        Assert.Equal(new[] { "deep", "scorecard", "lightgbm" }, bank.Result.Models.Select(m => m.Name));
        var fresh = bank.Split.RawTest;
        foreach (var model in bank.Result.Models)
        {
            string path = Path.Combine(Path.GetTempPath(), $"churn-{model.Name}-{Guid.NewGuid():N}.fnd");
            try
            {
                model.Save(path);
                using var loaded = TrainedPrediction.Load(path);
                Assert.Equal(model.Name, loaded.Name);
                Assert.Equal(bank.Result[model.Name].Probabilities, loaded.Score(fresh));
                using var zip = ZipFile.OpenRead(path);
                Assert.Contains("manifest.json", zip.Entries.Select(e => e.FullName));
            }
            finally { File.Delete(path); }
        }
    }

    [Fact]
    public void The_score_command_scores_a_saved_lightgbm_model_like_the_notebook_api()
    {
        string folder = RunnerProcess.TempFolder();
        string input = Path.Combine(folder, "customers.csv");
        File.WriteAllLines(input, File.ReadAllLines(Path.Combine(RepoPaths.DataSamples, "customers.csv")).Take(21));
        var trees = bank.Result.Model("lightgbm");
        string model = trees.Save(Path.Combine(folder, "churn-lightgbm.fnd"));
        var run = RunnerProcess.Run("score", "--model", model, "--input", input, "--output", Path.Combine(folder, "cli.csv"));
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        BatchScoring.ScoreCsv(trees, input, Path.Combine(folder, "api.csv"));
        var (api, _) = Csv.Load(Path.Combine(folder, "api.csv"));
        var (cli, _) = Csv.Load(Path.Combine(folder, "cli.csv"));
        Assert.Equal(20, cli.Rows.Count);
        Assert.Equal(api.Columns["score"].Cast<object>(), cli.Columns["score"].Cast<object>());
    }

    [Fact]
    public void A_disposed_deep_model_refuses_to_score_with_a_clear_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"churn-disposed-{Guid.NewGuid():N}.fnd");
        try
        {
            var loaded = TrainedPrediction.Load(bank.Result.Deep.Save(path));
            loaded.Dispose();
            var error = Assert.Throws<ObjectDisposedException>(() => loaded.Score(bank.Split.RawTest));
            Assert.Contains("disposed", error.Message);
        }
        finally { File.Delete(path); }
    }
}
