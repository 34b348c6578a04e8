using System.Text.Json.Nodes;

namespace Foundations.Tests.Runner;

public class EveryNotebookTests
{
    /// <summary>The main job in CI: every notebook under notebooks/ runs headless on the bundled data and writes its report.</summary>
    [Fact]
    public void Every_notebook_runs_headless_and_writes_its_report()
    {
        string outDir = RunnerProcess.TempFolder();
        var result = RunnerProcess.Run("run", RepoPaths.Notebooks, "--out", outDir);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        foreach (var notebook in Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb"))
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            Assert.True(File.Exists(Path.Combine(outDir, name + ".html")), $"no report for {name}");
            var run = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, name + ".run.json")))!;
            Assert.Equal("succeeded", run["status"]!.GetValue<string>());
            Assert.NotEmpty(run["metrics"]!.AsObject()); // every notebook logs what it found
        }
    }
}
