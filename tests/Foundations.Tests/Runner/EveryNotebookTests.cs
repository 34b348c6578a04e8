using System.Text.Json.Nodes;

namespace Foundations.Tests.Runner;

[Collection(NotebookRunsCollection.Name)]
[Trait("Speed", "Slow")]
public class EveryNotebookTests(NotebookRuns runs)
{
    /// <summary>The main job in CI: every notebook under notebooks/ runs headless on the bundled data and writes its report.</summary>
    [Fact]
    public void Every_notebook_runs_headless_and_writes_its_report()
    {
        var (result, outDir) = runs.Runner;
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        foreach (var notebook in Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb"))
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            Assert.True(File.Exists(Path.Combine(outDir, name + ".html")), $"no report for {name}");
            var run = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, name + ".run.json")))!;
            Assert.Equal("succeeded", run["status"]!.GetValue<string>());
            Assert.NotEmpty(run["metrics"]!.AsObject()); // every notebook logs what it found
        }

        // The start-here tutorial: the tiny model learned, and the top tenth holds clearly more leavers than chance.
        var tutorial = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "00-start-here.run.json")))!["metrics"]!;
        Assert.True(tutorial["lesson_log_loss_end"]!.GetValue<double>() < 0.6 * tutorial["lesson_log_loss_start"]!.GetValue<double>());
        Assert.True(tutorial["lift_top_tenth"]!.GetValue<double>() > 2, $"lift {tutorial["lift_top_tenth"]}");
        Assert.Contains("<details class=\"code\"><summary>", File.ReadAllText(Path.Combine(outDir, "00-start-here.html"))); // code folded

        // The segmentation notebook recovers the planted segments on balanced columns and logs stability and outcome rates.
        var segments = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "03-segmentation.run.json")))!["metrics"]!;
        Assert.True(segments["adjusted_rand_planted"]!.GetValue<double>() >= 0.8, $"adjusted_rand_planted {segments["adjusted_rand_planted"]}");
        Assert.Equal(5, segments["k"]!.GetValue<double>());
        Assert.InRange(segments["stability_ari"]!.GetValue<double>(), 0.8, 1.0);
        Assert.True(segments["outcome_rate_max"]!.GetValue<double>() > segments["outcome_rate_min"]!.GetValue<double>());
        Assert.True(segments["silhouette"]!.GetValue<double>() > 0.2, $"silhouette {segments["silhouette"]}");

        // The monitoring notebook must show real drift on the drifted quarter and none on the ordinary one.
        var monitoring = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "05-monitoring.run.json")))!["metrics"]!;
        double Metric(string name) => monitoring[name]!.GetValue<double>();
        Assert.True(Metric("psi_score_undrifted") < 0.10, $"psi_score_undrifted {Metric("psi_score_undrifted")}");
        Assert.True(Metric("psi_score_drifted") >= 0.10, $"psi_score_drifted {Metric("psi_score_drifted")}");
        Assert.True(Metric("features_act") >= 1);
        Assert.Equal(24, Metric("features_stable") + Metric("features_watch") + Metric("features_act"));
        Assert.True(Metric("gini_drifted") < 0.8 * Metric("gini_development"), $"gini {Metric("gini_drifted")} vs {Metric("gini_development")}");

        // The reuse notebook logs every point of its learning curve, and the saved encoder reloads identically.
        var reuse = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "06-reuse.run.json")))!["metrics"]!;
        foreach (var size in new[] { "250", "500", "1000", "2000", "all" })
            foreach (var start in new[] { "scratch", "transfer" })
                Assert.InRange(reuse[$"auc_{start}_{size}"]!.GetValue<double>(), 0.6, 1.0);
        Assert.Equal(1, reuse["encoder_save_load_identical"]!.GetValue<double>());
    }
}
