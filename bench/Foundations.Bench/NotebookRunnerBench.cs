using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Foundations.Bench;

/// <summary>
/// The notebook runner beside the `dotnet-repl` tool on the same notebooks: start-up (a one-cell notebook, process
/// start to exit: kernel start plus first cell) and wall time for every notebook in notebooks/. Each tool runs each
/// notebook in a fresh process, as CI does. dotnet-repl is installed as a local tool under artifacts/bench/tools.
/// </summary>
public static class NotebookRunnerBench
{
    private const string ReplVersion = "0.3.259";

    /// <summary>Records seconds per notebook for ours and dotnet-repl (lower is better; target: ours at least as fast).</summary>
    public static void Run(BenchRun run)
    {
        string root = run.RepoRoot;
        string runner = Path.Combine(root, "src", "Foundations.Runner", "bin", "Release", "net10.0", "Foundations.Runner.dll");
        if (!File.Exists(runner)) throw new FileNotFoundException($"Build the runner in Release first: dotnet build src/Foundations.Runner -c Release ({runner} is missing).", runner);
        string repl = InstallRepl(Path.Combine(run.OutputFolder, "tools"));
        string work = Path.Combine(run.OutputFolder, "notebook-runner");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);

        // Start-up: one cell, "1 + 1", in the notebooks folder so both resolve paths the same way.
        string oneCell = Path.Combine(root, "notebooks", ".bench-one-cell.ipynb");
        File.WriteAllText(oneCell, OneCellNotebook(Path.Combine(root, "notebooks", "01-data.ipynb")));
        try
        {
            int repeats = run.Quick ? 1 : 3;
            var ours = Median(repeats, () => Ours(runner, oneCell, work, root));
            var peer = Median(repeats, () => Repl(repl, oneCell, work));
            var kernel = JsonNode.Parse(File.ReadAllText(Path.Combine(work, "ours", ".bench-one-cell.run.json")))!["kernelStartSeconds"]!.GetValue<double>();
            run.Add(new BenchResult("notebook_kernel_start_to_first_cell_s", ours, peer, "s", false, 1.0, "dotnet-repl",
                $"one-cell notebook, process start to exit, median of {repeats}; ours includes the parent runner process and the report; kernel start inside the child: {kernel.ToString("0.00", CultureInfo.InvariantCulture)} s"));
        }
        finally { File.Delete(oneCell); }

        var notebooks = Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToList();
        if (run.Quick) notebooks = notebooks.Take(1).ToList();
        foreach (var notebook in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            double ours = Time(() => Ours(runner, notebook, work, root));
            double peer;
            try { peer = Time(() => Repl(repl, notebook, work)); }
            catch (InvalidOperationException e)
            {
                // The peer cannot run this notebook: say so and keep measuring the rest, rather than print a made-up ratio.
                Console.WriteLine($"  notebook_wall_{name}_s: ours {ours.ToString("0.0", CultureInfo.InvariantCulture)} s; dotnet-repl could not run it ({e.Message.Split('\n')[0]})");
                continue;
            }
            run.Add(new BenchResult($"notebook_wall_{name}_s", ours, peer, "s", false, 1.0, "dotnet-repl",
                "one run each; ours also writes the HTML report and run.json, dotnet-repl only the executed .ipynb"));
        }
    }

    private static double Median(int repeats, Action action)
    {
        var times = Enumerable.Range(0, repeats).Select(_ => Time(action)).Order().ToList();
        return times[times.Count / 2];
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static void Ours(string runner, string notebook, string work, string root) =>
        Exec("dotnet", [runner, "run", notebook, "--out", Path.Combine(work, "ours")], root, $"foundations run {Path.GetFileName(notebook)}");

    private static void Repl(string repl, string notebook, string work)
    {
        string output = Path.Combine(work, "repl", Path.GetFileName(notebook));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        string folder = Path.GetDirectoryName(notebook)!;
        Exec(repl, ["--run", notebook, "--working-dir", folder, "--exit-after-run", "--output-path", output], folder, $"dotnet-repl {Path.GetFileName(notebook)}");
        // dotnet-repl exits 0 even when a cell fails: a peer time only counts when its notebook really ran.
        var cells = JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray();
        var error = cells.SelectMany(c => c!["outputs"]?.AsArray() ?? []).FirstOrDefault(o => o!["output_type"]?.GetValue<string>() == "error");
        if (error is not null) throw new InvalidOperationException($"dotnet-repl failed on {notebook}: {error["evalue"]}");
    }

    private static void Exec(string file, string[] args, string workingDirectory, string what)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15))) { process.Kill(true); throw new TimeoutException($"{what} ran past 15 minutes."); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{what} exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }

    /// <summary>Installs dotnet-repl (served on NuGet as a dotnet tool) into a local tool path once.</summary>
    private static string InstallRepl(string toolPath)
    {
        string repl = Path.Combine(toolPath, "dotnet-repl");
        if (File.Exists(repl)) return repl;
        Exec("dotnet", ["tool", "install", "dotnet-repl", "--version", ReplVersion, "--tool-path", toolPath], Directory.GetCurrentDirectory(), "dotnet tool install dotnet-repl");
        return repl;
    }

    private static string OneCellNotebook(string like)
    {
        var metadata = JsonNode.Parse(File.ReadAllText(like))!["metadata"]!.DeepClone();
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(new JsonObject
            {
                ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = new JsonArray("1 + 1"),
            }),
            ["metadata"] = metadata, ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        return notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
