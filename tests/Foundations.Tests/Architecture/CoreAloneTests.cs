using System.Text.Json.Nodes;
using Foundations.Tests.Deployment;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Architecture;

/// <summary>
/// Issue #16: <c>foundations score</c> needs only the core. The runner's output folder is rebuilt without the notebook
/// layer and everything only it needs (the kernel, Plotly.NET, FSharp.Core), and scoring still works from there.
/// </summary>
[Collection(SharedModels.SmallChurnModel)]
[Trait("Speed", "Slow")]
public class CoreAloneTests(SmallChurnModel small)
{
    private static readonly string[] NotebookOnly = { "Foundations.Notebooks", "Plotly.NET", "FSharp.Core", "Microsoft.DotNet.Interactive", "Microsoft.AspNetCore.Html" };

    [Fact]
    public void Score_runs_with_the_notebook_layer_and_its_packages_removed_from_the_runner()
    {
        string runner = Path.GetDirectoryName(RunnerProcess.Assembly)!;
        string alone = RunnerProcess.TempFolder();
        int removed = 0;
        foreach (var entry in new DirectoryInfo(runner).EnumerateFileSystemInfos())
        {
            string target = Path.Combine(alone, entry.Name);
            if (entry is DirectoryInfo) Directory.CreateSymbolicLink(target, entry.FullName);
            else if (NotebookOnly.Any(n => entry.Name.StartsWith(n, StringComparison.Ordinal) && entry.Name.EndsWith(".dll", StringComparison.Ordinal))) removed++;
            else if (entry.Name == "Foundations.Runner.deps.json") File.WriteAllText(target, WithoutNotebookOnly(File.ReadAllText(entry.FullName)));
            else File.CreateSymbolicLink(target, entry.FullName);
        }
        Assert.True(removed >= 4, $"expected the notebook layer and its packages in {runner}, removed {removed}");

        string input = SmallChurnModel.Write(small.Rows(20));
        string output = Path.Combine(Path.GetDirectoryName(input)!, "scores.csv");
        var run = RunnerProcess.RunFrom(Path.Combine(alone, "Foundations.Runner.dll"), "score", "--model", small.Path_, "--input", input, "--output", output);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.Contains("20 scored", run.Output);
        Assert.Equal(21, File.ReadAllLines(output).Length);
    }

    // The host refuses to start when deps.json names an app-local assembly that is missing: drop those entries.
    private static string WithoutNotebookOnly(string depsJson)
    {
        var deps = JsonNode.Parse(depsJson)!;
        foreach (var (_, libraries) in deps["targets"]!.AsObject())
            foreach (var (_, library) in libraries!.AsObject())
                if (library?["runtime"] is JsonObject runtime)
                    foreach (var file in runtime.Select(kv => kv.Key).Where(k => NotebookOnly.Any(n => Path.GetFileName(k).StartsWith(n, StringComparison.Ordinal))).ToList())
                        runtime.Remove(file);
        return deps.ToJsonString();
    }
}
