using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Foundations.Bench;

/// <summary>
/// Notebook runner: `foundations run` against the `dotnet-repl` tool (the served headless peer) on the same notebooks,
/// both started as processes the way a user starts them, so start-up, kernel creation and compilation all count.
/// </summary>
public static class RunnerBench
{
    private const string DotnetReplVersion = "0.3.259";

    /// <summary>Records start-up to first cell (a one-cell notebook) and wall time per notebook in notebooks/ for both tools.</summary>
    public static void Run(BenchRun run)
    {
        string runner = RunnerAssembly(run.RepoRoot);
        string repl = DotnetRepl(run.OutputFolder);
        string work = Path.Combine(run.OutputFolder, "runner");
        Directory.CreateDirectory(work);

        // Start-up: a one-cell notebook, so the figure is process start → kernel ready → first cell done.
        string tiny = Path.Combine(work, "first-cell.ipynb");
        File.WriteAllText(tiny, OneCellNotebook("System.Console.WriteLine(1 + 1);"));
        int repeats = run.Quick ? 1 : 3;
        var ours = Timed(repeats, () => Foundations(runner, tiny, Path.Combine(work, "ours")));
        var peer = Timed(repeats, () => Repl(repl, tiny, Path.Combine(work, "repl-first-cell.ipynb")));
        double kernel = KernelStartSeconds(Path.Combine(work, "ours", "first-cell.run.json"));
        run.Add(new BenchResult("runner_start_to_first_cell", ours, peer, "s", false, null, "dotnet-repl",
            $"process start to first cell done, median of {repeats}; in-process kernel creation alone {kernel:0.00} s; ours starts two processes (runner + child per notebook)"));

        var notebooks = Directory.GetFiles(Path.Combine(run.RepoRoot, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToList();
        if (run.Quick) notebooks = notebooks.Take(1).ToList();
        foreach (var notebook in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            double oursWall = Timed(1, () => Foundations(runner, notebook, Path.Combine(work, "ours")));
            double peerWall = Timed(1, () => Repl(repl, notebook, Path.Combine(work, $"repl-{name}.ipynb")));
            run.Add(new BenchResult($"runner_wall_{name}", oursWall, peerWall, "s", false, null, "dotnet-repl",
                "whole notebook, process start to exit; ours also writes the HTML report, run.json and index"));
        }
    }

    private static double Timed(int repeats, Action action)
    {
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static void Foundations(string runner, string notebook, string outDir) =>
        Exec("dotnet", Path.GetDirectoryName(notebook)!, runner, "run", notebook, "--out", outDir);

    // dotnet-repl resolves the notebook's relative #r from its working directory, as VS Code does: the notebook's folder.
    private static void Repl(string repl, string notebook, string output) =>
        Exec(repl, Path.GetDirectoryName(notebook)!, "--run", notebook, "--exit-after-run", "--output-format", "ipynb", "--output-path", output,
            "--working-dir", Path.GetDirectoryName(notebook)!);

    private static void Exec(string file, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10))) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)} ran past 10 minutes."); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {p.ExitCode}:\n{Tail(stdout.Result)}\n{Tail(stderr.Result)}");
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];

    private static double KernelStartSeconds(string runJson) =>
        JsonNode.Parse(File.ReadAllText(runJson))!["kernelStartSeconds"]!.GetValue<double>();

    private static string RunnerAssembly(string root)
    {
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            string path = Path.Combine(root, "src", "Foundations.Runner", "bin", configuration, "net10.0", "Foundations.Runner.dll");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("Build the runner first: dotnet build -c Release src/Foundations.Runner");
    }

    /// <summary>dotnet-repl from PATH, else installed once (pinned version) into artifacts/bench/tools with the ordinary dotnet tool client.</summary>
    private static string DotnetRepl(string benchFolder)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "dotnet-repl"))) return Path.Combine(dir, "dotnet-repl");
        string tools = Path.Combine(benchFolder, "tools");
        string path = Path.Combine(tools, "dotnet-repl");
        if (!File.Exists(path)) Exec("dotnet", benchFolder, "tool", "install", "dotnet-repl", "--version", DotnetReplVersion, "--tool-path", tools);
        return path;
    }

    private static string OneCellNotebook(string code)
    {
        var cell = new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = new JsonObject { ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" }, ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
            ["outputs"] = new JsonArray(),
            ["source"] = new JsonArray(code),
        };
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(cell),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "C#", ["pygments_lexer"] = "csharp", ["version"] = "13.0" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp", ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }) } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return notebook.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
