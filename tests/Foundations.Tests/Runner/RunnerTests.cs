using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Foundations.Tests.Runner;

[Trait("Speed", "Slow")]
public class RunnerTests
{
    private static string TestNotebook(string name) => Path.Combine(RepoPaths.Root, "tests", "notebooks", name);

    /// <summary>nbformat stores text as one string or a list of lines (the Documents package writes lines).</summary>
    private static string Text(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };

    [Fact]
    public void Run_writes_executed_notebook_report_run_log_and_index_with_injected_parameters()
    {
        string outDir = RunnerProcess.TempFolder();
        var result = RunnerProcess.Run("run", TestNotebook("runner-check.ipynb"), "--out", outDir, "-p", "rows=7", "-p", "label=from cli");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        // The kernel ends on its Quit command: not killed after a wait (which left .NET's pipes behind in /tmp).
        Assert.DoesNotContain("did not end on its Quit command", result.Error);

        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "runner-check.run.json")))!;
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal(7, run["metrics"]!["rows_metric"]!.GetValue<double>());
        Assert.Equal(0.5, run["metrics"]!["rate_metric"]!.GetValue<double>());
        Assert.Equal("from cli", run["parameters"]!["label"]!.GetValue<string>());
        Assert.NotEmpty(run["cells"]!.AsArray());
        Assert.NotNull(run["packages"]!["Foundations"]);
        // The kit's package version, so a report says which build of the kit ran (TorchSharp loads only when a cell uses torch).
        Assert.StartsWith("1.0.", run["packages"]!["Foundations.Notebooks"]!.GetValue<string>());

        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "runner-check.ipynb")))!;
        var cells = executed["cells"]!.AsArray();
        Assert.Contains(cells, c => c!["metadata"]?["tags"]?.AsArray().Any(t => t!.GetValue<string>() == "injected-parameters") == true);
        // Written by the Documents package: nbformat 4, the notebook's kernelspec kept, each cell with a unique id, tags kept.
        Assert.Equal(4, executed["nbformat"]!.GetValue<int>());
        Assert.Equal(".net-csharp", executed["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal(cells.Count, cells.Select(c => c!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Contains(cells, c => c!["metadata"]?["tags"]?.AsArray().Any(t => t!.GetValue<string>() == "parameters") == true);
        Assert.All(cells.Where(c => c!["cell_type"]!.GetValue<string>() == "code"), c => Assert.True(c!["execution_count"]!.GetValue<int>() > 0));
        Assert.Contains(cells, c => c!["outputs"]?.AsArray().Any(o => Text(o!["text"]).Contains("label=from cli rows=7")) == true);

        string html = File.ReadAllText(Path.Combine(outDir, "runner-check.html"));
        Assert.Single(Regex.Matches(html, "data-foundations-plotly"));           // plotly.js inlined exactly once
        Assert.DoesNotContain("<script src", html);                              // nothing loaded from anywhere
        Assert.DoesNotContain("requirejs.config", html);
        Assert.Contains("Content-Security-Policy", html);
        Assert.Contains("<h2 id=\"markdown-renders\">Markdown renders</h2>", html);
        Assert.Contains("<li class=\"l2\"><a href=\"#markdown-renders\">Markdown renders</a></li>", html);   // contents from Markdig's headings
        Assert.Contains("&lt;script&gt;window.injected", html);                  // data text escaped
        Assert.DoesNotContain("<script>window.injected", html);
        Assert.Contains("C•••••", html);                                         // identifier masked
        Assert.Contains("Run log", html);
        // Code is shown open, except in cells tagged hide-input (the chart cell), whose code is folded but still there.
        Assert.Matches("<details class=\"code\" open><summary>cell 2", html);
        var folded = Regex.Match(html, "<details class=\"code\"><summary>(cell \\d+)");
        Assert.True(folded.Success, "no folded code cell");
        Assert.Contains("Name: &quot;check&quot;", html);
        Assert.True(File.Exists(Path.Combine(outDir, "index.html")));
    }

    [Fact]
    public void No_input_report_hides_code_but_keeps_outputs_and_markdown()
    {
        string outDir = RunnerProcess.TempFolder();
        var result = RunnerProcess.Run("run", TestNotebook("runner-check.ipynb"), "--out", outDir, "--no-input");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        string html = File.ReadAllText(Path.Combine(outDir, "runner-check.html"));
        Assert.DoesNotContain("Run.Current.Param(", html);
        Assert.Contains("label=default rows=3", html);
        Assert.Contains("Runner check", html);
    }

    [Theory]
    [InlineData("canary-compile-error.ipynb", "CS0029")]
    [InlineData("canary-throws.ipynb", "canary exception")]
    public void Failing_cell_stops_the_notebook_and_the_process_exits_nonzero_naming_it(string notebook, string expected)
    {
        string outDir = RunnerProcess.TempFolder();
        var result = RunnerProcess.Run("run", TestNotebook(notebook), "--out", outDir);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{notebook} failed at cell 3", result.Error);
        Assert.Contains(expected, result.Error);
        // The console says what failed, not where in the kernel's stack: the trace stays under the cell in the executed notebook.
        Assert.DoesNotContain(result.Output.Split('\n').Concat(result.Error.Split('\n')), line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));

        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, Path.ChangeExtension(notebook, ".run.json"))))!;
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var cells = run["cells"]!.AsArray();
        Assert.Equal("failed", cells[2]!["status"]!.GetValue<string>());
        Assert.Equal("not run", cells[3]!["status"]!.GetValue<string>());
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, notebook)))!;
        Assert.Equal("error", executed["cells"]![2]!["outputs"]![0]!["output_type"]!.GetValue<string>());
        if (notebook == "canary-throws.ipynb")
            Assert.Contains(" at ", executed["cells"]![2]!["outputs"]![0]!["evalue"]!.GetValue<string>());
        Assert.Contains("failed", File.ReadAllText(Path.Combine(outDir, "index.html")));
    }

    [Fact]
    public async Task Sigterm_stops_the_running_notebook_process_writes_the_index_and_exits_143_in_one_line()
    {
        string outDir = RunnerProcess.TempFolder();
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var a in new[] { RunnerProcess.Assembly, "run", TestNotebook("canary-sleeps.ipynb"), "--out", outDir }) psi.ArgumentList.Add(a);
        using var runner = System.Diagnostics.Process.Start(psi)!;
        var stdout = runner.StandardOutput.ReadToEndAsync();
        // Signal only once the notebook's own process is in the ten-minute cell: it says on standard error which cell it starts.
        var progress = new System.Text.StringBuilder();
        string? line;
        while ((line = runner.StandardError.ReadLine()) is not null && !line.Contains("cell 3", StringComparison.Ordinal)) progress.AppendLine(line);
        Assert.True(line is not null, $"the notebook never reached its long cell: {progress}");
        var stderr = runner.StandardError.ReadToEndAsync();
        using (var kill = System.Diagnostics.Process.Start("kill", new[] { "-TERM", runner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })) kill.WaitForExit();
        // A guard against a hung runner, not a speed check (the cell itself would run for ten minutes).
        Assert.True(runner.WaitForExit(TimeSpan.FromMinutes(3)), "the runner did not stop after SIGTERM");
        Assert.Equal(143, runner.ExitCode);
        string error = await stderr, output = await stdout;
        Assert.Contains("stopped by SIGTERM", error);
        Assert.Contains("canary-sleeps.ipynb; its process was stopped", error);
        Assert.DoesNotContain(error.Split('\n').Concat(output.Split('\n')), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.Contains("stopped by SIGTERM", File.ReadAllText(Path.Combine(outDir, "index.html")));
        // The notebook's process (the only one whose command line names this output folder) is gone with the runner.
        var left = Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Where(d => { try { return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(outDir, StringComparison.Ordinal); } catch (IOException) { return false; } catch (UnauthorizedAccessException) { return false; } })
            .ToList();
        Assert.Empty(left);
    }

    [Fact]
    public void Continue_on_error_runs_the_cells_after_a_failure()
    {
        string outDir = RunnerProcess.TempFolder();
        var result = RunnerProcess.Run("run", TestNotebook("canary-throws.ipynb"), "--out", outDir, "--continue-on-error");
        Assert.Equal(1, result.ExitCode);
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "canary-throws.run.json")))!["cells"]!.AsArray();
        Assert.Equal("ok", cells[3]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Unknown_parameter_is_an_error_naming_it()
    {
        var result = RunnerProcess.Run("run", TestNotebook("runner-check.ipynb"), "--out", RunnerProcess.TempFolder(), "-p", "colour=blue");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("parameter 'colour' is not declared", result.Output + result.Error);
    }

    [Theory]
    [InlineData("", "the file is empty", false)]
    [InlineData("{\"cells\": [null], \"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}}", "cell 1 is not a cell", false)]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"import pandas\"], \"metadata\": {}}], \"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {\"kernelspec\": {\"name\": \"python3\", \"language\": \"python\"}}}", "a notebook for the 'python3' kernel (python)", true)]
    public void A_file_that_is_not_a_dotnet_notebook_fails_before_its_process_starts_and_the_index_says_why(string content, string expected, bool thenAGoodOne)
    {
        string folder = RunnerProcess.TempFolder();
        string notebook = Path.Combine(folder, "other.ipynb");
        File.WriteAllText(notebook, content);
        string output = Path.Combine(folder, "out");
        var result = thenAGoodOne
            ? RunnerProcess.Run("run", notebook, TestNotebook("runner-check.ipynb"), "--continue-on-error", "--out", output)
            : RunnerProcess.Run("run", notebook, "--out", output);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"other.ipynb failed at start: {notebook}: ", result.Error);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.Contains(expected, System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(output, "index.html"))));
        Assert.Equal(thenAGoodOne, File.Exists(Path.Combine(output, "runner-check.html"))); // --continue-on-error goes on to the next
    }

    [Fact]
    public void Committed_notebooks_carry_no_outputs()
    {
        var notebooks = Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "notebooks"), "*.ipynb")).ToList();
        Assert.NotEmpty(notebooks);
        foreach (var path in notebooks)
        {
            var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
            foreach (var cell in cells)
            {
                Assert.True(cell!["outputs"] is null || cell["outputs"]!.AsArray().Count == 0, $"{Path.GetFileName(path)} is committed with outputs: clear them before committing.");
                Assert.True(cell["execution_count"] is null, $"{Path.GetFileName(path)} is committed with execution counts.");
            }
        }
    }
}
