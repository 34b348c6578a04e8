using Foundations.Interactive;
using System.Diagnostics;
using Foundations.Experiments;
using Foundations.Tests.Runner;
using Microsoft.Data.Sqlite;

namespace Foundations.Tests.Experiments;

/// <summary>Run.Start changes the process-wide Run.Current: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition("Run.Current", DisableParallelization = true)]
public sealed class RunCurrentCollection;

[Collection("Run.Current")]
[Trait("Speed", "Slow")]
public class RunStoreTests
{
    private static string TestNotebook => Path.Combine(RepoPaths.Root, "tests", "notebooks", "runs-check.ipynb");

    private static string TempStore() => Path.Combine(RunnerProcess.TempFolder(), "runs.db");

    // What the cells of runs-check.ipynb do, run as a notebook host (VS Code, Jupyter) runs them: one kernel, rerun.
    private static Run RunLikeTheNotebook(string store, int epochs, bool failAfterStart = false)
    {
        var run = Run.Start("runs-check", new { epochs, label = "a" }, keyMetric: "score", store: store);
        if (failAfterStart) run.Fail("InvalidOperationException: a cell failed");
        Run.Current.Series("train_loss", Enumerable.Range(1, epochs).Select(e => 1.0 / e));
        Run.Current.Metric("score", 0.5 + 0.1 * epochs);
        string model = Path.Combine(Path.GetTempPath(), $"runs-check-a-{epochs}.bin");
        File.WriteAllBytes(model, BitConverter.GetBytes(epochs));
        Run.Current.Artifact(model);
        return run;
    }

    [Fact]
    public async Task Two_host_reruns_with_different_epochs_and_one_runner_run_leave_three_runs_that_runs_lists()
    {
        string store = TempStore();
        try
        {
            RunLikeTheNotebook(store, epochs: 2);
            RunLikeTheNotebook(store, epochs: 3);   // the rerun closes the first run
        }
        finally { Run.StopRecording(); }

        var runner = Foundations(store, "run", TestNotebook, "--out", Path.Combine(Path.GetDirectoryName(store)!, "reports"), "-p", "epochs=4");
        Assert.True(runner.ExitCode == 0, runner.Output + runner.Error);

        var runs = RunStore.Open(store).Runs("runs-check");
        Assert.Equal(3, runs.Count);
        Assert.Equal(new[] { "2", "3", "4" }, runs.Select(r => r.Parameters["epochs"]));
        Assert.Equal("runner", runs[2].Host);
        Assert.All(runs.Take(2), r => Assert.NotEqual("runner", r.Host));   // "process" here; vscode or jupyter in a kernel
        Assert.All(runs, r => Assert.Equal("succeeded", r.Status));
        Assert.Equal(new[] { 0.7, 0.8, 0.9 }, runs.Select(r => Math.Round(r.Metrics["score"], 10)));
        Assert.Equal(new[] { 2, 3, 4 }, runs.Select(r => r.Series["train_loss"].Count));
        Assert.All(runs, r => Assert.Equal(64, r.Artifacts.Single().Sha256!.Length));
        Assert.All(runs, r => Assert.Equal("score", r.KeyMetric));
        Assert.All(runs, r => Assert.False(string.IsNullOrEmpty(r.Machine)));
        Assert.All(runs, r => Assert.NotNull(r.GitCommit));
        Assert.All(runs, r => Assert.True(r.Ended >= r.Started));

        var listed = Foundations(store, "runs", "--notebook", "runs-check");
        Assert.True(listed.ExitCode == 0, listed.Output + listed.Error);
        var lines = listed.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("3 runs of runs-check", lines[0]);
        Assert.Contains("same in every run: label=a", listed.Output);
        string header = lines.First(l => l.StartsWith("run ", StringComparison.Ordinal));
        Assert.Contains("epochs", header);
        Assert.Contains("score", header);
        foreach (var run in runs)
        {
            string row = lines.Skip(1).First(l => l.StartsWith($"{run.Id} ", StringComparison.Ordinal));
            Assert.Contains($" {run.Parameters["epochs"]} ", row);
            Assert.Contains(run.Metrics["score"].ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), row);
            Assert.Contains(run.Host, row);
        }

