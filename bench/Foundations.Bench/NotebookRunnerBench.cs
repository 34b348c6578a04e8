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

        // Every notebook in the full run; the quick run (kept under 3 minutes) takes 01-data, the one notebook dotnet-repl
        // can run to the end (it stops at the first chart in the others), so the quick run still has a ratio.
        var notebooks = Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToList();
        if (run.Quick) notebooks = notebooks.Where(n => Path.GetFileName(n) == "01-data.ipynb").DefaultIfEmpty(notebooks[0]).Take(1).ToList();
        foreach (var notebook in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            double ours = Time(() => Ours(runner, notebook, work, root));
            var record = JsonNode.Parse(File.ReadAllText(Path.Combine(work, "ours", name + ".run.json")))!;
            double kernel = record["kernelStartSeconds"]!.GetValue<double>();
            double firstCell = record["cells"]?.AsArray().FirstOrDefault(c => c?["kind"]?.GetValue<string>() == "code")?["seconds"]?.GetValue<double>() ?? double.NaN;
            string note = string.Create(CultureInfo.InvariantCulture,
                $"one run each; ours: kernel start {kernel:0.0} s, first code cell {firstCell:0.0} s, and it also writes the HTML report and run.json; dotnet-repl only the executed .ipynb");
            try
            {
                double peer = Time(() => Repl(repl, notebook, work));
                run.Add(new BenchResult($"notebook_wall_{name}_s", ours, peer, "s", false, 1.0, "dotnet-repl", note));
            }
            catch (InvalidOperationException e)
            {
                // The peer cannot run this notebook: a row that says so, rather than a made-up ratio.
                run.Add(BenchResult.PeerFailed($"notebook_wall_{name}_s", ours, "s", false, "dotnet-repl", e.Message, note));
            }
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
        if (File.Exists(output)) File.Delete(output);
        string folder = Path.GetDirectoryName(notebook)!;
        string what = $"dotnet-repl {Path.GetFileName(notebook)}";
        int exit = Exec(repl, ["--run", notebook, "--working-dir", folder, "--exit-after-run", "--output-path", output], folder, what, failOnExit: false);
        // A failing cell makes dotnet-repl exit 2 (0.3.259): its executed notebook says which cell and why.
        if (!File.Exists(output)) throw new InvalidOperationException($"{what} exited {exit} without writing {output}.");
        var cells = JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray();
        for (int i = 0; i < cells.Count; i++)
        {
            var error = (cells[i]!["outputs"]?.AsArray() ?? []).FirstOrDefault(o => o!["output_type"]?.GetValue<string>() == "error");
            if (error is null) continue;
            // The innermost exception names the cause (a type initializer failing says little).
            string evalue = error["evalue"]?.GetValue<string>() ?? "";
            int inner = evalue.LastIndexOf("---> ", StringComparison.Ordinal);
            string message = (inner >= 0 ? evalue[(inner + 5)..] : evalue).Split('\n')[0].Trim();
            throw new InvalidOperationException($"cell {i + 1}: {(message.Length > 220 ? message[..220] + "…" : message)}");
        }
        if (exit != 0) throw new InvalidOperationException($"{what} exited {exit} though every cell ran.");
    }

    private static int Exec(string file, string[] args, string workingDirectory, string what, bool failOnExit = true)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15))) { process.Kill(true); throw new TimeoutException($"{what} ran past 15 minutes."); }
        if (failOnExit && process.ExitCode != 0) throw new InvalidOperationException($"{what} exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return process.ExitCode;
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
