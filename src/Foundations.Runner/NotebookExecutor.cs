using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace Foundations.Runner;

/// <summary>Executes one notebook, cell by cell, in a fresh .NET Interactive kernel process (the real one, see <see cref="KernelProcess"/>), and writes its executed notebook, report and run log.</summary>
public static class NotebookExecutor
{
    /// <summary>Runs <paramref name="notebookPath"/> and returns what happened; never throws for a failing cell.</summary>
    public static async Task<RunRecord> ExecuteAsync(string notebookPath, RunOptions options)
    {
        notebookPath = Path.GetFullPath(notebookPath);
        string outDir = Path.GetFullPath(options.OutputFolder);
        Directory.CreateDirectory(outDir);
        string name = Path.GetFileNameWithoutExtension(notebookPath);
        string runFile = Path.Combine(outDir, name + ".log.json");
        if (File.Exists(runFile)) File.Delete(runFile);
        // The library's experiment log writes here: the kernel process inherits it before the notebook loads the kit.
        var environment = new Dictionary<string, string> { [Foundations.Experiments.Run.RunFileVariable] = runFile };
        // libtorch's OpenMP threads spin while waiting; on shared or small machines that starves everything else.
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null) environment["OMP_WAIT_POLICY"] = "PASSIVE";

        var notebook = NotebookFile.Load(notebookPath);
        InjectParameters(notebook, options.Parameters, notebookPath);

        var start = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        // Opened before the kernel, which inherits FOUNDATIONS_RUN_ID, so the notebook's Run.Current logs into this run as it goes.
        var stored = RunStoreLink.Begin(notebookPath, start);
        // Relative paths in a notebook (data files) resolve from its folder, as in VS Code and Jupyter.
        // The start limit guards against a hung kernel only: a loaded machine starts it slowly.
        await using var kernel = await KernelProcess.StartAsync(Path.GetDirectoryName(notebookPath)!, environment, TimeSpan.FromMinutes(15));
        double kernelStart = clock.Elapsed.TotalSeconds;