        var sorted = Foundations(store, "runs", "runs-check", "--sort", "score", "--where", "label=a", "--last", "2");
        Assert.True(sorted.ExitCode == 0, sorted.Output + sorted.Error);
        var ids = sorted.Output.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l[0]) && !l.StartsWith("2 runs", StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ')[0])).ToList();
        Assert.Equal(new[] { runs[2].Id, runs[1].Id }, ids);

        var compared = Foundations(store, "runs", "--compare", runs[0].Id.ToString(), runs[2].Id.ToString());
        Assert.True(compared.ExitCode == 0, compared.Output + compared.Error);
        Assert.Matches(@"epochs\s+2\s+4", compared.Output);
        Assert.Matches(@"score\s+0\.7\s+0\.9\s+\+0\.2", compared.Output);
        Assert.Contains("only in", compared.Output);   // each run saved its own model file
        Assert.Matches(@"host\s+\S+\s+runner", compared.Output);

        // The runner's index links the run history page, which shows all three runs offline.
        string reports = Path.Combine(Path.GetDirectoryName(store)!, "reports");
        Assert.Contains("href=\"runs.html\"", File.ReadAllText(Path.Combine(reports, "index.html")));
        string page = File.ReadAllText(Path.Combine(reports, "runs.html"));
        Assert.Contains("3 runs of runs-check", page);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "data-foundations-plotly"));
        Assert.DoesNotContain("<script src", page);
        Assert.Contains("score across runs", page);
        await RunsPageFiltersOfflineInChromium(Path.Combine(reports, "runs.html"));
    }

    // Debian's chromium (scripts/setup.sh), offline: the chart draws from the inlined plotly.js and the filters hide rows.
    private static async Task RunsPageFiltersOfflineInChromium(string page)
    {
        const string chromium = "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: run scripts/setup.sh (it installs Debian's chromium).");
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = new[] { "--no-sandbox", "--disable-gpu", "--no-first-run" } });
        var context = await browser.NewContextAsync(new() { Offline = true });
        var tab = await context.NewPageAsync();
        var errors = new List<string>();
        tab.PageError += (_, error) => errors.Add(error);
        await tab.GotoAsync(new Uri(page).AbsoluteUri);
        await tab.WaitForSelectorAsync(".fn-chart svg.main-svg", new() { Timeout = 30_000 });
        var count = tab.Locator("#nb-runs-check [data-count]");
        Assert.Equal("3 of 3 runs", await count.InnerTextAsync());
        await tab.Locator("#nb-runs-check [data-filter=host]").SelectOptionAsync("runner");
        Assert.Equal("1 of 3 runs", await count.InnerTextAsync());
        await tab.Locator("#nb-runs-check [data-filter=status]").SelectOptionAsync("failed");
        Assert.Equal("0 of 3 runs", await count.InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Two_runner_processes_writing_at_once_keep_every_write_and_an_intact_store()
    {
        string store = TempStore();
        string folder = Path.GetDirectoryName(store)!;
        string barrier = Path.Combine(folder, "barrier");
        Directory.CreateDirectory(barrier);
        const int writes = 300;
        // Both notebooks wait at the barrier until the other has started, then each makes 300 single-row transactions.
        var first = Task.Run(() => Foundations(store, "run", TestNotebook, "--out", Path.Combine(folder, "a"), "-p", "label=a", "-p", $"writes={writes}", "-p", $"barrier={barrier}"));
        var second = Task.Run(() => Foundations(store, "run", TestNotebook, "--out", Path.Combine(folder, "b"), "-p", "label=b", "-p", $"writes={writes}", "-p", $"barrier={barrier}"));
        foreach (var result in await Task.WhenAll(first, second)) Assert.True(result.ExitCode == 0, result.Output + result.Error);

        var runs = RunStore.Open(store).Runs("runs-check");
        Assert.Equal(new[] { "a", "b" }, runs.Select(r => r.Parameters["label"]).Order());
        Assert.All(runs, r => Assert.Equal("succeeded", r.Status));
        Assert.All(runs, r => Assert.Equal(Enumerable.Range(0, writes).Select(i => (double)i), r.Metrics.Where(m => m.Key.StartsWith("write_", StringComparison.Ordinal)).OrderBy(m => m.Key).Select(m => m.Value)));
        using var c = new SqliteConnection($"Data Source={store}");
        c.Open();
        using var check = c.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    [Fact]
    public void A_failing_notebook_under_the_runner_is_kept_as_failed_with_its_cell()
    {
        string store = TempStore();
        var result = Foundations(store, "run", Path.Combine(RepoPaths.Root, "tests", "notebooks", "canary-throws.ipynb"), "--out", Path.Combine(Path.GetDirectoryName(store)!, "reports"));
        Assert.Equal(1, result.ExitCode);
        var run = Assert.Single(RunStore.Open(store).Runs("canary-throws"));
        Assert.Equal("failed", run.Status);
        Assert.Equal("runner", run.Host);
        Assert.StartsWith("cell 3", run.Error);
        Assert.Contains("canary exception", run.Error);
    }

    [Fact]
    public void A_cell_failing_in_a_notebook_host_keeps_that_run_as_failed_when_the_next_run_starts()
    {
        string store = TempStore();
        try
        {
            RunLikeTheNotebook(store, epochs: 2, failAfterStart: true);
            var open = RunStore.Open(store).Runs("runs-check").Single();
            Assert.Equal("running", open.Status);   // a kernel's run stays open until the next Start or the kernel exits
            RunLikeTheNotebook(store, epochs: 3);
        }
        finally { Run.StopRecording(); }
        var runs = RunStore.Open(store).Runs("runs-check");
        Assert.Equal(new[] { "failed", "succeeded" }, runs.Select(r => r.Status));
        Assert.Equal("InvalidOperationException: a cell failed", runs[0].Error);
    }

    [Fact]
    public void Runs_Of_renders_the_table_and_a_chart_of_the_key_metric_and_filters_by_parameter()
    {
        string store = TempStore();
        try
        {
            RunLikeTheNotebook(store, epochs: 2);
            RunLikeTheNotebook(store, epochs: 5);
        }
        finally { Run.StopRecording(); }
        var history = Runs.Of("runs-check", store: store);
        Assert.Equal(new[] { "epochs" }, history.VaryingParameters);
        Assert.Equal("score", history.KeyMetric);
        string html = Reports.Html(history);
        Assert.Contains("2 runs of runs-check", html);
        Assert.Contains("<th>epochs</th>", html);
        Assert.Contains("score across runs", html);
        var five = Runs.Of("runs-check", where: "epochs=5", store: store);
        Assert.Equal("5", Assert.Single(five.Entries).Parameters["epochs"]);
        var error = Assert.Throws<ArgumentException>(() => Runs.Of("runs-check", where: "epoch=5", store: store));
        Assert.Contains("no run has a parameter 'epoch'", error.Message);
        Assert.Contains("epochs", error.Message);
        Assert.Throws<ArgumentException>(() => Runs.Of("runs-check", sortBy: "auc", store: store));
    }

    [Fact]
    public void Export_writes_csv_for_bi_tools_and_an_mlflow_file_store_layout()
    {
        string store = TempStore();
        try
        {
            RunLikeTheNotebook(store, epochs: 2);
            RunLikeTheNotebook(store, epochs: 3);
        }
        finally { Run.StopRecording(); }
        var runs = RunStore.Open(store).Runs("runs-check");
        string dir = Path.Combine(Path.GetDirectoryName(store)!, "export");
        RunExport.Write(runs, dir);

        var csv = File.ReadAllLines(Path.Combine(dir, "runs.csv"));
        Assert.Equal(3, csv.Length);
        static string[] Fields(string line) => System.Text.RegularExpressions.Regex.Split(line, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        var header = Fields(csv[0]);
        Assert.Contains("param.epochs", header);
        Assert.Contains("metric.score", header);
        Assert.Equal("3", Fields(csv[2])[Array.IndexOf(header, "param.epochs")]);
        Assert.Equal(header.Length, Fields(csv[2]).Length);   // the machine text holds commas: quoted, so columns stay aligned
        Assert.Equal(2 + 3 + 1, File.ReadAllLines(Path.Combine(dir, "series.csv")).Length);

        string run = Path.Combine(dir, "mlruns", "1", runs[1].Uid);
        Assert.Contains("name: 'runs-check'", File.ReadAllText(Path.Combine(dir, "mlruns", "1", "meta.yaml")));
        Assert.Contains("status: 3", File.ReadAllText(Path.Combine(run, "meta.yaml")));
        Assert.Equal("3", File.ReadAllText(Path.Combine(run, "params", "epochs")));
        var loss = File.ReadAllLines(Path.Combine(run, "metrics", "train_loss"));
        Assert.Equal(3, loss.Length);
        Assert.EndsWith(" 0.5 2", loss[1]);   // "<timestamp> <value> <step>"
    }

    [Fact]
    public void Locate_uses_FOUNDATIONS_RUNS_else_artifacts_runs_at_the_repository_root_above_the_notebook()
    {
        string root = RunnerProcess.TempFolder();
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        string notebooks = Path.Combine(root, "notebooks", "team");
        Directory.CreateDirectory(notebooks);
        Assert.Equal(Path.Combine(root, "artifacts", "runs", "runs.db"), RunStore.Locate(notebooks, configured: null));
        Assert.Equal(Path.Combine(root, "shared", "runs.db"), RunStore.Locate(notebooks, configured: Path.Combine(root, "shared")));
        Assert.Equal(Path.Combine(root, "x.db"), RunStore.Locate(notebooks, configured: Path.Combine(root, "x.db")));
        Assert.Equal(Path.Combine(RepoPaths.Root, "artifacts", "runs", "runs.db"), RunStore.Locate(RepoPaths.Notebooks, configured: null));
    }

    private static RunnerProcess.Result Foundations(string store, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        psi.Environment[RunStore.StoreVariable] = store;
        psi.ArgumentList.Add(RunnerProcess.Assembly);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10))) { p.Kill(true); throw new TimeoutException($"foundations {string.Join(' ', args)} ran past 10 minutes."); }
        return new RunnerProcess.Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
