namespace Foundations.Experiments;

/// <summary>
/// The experiment log (what Dessa's Atlas gave its users): parameters, metrics and artifacts of the current run.
/// Notebooks and trainers log through <see cref="Current"/>; the runner writes them to &lt;notebook&gt;.run.json.
/// </summary>
public sealed class Run
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private readonly List<string> _artifacts = new();

    /// <summary>The run this process is logging to.</summary>
    public static Run Current { get; } = new(Environment.GetEnvironmentVariable(RunFileVariable));

    /// <summary>The environment variable naming the file the runner reads the log from (set by <c>foundations run</c>).</summary>
    public const string RunFileVariable = "FOUNDATIONS_RUN_FILE";

    private readonly string? _file;

    /// <summary>A run that keeps its log in memory, and in <paramref name="file"/> when given.</summary>
    public Run(string? file = null) => _file = string.IsNullOrWhiteSpace(file) ? null : file;

    /// <summary>Records a setting of this run (last value wins).</summary>
    public Run Param(string name, object? value)
    {
        lock (_gate) { _parameters[name] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""; Persist(); }
        return this;
    }

    /// <summary>Records a metric of this run (last value wins).</summary>
    public Run Metric(string name, double value)
    {
        lock (_gate) { _metrics[name] = value; Persist(); }
        return this;
    }

    /// <summary>Records a file this run produced (a saved model, a scored CSV).</summary>
    public Run Artifact(string path)
    {
        lock (_gate) { if (!_artifacts.Contains(path)) _artifacts.Add(path); Persist(); }
        return this;
    }

    public IReadOnlyDictionary<string, string> Parameters { get { lock (_gate) return new Dictionary<string, string>(_parameters); } }
    public IReadOnlyDictionary<string, double> Metrics { get { lock (_gate) return new Dictionary<string, double>(_metrics); } }
    public IReadOnlyList<string> Artifacts { get { lock (_gate) return _artifacts.ToList(); } }

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
