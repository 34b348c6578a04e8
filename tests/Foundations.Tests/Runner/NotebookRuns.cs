using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Foundations.Tests.Runner;

/// <summary>
/// Every notebook under notebooks/, run once per test run by each host a user meets: `foundations run` (the main job)
/// and Jupyter's own nbconvert driving the real .NET Interactive kernel (what VS Code and Jupyter start). Lazy, so a
/// filtered test run pays only for the host it asks for; shared, so the slow runs happen once.
/// </summary>
public sealed class NotebookRuns
{
    private readonly Lazy<RunnerPass> _runner = new(RunRunner);
    private readonly Lazy<KernelPass> _kernel = new(RunKernel);

    /// <summary>`foundations run notebooks --out ...`: its result and output folder.</summary>
    internal RunnerPass Runner => _runner.Value;

    /// <summary>`jupyter nbconvert --to notebook --execute` on each notebook, each with its experiment log.</summary>
    internal KernelPass Kernel => _kernel.Value;

    internal sealed record RunnerPass(RunnerProcess.Result Result, string OutputFolder);

    internal sealed record KernelRun(string Notebook, int ExitCode, string Log, double Seconds, JsonNode? Executed, JsonNode? RunLog);

    internal sealed record KernelPass(IReadOnlyList<KernelRun> Runs, string OutputFolder);

    public static IReadOnlyList<string> NotebookFiles => Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").OrderBy(p => p, StringComparer.Ordinal).ToList();

    private static RunnerPass RunRunner()
    {
        string outDir = RunnerProcess.TempFolder();
        return new RunnerPass(RunnerProcess.Run("run", RepoPaths.Notebooks, "--out", outDir), outDir);
    }

    private static KernelPass RunKernel()
    {
        string outDir = RunnerProcess.TempFolder();
        var runs = new List<KernelRun>();
        foreach (var notebook in NotebookFiles)
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            string runLog = Path.Combine(outDir, name + ".log.json");
            var psi = new ProcessStartInfo("jupyter") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
            foreach (var a in new[] { "nbconvert", "--to", "notebook", "--execute", notebook, "--output-dir", outDir, "--ExecutePreprocessor.timeout=900" }) psi.ArgumentList.Add(a);
            // The kit's experiment log writes here (the kernel inherits it from nbconvert), so its metrics can be compared with the runner's.
            psi.Environment[Foundations.Experiments.Run.RunFileVariable] = runLog;
            psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
            var watch = Stopwatch.StartNew();
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start jupyter: run scripts/setup.sh");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(15))) { p.Kill(true); throw new TimeoutException($"nbconvert on {name} ran past 15 minutes."); }
            string executedPath = Path.Combine(outDir, name + ".ipynb");
            runs.Add(new KernelRun(name, p.ExitCode, stdout.Result + stderr.Result, watch.Elapsed.TotalSeconds,
                File.Exists(executedPath) ? JsonNode.Parse(File.ReadAllText(executedPath)) : null,
                File.Exists(runLog) ? JsonNode.Parse(File.ReadAllText(runLog)) : null));
        }
        return new KernelPass(runs, outDir);
    }
}

[CollectionDefinition(Name)]
public sealed class NotebookRunsCollection : ICollectionFixture<NotebookRuns>
{
    public const string Name = "notebook runs";
}
