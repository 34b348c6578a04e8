using System.Diagnostics;
using System.Text.Json;

namespace Foundations.Runner;

/// <summary>`foundations run`: each notebook in its own process (a kernel cannot unload assemblies), then the index page.</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(RunOptions options)
    {
        Directory.CreateDirectory(options.OutputFolder);
        using var stop = new StopSignals();
        var records = new List<RunRecord>();
        var total = Stopwatch.StartNew();
        for (int i = 0; i < options.Notebooks.Count; i++)
        {
            string notebook = options.Notebooks[i];
            string name = Path.GetFileNameWithoutExtension(notebook);
            Console.WriteLine($"[{i + 1}/{options.Notebooks.Count}] {notebook}");
            var watch = Stopwatch.StartNew();
            string uid = Guid.NewGuid().ToString("N");
            var started = DateTime.UtcNow;
            // A file that is not a notebook is refused here, with its reason in the index, before a process is started for it.
            try { NotebookFile.Load(notebook); }
            catch (InvalidDataException e)
            {
                records.Add(new RunRecord { Notebook = Path.GetFullPath(notebook), Status = "failed", Error = e.Message, Start = started, End = DateTime.UtcNow, Seconds = watch.Elapsed.TotalSeconds });
                RunStoreLink.FailedInChild(notebook, uid, e.Message, started);
                Console.WriteLine($"    FAILED at start: {e.Message}");
                if (!options.ContinueOnError) break;
                continue;
            }
            int? exit = await RunChildAsync(notebook, options, uid, stop.Token);
            if (exit is null)
            {
                string why = $"stopped by {stop.SignalName} after {watch.Elapsed.TotalSeconds:0.0} s";
                records.Add(new RunRecord { Notebook = Path.GetFullPath(notebook), Status = "failed", Error = why, Start = started, End = DateTime.UtcNow, Seconds = watch.Elapsed.TotalSeconds });
                RunStoreLink.FailedInChild(notebook, uid, why, started);
                WriteIndex(options, records);
                int notStarted = options.Notebooks.Count - i - 1;
                Console.Error.WriteLine($"foundations: {why} while running {notebook}; its process was stopped{(notStarted > 0 ? $" and {notStarted} later notebook(s) not started" : "")}.");
                return stop.ExitCode;
            }
            string runJson = Path.Combine(options.OutputFolder, name + ".run.json");
            bool childWroteLog = File.Exists(runJson) && File.GetLastWriteTimeUtc(runJson) >= DateTime.UtcNow - watch.Elapsed - TimeSpan.FromSeconds(2);
            RunRecord record = childWroteLog
                ? JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(runJson), NotebookExecutor.Json)!
                : new RunRecord { Notebook = Path.GetFullPath(notebook), Status = "failed", Error = $"the notebook process exited with code {exit} before writing its run log", Start = DateTime.UtcNow - watch.Elapsed, End = DateTime.UtcNow, Seconds = watch.Elapsed.TotalSeconds };
            if (!childWroteLog) RunStoreLink.FailedInChild(notebook, uid, record.Error!, started);
            records.Add(record);
            Console.WriteLine(record.Status == "succeeded"
                ? $"    succeeded in {watch.Elapsed.TotalSeconds:0.0} s → {Path.Combine(options.OutputFolder, name + ".html")}"
                : $"    FAILED in {watch.Elapsed.TotalSeconds:0.0} s at {record.FailedCell ?? "start"}: {record.Error}");
            if (record.Status != "succeeded" && !options.ContinueOnError) break;
        }
        WriteIndex(options, records);
        Console.WriteLine($"{records.Count(r => r.Status == "succeeded")}/{options.Notebooks.Count} notebooks succeeded in {total.Elapsed.TotalSeconds:0.0} s; index: {Path.Combine(options.OutputFolder, "index.html")}");
        var failures = records.Where(r => r.Status != "succeeded").ToList();
        foreach (var f in failures)
            Console.Error.WriteLine($"foundations: {Path.GetFileName(f.Notebook)} failed at {f.FailedCell ?? "start"}: {f.Error}");
        return failures.Count == 0 && records.Count == options.Notebooks.Count ? 0 : 1;
    }

    private static void WriteIndex(RunOptions options, List<RunRecord> records)
    {
        bool runsPage = RunsPage.TryWrite(Path.Combine(options.OutputFolder, "runs.html"), options.Notebooks);
        File.WriteAllText(Path.Combine(options.OutputFolder, "index.html"), IndexPage.Write(records, options.Notebooks, runsPage));
    }

    /// <summary>The child side: runs one notebook in this process.</summary>
    public static async Task<int> ExecuteOneAsync(RunOptions options)
    {
        var record = await NotebookExecutor.ExecuteAsync(options.Notebooks[0], options);
        return record.Status == "succeeded" ? 0 : 1;
    }

    /// <summary>Runs one notebook in a child process; its exit code, or null when <paramref name="stop"/> came first (the child and its kernel are then stopped).</summary>
    private static async Task<int?> RunChildAsync(string notebook, RunOptions options, string runUid, CancellationToken stop)
    {
        var psi = new ProcessStartInfo(System.Environment.ProcessPath!) { UseShellExecute = false };
        psi.Environment[RunStoreLink.RunUidVariable] = runUid;
        // Under `dotnet foundations.dll` the process is dotnet itself: pass the runner's assembly first.
        if (Path.GetFileNameWithoutExtension(System.Environment.ProcessPath!) == "dotnet") psi.ArgumentList.Add(typeof(RunCommand).Assembly.Location);
        // libtorch's OpenMP threads spin while waiting; on shared or small machines that starves everything else.
        if (System.Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null) psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        psi.ArgumentList.Add("execute");
        psi.ArgumentList.Add(Path.GetFullPath(notebook));
        psi.ArgumentList.Add("--out");
        psi.ArgumentList.Add(Path.GetFullPath(options.OutputFolder));
        foreach (var (k, v) in options.Parameters) { psi.ArgumentList.Add("-p"); psi.ArgumentList.Add($"{k}={v}"); }
        if (options.NoInput) psi.ArgumentList.Add("--no-input");
        if (options.ContinueOnError) psi.ArgumentList.Add("--continue-on-error");
        if (options.CellTimeout is { } t) { psi.ArgumentList.Add("--timeout"); psi.ArgumentList.Add(t.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        using var process = Process.Start(psi)!;
        try
        {
            await process.WaitForExitAsync(stop);
            return process.ExitCode;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } // it may have ended by itself meanwhile
            await process.WaitForExitAsync(CancellationToken.None);
            return null;
        }
    }
}
