using System.Globalization;
using System.Reflection;

namespace Foundations.Experiments;

/// <summary>
/// The experiment log (what Dessa's Atlas gave its users): parameters, metrics, series and artifacts of the current run.
/// Notebooks and trainers log through <see cref="Current"/>. <see cref="Start"/> (a cell after the parameters cell)
/// opens a new run in the run store, so every rerun in VS Code or Jupyter is kept; under <c>foundations run</c> the
/// runner opens the run and also writes &lt;notebook&gt;.run.json.
/// </summary>
public sealed class Run
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<double>> _series = new(StringComparer.Ordinal);
    private readonly List<string> _artifacts = new();
    private readonly string? _file;
    private readonly RunStore? _store;
    private readonly bool _ownsStoreRun;
    private string? _failure;
    private IDisposable? _kernelWatch;

    /// <summary>Watches the host for failures after a run starts (the notebook layer sets it: a failed cell marks the run failed); null watches nothing.</summary>
    public static Func<Run, IDisposable?>? HostWatch { get; set; }
    private bool _storeWarned;

    private static Run _current = FromEnvironment();

    /// <summary>The run this process is logging to.</summary>
    public static Run Current => Volatile.Read(ref _current);

    /// <summary>The environment variable naming the file the runner reads the log from (set by <c>foundations run</c>).</summary>
    public const string RunFileVariable = "FOUNDATIONS_RUN_FILE";

    /// <summary>The environment variable holding the store's number of the run the runner opened for this process.</summary>
    public const string RunIdVariable = "FOUNDATIONS_RUN_ID";

    /// <summary>A run that keeps its log in memory, and in <paramref name="file"/> when given.</summary>
    public Run(string? file = null) => _file = string.IsNullOrWhiteSpace(file) ? null : file;

    private Run(string? file, RunStore? store, long? id, string? notebook, bool ownsStoreRun) : this(file)
    {
        _store = store;
        Id = id;
        Notebook = notebook;
        _ownsStoreRun = ownsStoreRun;
    }

    /// <summary>The notebook this run belongs to, once known.</summary>
    public string? Notebook { get; private set; }

    /// <summary>The run's number in the run store (null when it is kept in memory only).</summary>
    public long? Id { get; }

    /// <summary>Where the run is stored (null when it is kept in memory only).</summary>
    public string? StorePath => _store?.Path;

    /// <summary>
    /// Opens a new run of <paramref name="notebook"/> in the run store (found by <see cref="RunStore.Locate(string?)"/>) and makes
    /// it <see cref="Current"/>; the previous run of this kernel is closed (failed if one of its cells failed).
    /// Call it in the cell after the parameters cell, giving the parameters: <c>Run.Start("02-prediction", new { epochs, seed })</c>.
    /// Under <c>foundations run</c> the runner has already opened the run: this only records the parameters.
    /// <paramref name="keyMetric"/> is the metric charted across runs; <paramref name="store"/> overrides where the store is.
    /// </summary>
    public static Run Start(string notebook, object? parameters = null, string? keyMetric = null, string? store = null)
    {
        if (string.IsNullOrWhiteSpace(notebook)) throw new ArgumentException("Give the notebook's name, e.g. Run.Start(\"02-prediction\").", nameof(notebook));
        notebook = Path.GetFileNameWithoutExtension(notebook.Trim());
        var current = Current;
        if (current._file is not null || (current.Id is not null && !current._ownsStoreRun))
        {
            // The runner owns this run: it closes it and knows the notebook; keep what the cell gives.
            current.Notebook ??= notebook;
            current.LogParameters(parameters);
            if (keyMetric is not null) current.TryStore(s => s.SetKeyMetric(current.Id!.Value, keyMetric));
            return current;
        }
        current.Finish();
        Run next;
        try
        {
            var opened = RunStore.Open(store);
            long id = opened.Begin(Guid.NewGuid().ToString("N"), notebook, Host(), DateTime.UtcNow, RunFacts.Collect(Directory.GetCurrentDirectory()), keyMetric);
            next = new Run(null, opened, id, notebook, ownsStoreRun: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"Run.Start: the run is kept in memory only: {e.Message}");
            next = new Run(null, null, null, notebook, ownsStoreRun: false);
        }
        next.LogParameters(parameters);
        next._kernelWatch = HostWatch?.Invoke(next);
        Volatile.Write(ref _current, next);
        return next;
    }

    /// <summary>Closes the current run and goes back to an in-memory log (tests that started runs leave the process as they found it).</summary>
    internal static void StopRecording()
    {
        Current.Finish();
        Volatile.Write(ref _current, new Run());
    }

    /// <summary>Records a setting of this run (last value wins).</summary>
    public Run Param(string name, object? value)
    {
        string text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        lock (_gate) { _parameters[name] = text; Persist(); }
        TryStore(s => s.SetParameters(Id!.Value, new[] { KeyValuePair.Create(name, text) }));
        return this;
    }

    /// <summary>Records a metric of this run (last value wins).</summary>
    public Run Metric(string name, double value)
    {
        lock (_gate) { _metrics[name] = value; Persist(); }
        TryStore(s => s.SetMetrics(Id!.Value, new[] { KeyValuePair.Create(name, value) }));
        return this;
    }

    /// <summary>Records a per-step series of this run, such as the loss of each epoch (replaces an earlier one of that name).</summary>
    public Run Series(string name, IEnumerable<double> values)
    {
        var list = values.ToArray();
        lock (_gate) _series[name] = list;
        TryStore(s => s.SetSeries(Id!.Value, name, list));
        return this;
    }

    /// <summary>Records a file this run produced (a saved model, a scored CSV), with its SHA-256 when the file exists.</summary>
    public Run Artifact(string path)
    {
        lock (_gate) { if (!_artifacts.Contains(path)) _artifacts.Add(path); Persist(); }
        TryStore(s => s.SetArtifacts(Id!.Value, new[] { RunArtifact.Of(path) }));
        return this;
    }

    public IReadOnlyDictionary<string, string> Parameters { get { lock (_gate) return new Dictionary<string, string>(_parameters); } }
    public IReadOnlyDictionary<string, double> Metrics { get { lock (_gate) return new Dictionary<string, double>(_metrics); } }
    /// <summary>The per-step series logged so far (see <see cref="Series"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> SeriesLogged { get { lock (_gate) return new Dictionary<string, IReadOnlyList<double>>(_series); } }
    public IReadOnlyList<string> Artifacts { get { lock (_gate) return _artifacts.ToList(); } }

    /// <summary>Marks this run failed (a notebook host calls it when a cell fails); the first error is kept.</summary>
    public void Fail(string error)
    {
        lock (_gate) _failure ??= error;
    }

    /// <summary>Closes a run this process opened with <see cref="Start"/>: failed if a cell failed, else succeeded. Runs the runner owns are left to it.</summary>
    public void Finish()
    {
        if (!_ownsStoreRun) return;
        string? failure;
        lock (_gate)
        {
            if (_finished) return;
            _finished = true;
            failure = _failure;
            _kernelWatch?.Dispose();
            _kernelWatch = null;
        }
        TryStore(s => s.Finish(Id!.Value, failure is null ? "succeeded" : "failed", failure, DateTime.UtcNow));
    }

    private bool _finished;

    private void LogParameters(object? parameters)
    {
        if (parameters is null) return;
        var pairs = parameters is IEnumerable<KeyValuePair<string, object?>> dictionary
            ? dictionary.Select(kv => (kv.Key, kv.Value))
            : parameters.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).Select(p => (p.Name, p.GetValue(parameters)));
        foreach (var (name, value) in pairs) Param(name, value);
    }

    // The store is a record kept beside the notebook's work: if it cannot be written, say so once and keep going.
    private void TryStore(Action<RunStore> write)
    {
        if (_store is null || Id is null) return;
        try { write(_store); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            if (_storeWarned) return;
            _storeWarned = true;
            Console.Error.WriteLine($"Run: could not write to the run store at {_store.Path}: {e.Message}");
        }
    }

    private static Run FromEnvironment()
    {
        string? file = Environment.GetEnvironmentVariable(RunFileVariable);
        string? id = Environment.GetEnvironmentVariable(RunIdVariable);
        Run run = file is null && id is null ? new Run() : new Run(file);
        if (long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out long storeId))
        {
            try { run = new Run(file, RunStore.Open(), storeId, null, ownsStoreRun: false); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                Console.Error.WriteLine($"Run: the run store cannot be opened, the run is logged to its run file only: {e.Message}");
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Current.Finish();
        return run;
    }

    private static string Host()
    {
        if (Environment.GetEnvironmentVariable("VSCODE_PID") is not null || Environment.GetEnvironmentVariable("TERM_PROGRAM") == "vscode"
            || Environment.GetEnvironmentVariable("VSCODE_CWD") is not null) return "vscode";
        if (Environment.GetEnvironmentVariable("JPY_PARENT_PID") is not null || Environment.GetEnvironmentVariable("JPY_SESSION_NAME") is not null) return "jupyter";
        // The kernel's assembly is loaded only in a .NET Interactive host (the core never references it).
        return AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.DotNet.Interactive") ? "dotnet-interactive" : "process";
    }

    // Rewritten on every change so the runner sees what a notebook logged even if a later cell fails.
    private void Persist()
    {
        if (_file is null) return;
        var json = System.Text.Json.JsonSerializer.Serialize(new { parameters = _parameters, metrics = _metrics.ToDictionary(kv => kv.Key, kv => double.IsFinite(kv.Value) ? (double?)kv.Value : null), artifacts = _artifacts });
        var tmp = _file + ".tmp";
        File.WriteAllText(tmp, json);
        File.Move(tmp, _file, true);
    }
}
