using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Foundations.Tests.Runner;

/// <summary>
/// The notebooks as a user meets them: executed by Jupyter's nbconvert in the real .NET Interactive kernel (the
/// dotnet-interactive tool pinned in .config/dotnet-tools.json, installed with its kernelspec by scripts/setup.sh).
/// </summary>
[Collection(NotebookRunsCollection.Name)]
[Trait("Speed", "Slow")]
public class RealKernelTests(NotebookRuns runs)
{
    /// <summary>A drawn chart: the kit's div for it (plotly.js itself contains the text "Plotly.newPlot(", so that is not counted).</summary>
    private const string ChartDiv = "<div id=\"fn-chart-";

    private static readonly Regex PlotlyFromNetwork = new(@"(src=|paths|require)[^<]{0,200}https?://cdn\.plot\.ly/plotly", RegexOptions.Compiled);

    [Fact]
    public void Every_notebook_runs_in_the_real_kernel_without_errors_or_compiler_warnings_and_draws_its_charts_offline()
    {
        var kernel = runs.Kernel;
        var (result, runnerOut) = runs.Runner;
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(NotebookRuns.NotebookFiles.Count, kernel.Runs.Count);
        foreach (var run in kernel.Runs)
        {
            Assert.True(run.ExitCode == 0, $"nbconvert failed on {run.Notebook}: {Tail(run.Log)}");
            var outputs = Outputs(run.Executed!).ToList();
            foreach (var (cell, output) in outputs)
            {
                Assert.False(output["output_type"]!.GetValue<string>() == "error", $"{run.Notebook} cell {cell}: {output["evalue"]}");
                string text = output["output_type"]!.GetValue<string>() == "stream" ? Text(output["text"]) : "";
                Assert.False(Regex.IsMatch(text, @"warning CS\d+"), $"{run.Notebook} cell {cell} shows a compiler warning: {text.Trim()}");
            }
            string html = string.Concat(outputs.Select(o => Text(o.Output["data"]?["text/html"])));
            Assert.False(PlotlyFromNetwork.IsMatch(html), $"{run.Notebook} loads plotly.js from the network");

            // Charts: the same number as in the runner's executed notebook, with plotly.js carried once.
            var executedByRunner = JsonNode.Parse(File.ReadAllText(Path.Combine(runnerOut, run.Notebook + ".ipynb")))!;
            int charts = Regex.Matches(html, ChartDiv).Count;
            int runnerCharts = Regex.Matches(string.Concat(Outputs(executedByRunner).Select(o => Text(o.Output["data"]?["text/html"]))), ChartDiv).Count;
            Assert.True(charts == runnerCharts, $"{run.Notebook}: {charts} charts in the kernel, {runnerCharts} in the runner's report");
            if (charts > 0) Assert.Single(Regex.Matches(html, "data-foundations-plotly=\"1\">"));
        }
        Assert.True(kernel.Runs.Sum(r => Regex.Matches(string.Concat(Outputs(r.Executed!).Select(o => Text(o.Output["data"]?["text/html"]))), ChartDiv).Count) > 10,
            "the notebooks draw charts");
    }

    [Fact]
    public void Real_kernel_logs_the_same_metrics_as_the_runners_run_json()
    {
        var kernel = runs.Kernel;
        var (_, runnerOut) = runs.Runner;
        foreach (var run in kernel.Runs)
        {
            Assert.True(run.RunLog is not null, $"{run.Notebook} wrote no experiment log in the kernel: {Tail(run.Log)}");
            var runnerMetrics = JsonNode.Parse(File.ReadAllText(Path.Combine(runnerOut, run.Notebook + ".run.json")))!["metrics"]!.AsObject();
            var kernelMetrics = run.RunLog!["metrics"]!.AsObject();
            Assert.NotEmpty(runnerMetrics);
            foreach (var (name, value) in runnerMetrics)
            {
                if (IsTiming(name)) continue;
                Assert.True(kernelMetrics.ContainsKey(name), $"{run.Notebook}: metric {name} logged by the runner, not in the kernel");
                double? expected = value?.GetValue<double>(), actual = kernelMetrics[name]?.GetValue<double>();
                Assert.True(expected is null ? actual is null : actual is not null && Math.Abs(expected.Value - actual.Value) <= 1e-9 + 1e-9 * Math.Abs(expected.Value),
                    $"{run.Notebook}: {name} = {expected} in the runner, {actual} in the kernel (same seed, same data)");
            }
            Assert.Equal(runnerMetrics.Count(m => !IsTiming(m.Key)), kernelMetrics.Count(m => !IsTiming(m.Key)));
        }
    }

    [Fact]
    public void Runner_reports_one_FSharp_Core_the_one_the_kernel_tool_ships()
    {
        var (_, runnerOut) = runs.Runner;
        string shipped = KernelToolFSharpCoreVersion();
        foreach (var notebook in NotebookRuns.NotebookFiles)
        {
            var packages = JsonNode.Parse(File.ReadAllText(Path.Combine(runnerOut, Path.GetFileNameWithoutExtension(notebook) + ".run.json")))!["packages"]!;
            string loaded = packages["FSharp.Core"]?.GetValue<string>() ?? "(not loaded)";
            Assert.True(loaded.StartsWith(shipped, StringComparison.Ordinal) && !loaded.Contains(','), $"{Path.GetFileName(notebook)}: FSharp.Core {loaded}, the tool ships {shipped}");
            Assert.Equal("1.0.0-beta.26120.1", packages["Microsoft.DotNet.Interactive"]?.GetValue<string>());
        }
    }

    /// <summary>The FSharp.Core package version in the dotnet-interactive tool's deps.json.</summary>
    private static string KernelToolFSharpCoreVersion()
    {
        string version = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, ".config", "dotnet-tools.json")))!["tools"]!["microsoft.dotnet-interactive"]!["version"]!.GetValue<string>();
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string deps = Directory.GetFiles(Path.Combine(packages, "microsoft.dotnet-interactive", version), "Microsoft.DotNet.Interactive.App.deps.json", SearchOption.AllDirectories).Single();
        var library = JsonNode.Parse(File.ReadAllText(deps))!["libraries"]!.AsObject().Select(kv => kv.Key).Single(k => k.StartsWith("FSharp.Core/", StringComparison.Ordinal));
        return library["FSharp.Core/".Length..];
    }

    /// <summary>Wall-clock figures (train_seconds_deep, decisions_per_second, ..._ms) differ between any two runs.</summary>
    private static bool IsTiming(string metric) => metric.Contains("second", StringComparison.OrdinalIgnoreCase) || metric.EndsWith("_ms", StringComparison.Ordinal);

    private static IEnumerable<(int Cell, JsonObject Output)> Outputs(JsonNode notebook) =>
        notebook["cells"]!.AsArray().Select((c, i) => (Cell: i + 1, Node: c!))
            .SelectMany(c => (c.Node["outputs"]?.AsArray() ?? new JsonArray()).Select(o => (c.Cell, o!.AsObject())));

    /// <summary>nbformat stores text as a string or a list of lines.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        _ => node.GetValue<string>(),
    };

    private static string Tail(string log) => log.Length <= 3000 ? log : log[^3000..];
}