        var cells = new List<CellRecord>();
        string status = "succeeded";
        string? failedCell = null, error = null;
        int executionCount = 0;
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            string label = $"cell {i + 1}" + (cell.Injected ? " (injected parameters)" : "");
            if (cell.Kind != "code" || string.IsNullOrWhiteSpace(cell.Source))
            {
                cells.Add(new CellRecord(i + 1, cell.Kind, "skipped", 0, null));
                continue;
            }
            if (status == "failed" && !options.ContinueOnError)
            {
                cells.Add(new CellRecord(i + 1, cell.Kind, "not run", 0, null));
                continue;
            }
            Console.Error.WriteLine($"  {name}: {label} ...");
            var watch = Stopwatch.StartNew();
            cell.ExecutionCount = ++executionCount;
            var (ok, message) = await RunCellAsync(kernel, cell, options.CellTimeout);
            cells.Add(new CellRecord(i + 1, cell.Kind, ok ? "ok" : "failed", watch.Elapsed.TotalSeconds, message));
            if (!ok && status != "failed")
            {
                status = "failed";
                failedCell = label;
                error = Headline(message);
                Console.Error.WriteLine($"  {name}: {label} FAILED: {error}");
            }
        }
        var end = DateTime.UtcNow;
        var packages = await KernelPackagesAsync(kernel);

        var log = ReadLog(runFile);
        string executedPath = Path.Combine(outDir, name + ".ipynb");
        string reportPath = Path.Combine(outDir, name + ".html");
        var record = new RunRecord
        {
            Notebook = notebookPath,
            Status = status,
            FailedCell = failedCell,
            Error = error,
            Parameters = MergeParameters(notebook, options, log.Parameters),
            Metrics = log.Metrics,
            Artifacts = log.Artifacts,
            Seed = log.Parameters.TryGetValue("seed", out var s) ? s : options.Parameters.FirstOrDefault(p => p.Key == "seed").Value,
            Start = start,
            End = end,
            Seconds = (end - start).TotalSeconds,
            KernelStartSeconds = kernelStart,
            Cells = cells,
            Packages = packages,
            GitCommit = RunEnvironment.GitCommit(Path.GetDirectoryName(notebookPath)!),
            Machine = RunEnvironment.Machine(),
            Report = reportPath,
            ExecutedNotebook = executedPath,
        };
        notebook.Save(executedPath);
        File.WriteAllText(reportPath, ReportWriter.Write(name, notebook, record, options.NoInput));
        File.WriteAllText(Path.Combine(outDir, name + ".run.json"), JsonSerializer.Serialize(record, Json));
        stored?.Complete(record);
        if (File.Exists(runFile)) File.Delete(runFile);
        return record;
    }

    /// <summary>
    /// A failure without its stack trace: the console and the run log say what went wrong, and the executed notebook
    /// keeps the full trace under the cell, where the kernel shows it too.
    /// </summary>
    internal static string? Headline(string? failure)
    {
        if (failure is null) return null;
        var lines = failure.Replace("\r\n", "\n").Split('\n');
        int end = Array.FindIndex(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.TrimStart().StartsWith("--- End of", StringComparison.Ordinal));
        return string.Join('\n', end < 0 ? lines : lines[..end]).TrimEnd();
    }

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static async Task<(bool Ok, string? Error)> RunCellAsync(KernelProcess kernel, NotebookCell cell, TimeSpan? timeout)
    {
        var outputs = new List<(string? Id, InteractiveDocumentOutputElement Output)>();
        var diagnostics = new List<string>();
        void OnEvent(JsonObject e)
        {
            var body = e["event"] as JsonObject;
            switch (e["eventType"]?.GetValue<string>())
            {
                case "DisplayedValueUpdated":
                    string? id = body?["valueId"]?.GetValue<string>();
                    int at = outputs.FindIndex(o => o.Id is not null && o.Id == id);
                    var replacement = (id, (InteractiveDocumentOutputElement)new DisplayElement(Data(body)));
                    if (at >= 0) outputs[at] = replacement; else outputs.Add(replacement);
                    break;
                case "DisplayedValueProduced":
                    outputs.Add((body?["valueId"]?.GetValue<string>(), new DisplayElement(Data(body))));
                    break;
                case "ReturnValueProduced":
                    var value = new ReturnValueElement { ExecutionOrder = cell.ExecutionCount };
                    foreach (var (mime, formatted) in Data(body)) value.Data[mime] = formatted;
                    outputs.Add((null, value));
                    break;
                case "StandardOutputValueProduced":
                    outputs.Add((null, Stream("stdout", body)));
                    break;
                case "StandardErrorValueProduced":
                    outputs.Add((null, Stream("stderr", body)));
                    break;
                case "DiagnosticsProduced":
                    foreach (var d in body?["diagnostics"]?.AsArray() ?? new JsonArray())
                    {
                        string severity = d?["severity"]?.ToString().ToLowerInvariant() ?? "";
                        var start = d?["linePositionSpan"]?["start"];
                        string text = $"({(start?["line"]?.GetValue<int>() ?? 0) + 1},{(start?["character"]?.GetValue<int>() ?? 0) + 1}): {severity} {d?["code"]}: {d?["message"]}";
                        if (severity is "error" or "3") diagnostics.Add(text);
                        // Jupyter shows a compiler warning as standard error under the cell: so does the report.
                        else if (severity is "warning" or "2") outputs.Add((null, new TextElement(text + "\n", "stderr")));
                    }
                    break;
            }
        }

        using var cts = timeout is null ? new CancellationTokenSource() : new CancellationTokenSource(timeout.Value);
        string? failure;
        try { failure = await kernel.SubmitAsync(cell.Source, OnEvent, cts.Token); }
        catch (OperationCanceledException) { failure = $"timed out after {timeout!.Value.TotalSeconds:0} s (--timeout)"; }
        // A compile error: the diagnostics (line, column, code) say it best.
        if (failure is not null && diagnostics.Count > 0) failure = "compile error " + string.Join("; ", diagnostics);
        foreach (var (_, output) in outputs) cell.Outputs.Add(output);
        if (failure is not null) cell.Outputs.Add(new ErrorElement(failure, "CellFailed", new[] { failure }));
        return (failure is null, failure);
    }

    /// <summary>Versions of the assemblies a reviewer asks about, as loaded in the kernel that ran the notebook (every FSharp.Core copy listed), and the kit package version.</summary>
    private static async Task<Dictionary<string, string>> KernelPackagesAsync(KernelProcess kernel)
    {
        const string query = """
            string.Join("\n", System.AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => new[] { "Foundations", "TorchSharp", "Microsoft.Data.Analysis", "CsvHelper", "Plotly.NET", "Microsoft.ML", "Microsoft.DotNet.Interactive", "Microsoft.DotNet.Interactive.CSharp", "FSharp.Core" }.Contains(a.GetName().Name))
                .Select(a => a.GetName().Name + "=" + (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(a)?.InformationalVersion.Split('+')[0] ?? a.GetName().Version?.ToString()))
                .Append(".NET=" + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription)
                .Append("Foundations.Notebooks=" + (System.AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Foundations")?.Location is { } kit && kit.Contains("foundations.notebooks") ? System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(kit)))) : "not loaded from the package")))
            """;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string text = "";
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await kernel.SubmitAsync(query, e =>
            {
                if (e["eventType"]?.GetValue<string>() == "ReturnValueProduced")
                    text = e["event"]?["formattedValues"]?.AsArray().FirstOrDefault(v => v?["mimeType"]?.GetValue<string>() == "text/plain")?["value"]?.GetValue<string>() ?? "";
            }, cts.Token);
        }
        catch (OperationCanceledException) { return result; }
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = line.IndexOf('=');
            if (eq <= 0) continue;
            string name = line[..eq], version = line[(eq + 1)..];
            result[name] = result.TryGetValue(name, out var seen) && seen != version ? seen + ", " + version : version;
        }
        return result;
    }

    /// <summary>The formatted values of a display event as nbformat's mime bundle.</summary>
    private static Dictionary<string, object> Data(JsonObject? body)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var v in body?["formattedValues"]?.AsArray() ?? new JsonArray())
            if (v?["mimeType"]?.GetValue<string>() is { } mime) data[mime] = v["value"]?.GetValue<string>() ?? "";
        return data;
    }

    private static TextElement Stream(string name, JsonObject? body) => new(
        string.Concat((body?["formattedValues"]?.AsArray() ?? new JsonArray())
            .Where(v => v?["mimeType"]?.GetValue<string>() == "text/plain").Select(v => v?["value"]?.GetValue<string>())),
        name);

    /// <summary>Adds a cell after the one tagged "parameters" that assigns each -p value, typed like the declaration it overrides.</summary>
    internal static void InjectParameters(NotebookFile notebook, IReadOnlyList<KeyValuePair<string, string>> parameters, string path)
    {
        if (parameters.Count == 0) return;
        int at = notebook.Cells.FindIndex(c => c.Tags.Contains("parameters"));
        if (at < 0) throw new ArgumentException($"{path}: -p was given but no cell is tagged \"parameters\".");
        var declarations = notebook.Cells[at].Source;
        var lines = new List<string> { "// Parameters injected by foundations run -p" };
        foreach (var (name, value) in parameters)
        {
            var m = Regex.Match(declarations, $@"(?m)^\s*(?:var|(?<type>[A-Za-z_][\w<>\[\],?. ]*?))\s+{Regex.Escape(name)}\s*=\s*(?<value>[^;]*);");
            if (!m.Success)
                throw new ArgumentException($"{path}: parameter '{name}' is not declared in the \"parameters\" cell (declared there: {string.Join(", ", Regex.Matches(declarations, @"(?m)^\s*[\w<>\[\],?.]+\s+(\w+)\s*=").Select(x => x.Groups[1].Value))}).");
            string type = m.Groups["type"].Success ? m.Groups["type"].Value.Trim() : InferType(m.Groups["value"].Value.Trim());
            lines.Add($"{name} = {Literal(type, value, name, path)};");
        }
        notebook.Cells.Insert(at + 1, NotebookCell.Code(string.Join("\n", lines), "injected-parameters", injected: true));
    }

    private static string InferType(string literal) =>
        literal.StartsWith('"') ? "string" : literal is "true" or "false" ? "bool" : literal.Contains('.') ? "double" : "int";

    private static string Literal(string type, string value, string name, string path)
    {
        var c = CultureInfo.InvariantCulture;
        string Fail(string expected) => throw new ArgumentException($"{path}: -p {name}={value}: expected {expected} (the parameters cell declares {type} {name}).");
        return type switch
        {
            "string" or "string?" => JsonSerializer.Serialize(value),
            "int" => int.TryParse(value, NumberStyles.Integer, c, out var i) ? i.ToString(c) : Fail("an integer"),
            "long" => long.TryParse(value, NumberStyles.Integer, c, out var l) ? l.ToString(c) + "L" : Fail("an integer"),
            // NaN, Infinity and overflowing values (1e400 parses as Infinity) have no C# literal: refused, not injected as code that cannot compile.
            "double" => double.TryParse(value, NumberStyles.Float, c, out var d) && double.IsFinite(d) ? d.ToString("R", c) + "d" : Fail("a finite number (NaN, Infinity and values beyond ±1.7e308 are refused)"),
            "float" => float.TryParse(value, NumberStyles.Float, c, out var f) && float.IsFinite(f) ? f.ToString("R", c) + "f" : Fail("a finite number (NaN, Infinity and values beyond ±3.4e38 are refused)"),
            "bool" => bool.TryParse(value, out var b) ? (b ? "true" : "false") : Fail("true or false"),
            _ => Fail("a string, int, long, double, float or bool parameter"),
        };
    }

    private static Dictionary<string, string> MergeParameters(NotebookFile notebook, RunOptions options, Dictionary<string, string> logged)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var cell = notebook.Cells.FirstOrDefault(c => c.Tags.Contains("parameters"));
        if (cell is not null)
            foreach (Match m in Regex.Matches(cell.Source, @"(?m)^\s*[\w<>\[\],?.]+\s+(\w+)\s*=\s*([^;]*);"))
                result[m.Groups[1].Value] = m.Groups[2].Value.Trim().Trim('"');
        foreach (var (k, v) in options.Parameters) result[k] = v;
        foreach (var (k, v) in logged) result.TryAdd(k, v);
        return result;
    }

    private sealed record LoggedRun(Dictionary<string, string> Parameters, Dictionary<string, double?> Metrics, List<string> Artifacts);

    private static LoggedRun ReadLog(string path)
    {
        if (!File.Exists(path)) return new(new(), new(), new());
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        return new(
            node["parameters"]?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "") ?? new(),
            node["metrics"]?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value is null ? (double?)null : kv.Value.GetValue<double>()) ?? new(),
            node["artifacts"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? new());
    }
}
