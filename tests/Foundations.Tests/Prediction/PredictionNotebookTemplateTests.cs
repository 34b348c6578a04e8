using System.Text.Json.Nodes;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Prediction;

[Trait("Speed", "Slow")]
public class PredictionNotebookTemplateTests
{
    /// <summary>02-prediction is a template: it runs on a differently shaped CSV (other names, ';', yes/no label, gaps).</summary>
    [Fact]
    public void Prediction_notebook_runs_on_a_differently_shaped_csv_given_as_parameters()
    {
        string outDir = RunnerProcess.TempFolder();
        var run = RunnerProcess.Run("run", Path.Combine(RepoPaths.Notebooks, "02-prediction.ipynb"), "--out", outDir,
            "-p", "dataPath=../tests/data/loan-applications.csv", "-p", "target=defaulted", "-p", "positiveLabel=yes",
            "-p", "idColumns=application_ref", "-p", "excludeColumns=", "-p", "epochs=12");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var log = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "02-prediction.run.json")))!;
        var metrics = log["metrics"]!;
        foreach (var name in new[] { "test_auc_deep", "test_auc_scorecard", "test_auc_logistic", "test_auc_lightgbm", "test_gini_deep", "test_ks_lightgbm", "train_seconds_deep", "train_seconds_lightgbm",
                     "auc_diff_deep_lightgbm", "auc_diff_deep_lightgbm_p" })
            Assert.NotNull(metrics[name]);
        Assert.InRange(metrics["test_auc_deep"]!.GetValue<double>(), 0.65, 1.0);
        Assert.Equal(1, metrics["save_load_identical"]!.GetValue<double>());
        Assert.Equal("defaulted", log["parameters"]!["target"]!.GetValue<string>());
        Assert.Contains(log["artifacts"]!.AsArray(), a => a!.GetValue<string>().EndsWith("defaulted.fnd", StringComparison.Ordinal));
    }
}
