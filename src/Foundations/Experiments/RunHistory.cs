using System.Globalization;
using System.Text;

namespace Foundations.Experiments;

/// <summary>The run history in a notebook: <c>Runs.Of("02-prediction")</c> shows the runs as a table and the key metric across them.</summary>
public static class Runs
{
    /// <summary>
    /// The runs of <paramref name="notebook"/> in the run store: the last <paramref name="last"/>, those whose parameters
    /// match <paramref name="where"/> (<c>"epochs=5"</c>), sorted by a metric (highest first) when <paramref name="sortBy"/> is given.
    /// </summary>
    public static RunHistory Of(string notebook, int? last = null, string? where = null, string? sortBy = null, string? store = null)
    {
        var history = RunHistory.Read(RunStore.Open(store), notebook);
        if (where is not null) history = history.Where(where);
        if (last is { } n) history = history.Last(n);
        return sortBy is null ? history : history.SortBy(sortBy);
    }

    /// <summary>What differs between runs <paramref name="a"/> and <paramref name="b"/>: parameters, metrics with deltas, artifacts.</summary>
    public static RunComparison Compare(long a, long b, string? store = null)
    {
        var s = RunStore.Open(store);
        return RunComparison.Of(s.Get(a) ?? throw new ArgumentException($"no run {a} in the run store at {s.Path}.", nameof(a)),
                                s.Get(b) ?? throw new ArgumentException($"no run {b} in the run store at {s.Path}.", nameof(b)));
    }
}

/// <summary>Runs of one notebook, oldest first unless sorted; filters return a new history (it never changes).</summary>
public sealed class RunHistory
{
    /// <summary>A history of <paramref name="runs"/> (of <paramref name="notebook"/>, when they share one).</summary>
    public RunHistory(string? notebook, IReadOnlyList<RunEntry> runs, string? sortedBy = null)
    {
        Notebook = notebook;
        Entries = runs;
        SortedBy = sortedBy;
    }

    /// <summary>Every run of <paramref name="notebook"/> in <paramref name="store"/> (all notebooks when null).</summary>
    public static RunHistory Read(RunStore store, string? notebook) =>
        new(notebook is null ? null : Path.GetFileNameWithoutExtension(notebook), store.Runs(notebook is null ? null : Path.GetFileNameWithoutExtension(notebook)));

    public string? Notebook { get; }
    public IReadOnlyList<RunEntry> Entries { get; }
    /// <summary>The metric the runs are sorted by (highest first), if any.</summary>
    public string? SortedBy { get; }

    /// <summary>The most recent <paramref name="count"/> runs.</summary>
    public RunHistory Last(int count) => count > 0
        ? new RunHistory(Notebook, Entries.OrderBy(r => r.Id).TakeLast(count).ToList(), null).Resort(SortedBy)
        : throw new ArgumentException($"--last {count}: expected a positive number of runs.");

    /// <summary>The runs whose parameter (or host, status) equals the value: <c>Where("epochs=5")</c>.</summary>
    public RunHistory Where(string condition)
    {
        int eq = condition.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--where {condition}: expected parameter=value.");
        string name = condition[..eq].Trim(), value = condition[(eq + 1)..].Trim();
        var known = Entries.SelectMany(r => r.Parameters.Keys).Append("host").Append("status").ToHashSet(StringComparer.Ordinal);
        if (Entries.Count > 0 && !known.Contains(name))
            throw new ArgumentException($"--where {condition}: no run has a parameter '{name}' (parameters: {string.Join(", ", known.Order(StringComparer.Ordinal))}).");
        return new(Notebook, Entries.Where(r => ValueOf(r, name) == value).ToList(), SortedBy);
    }

    /// <summary>The runs sorted by a metric, highest first (runs without it last).</summary>
    public RunHistory SortBy(string metric)
    {
        if (Entries.Count > 0 && !MetricNames.Contains(metric))
            throw new ArgumentException($"--sort {metric}: no run has a metric '{metric}' (metrics: {string.Join(", ", MetricNames)}).");
        return Resort(metric);
    }

    private RunHistory Resort(string? metric) => metric is null ? this
        : new(Notebook, Entries.OrderByDescending(r => r.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v) ? v : double.NegativeInfinity).ThenBy(r => r.Id).ToList(), metric);

    /// <summary>Metric names across the runs, the key metric first.</summary>
    public IReadOnlyList<string> MetricNames
    {
        get
        {
            var names = Entries.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            if (KeyMetric is { } key && names.Remove(key)) names.Insert(0, key);
            return names;
        }
    }

    /// <summary>Parameters whose value is not the same in every run (what changed between them).</summary>
    public IReadOnlyList<string> VaryingParameters => ParameterNames.Where(p => Entries.Select(r => r.Parameters.GetValueOrDefault(p)).Distinct().Count() > 1).ToList();

    /// <summary>Parameters with one value in every run.</summary>
    public IReadOnlyList<(string Name, string Value)> SharedParameters => ParameterNames.Except(VaryingParameters)
        .Select(p => (p, Entries[0].Parameters[p])).ToList();

    private IEnumerable<string> ParameterNames => Entries.SelectMany(r => r.Parameters.Keys).Distinct().Order(StringComparer.Ordinal);

    /// <summary>The metric charted across runs: the one the notebook named, else the sort metric, else the first one.</summary>
    public string? KeyMetric
    {
        get
        {
            var present = Entries.SelectMany(r => r.Metrics.Keys).ToHashSet(StringComparer.Ordinal);
            return SortedBy ?? Entries.OrderByDescending(r => r.Id).Select(r => r.KeyMetric).FirstOrDefault(k => k is not null && present.Contains(k))
                ?? present.Order(StringComparer.Ordinal).FirstOrDefault();
        }
    }


    /// <summary>What differs between two of these runs.</summary>
    public RunComparison Compare(long a, long b) =>
        RunComparison.Of(Entries.FirstOrDefault(r => r.Id == a) ?? throw new ArgumentException($"run {a} is not among these runs.", nameof(a)),
                         Entries.FirstOrDefault(r => r.Id == b) ?? throw new ArgumentException($"run {b} is not among these runs.", nameof(b)));

    /// <summary>The table's columns and rows as text cells: run, started, host, status, seconds, parameters that vary, metrics.</summary>
    public (IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows) Table()
    {
        var varying = VaryingParameters;
        var metrics = MetricNames;
        var headers = new List<string> { "run", "started (UTC)", "host", "status", "seconds" };
        headers.AddRange(varying);
        headers.AddRange(metrics);
        var rows = Entries.Select(r => (IReadOnlyList<string>)new List<string>
            {
                r.Id.ToString(CultureInfo.InvariantCulture), r.Started.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.Host, r.Status,
                r.Seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "",
            }
            .Concat(varying.Select(p => r.Parameters.GetValueOrDefault(p, "")))
            .Concat(metrics.Select(m => r.Metrics.TryGetValue(m, out var v) ? Format(v) : "")).ToList()).ToList();
        return (headers, rows);
    }

    /// <summary>The table as text no wider than <paramref name="width"/>: columns that do not fit continue in a block below, the run number repeated.</summary>
    public string ToText(int width = 120)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{Entries.Count} run{(Entries.Count == 1 ? "" : "s")}{(Notebook is null ? "" : $" of {Notebook}")}{(SortedBy is null ? "" : $", by {SortedBy} (highest first)")}");
        if (Entries.Count == 0) return sb.ToString();
        var shared = SharedParameters;
        if (shared.Count > 0) sb.AppendLine(Wrap("same in every run: " + string.Join("  ", shared.Select(p => $"{p.Name}={p.Value}")), width));
        var (headers, rows) = Table();
        var widths = headers.Select((h, i) => Math.Min(40, Math.Max(h.Length, rows.Max(r => r[i].Length)))).ToArray();
        const int fixedColumns = 1;
        int at = fixedColumns;
        while (at < headers.Count)
        {
            var block = new List<int> { 0 };
            int used = widths[0];
            while (at < headers.Count && (block.Count == fixedColumns || used + 2 + widths[at] <= width)) { block.Add(at); used += 2 + widths[at]; at++; }
            sb.AppendLine();
            sb.AppendLine(string.Join("  ", block.Select(i => Cut(headers[i], widths[i]).PadRight(widths[i]))).TrimEnd());
            foreach (var row in rows)
                sb.AppendLine(string.Join("  ", block.Select(i => Cut(row[i], widths[i]).PadRight(widths[i]))).TrimEnd());
        }
        return sb.ToString();
    }




    internal static string ValueOf(RunEntry r, string name) => name switch
    {
        "host" => r.Host,
        "status" => r.Status,
        _ => r.Parameters.GetValueOrDefault(name, ""),
    };

    internal static string Format(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 1000 ? "0.#" : "0.####", CultureInfo.InvariantCulture) : "";

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split("  "))
        {
            if (line.Length > 0 && line.Length + 2 + word.Length > width) { lines.Add(line.ToString()); line.Clear().Append("  "); }
            else if (line.Length > 0) line.Append("  ");
            line.Append(word);
        }
        lines.Add(line.ToString());
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>What differs between two runs: parameters, metrics with deltas (b − a), artifacts and where they ran.</summary>
public sealed class RunComparison
{
    internal RunComparison(RunEntry a, RunEntry b) { A = a; B = b; }

    public RunEntry A { get; }
    public RunEntry B { get; }

    /// <summary>Compares run <paramref name="a"/> with run <paramref name="b"/>.</summary>
    public static RunComparison Of(RunEntry a, RunEntry b) => new(a, b);

    /// <summary>Parameters whose values differ (missing in one run counts as different).</summary>
    public IReadOnlyList<(string Name, string? A, string? B)> Parameters => A.Parameters.Keys.Union(B.Parameters.Keys).Order(StringComparer.Ordinal)
        .Select(k => (k, A.Parameters.TryGetValue(k, out var x) ? x : null, B.Parameters.TryGetValue(k, out var y) ? y : null))
        .Where(p => p.Item2 != p.Item3).ToList();

    /// <summary>Every metric of either run with its delta (b − a; NaN when one run lacks it).</summary>
    public IReadOnlyList<(string Name, double A, double B, double Delta)> Metrics => A.Metrics.Keys.Union(B.Metrics.Keys).Order(StringComparer.Ordinal)
        .Select(k => (k, A.Metrics.GetValueOrDefault(k, double.NaN), B.Metrics.GetValueOrDefault(k, double.NaN)))
        .Select(m => (m.Item1, m.Item2, m.Item3, m.Item3 - m.Item2)).ToList();

    /// <summary>Artifacts logged by either run, with their SHA-256 in each and whether the file changed.</summary>
    public IReadOnlyList<(string Path, string? A, string? B, string Change)> Artifacts => A.Artifacts.Select(x => x.Path).Union(B.Artifacts.Select(x => x.Path)).Order(StringComparer.Ordinal)
        .Select(p => (p, A.Artifacts.FirstOrDefault(x => x.Path == p)?.Sha256, B.Artifacts.FirstOrDefault(x => x.Path == p)?.Sha256, A.Artifacts.Any(x => x.Path == p), B.Artifacts.Any(x => x.Path == p)))
        .Select(x => (x.p, x.Item2, x.Item3, !x.Item4 ? "only in " + B.Id : !x.Item5 ? "only in " + A.Id : x.Item2 == x.Item3 ? (x.Item2 is null ? "no hash" : "same") : "changed")).ToList();

    /// <summary>Per-step series of either run (such as the learning curve): steps and last value in each.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<double>? A, IReadOnlyList<double>? B)> Series => A.Series.Keys.Union(B.Series.Keys).Order(StringComparer.Ordinal)
        .Select(k => (k, A.Series.GetValueOrDefault(k), B.Series.GetValueOrDefault(k))).ToList();

    /// <summary>Where the runs happened, when it differs: host, status, kit version, commit, clean tree, machine, device.</summary>
    public IReadOnlyList<(string Name, string A, string B)> Environment => new (string, string, string)[]
        {
            ("notebook", A.Notebook, B.Notebook), ("host", A.Host, B.Host), ("status", A.Status, B.Status), ("kit version", A.KitVersion ?? "", B.KitVersion ?? ""),
            ("git commit", Commit(A), Commit(B)), ("machine", A.Machine ?? "", B.Machine ?? ""), ("device", A.Device ?? "", B.Device ?? ""),
            ("seconds", A.Seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "", B.Seconds is { } t ? t.ToString("0.0", CultureInfo.InvariantCulture) : ""),
        }.Where(e => e.Item2 != e.Item3).ToList();

    private static string Commit(RunEntry r) => r.GitCommit is null ? "" : r.GitCommit[..Math.Min(12, r.GitCommit.Length)] + (r.GitClean == false ? " (uncommitted changes)" : "");

    /// <summary>The comparison as aligned text, as <c>foundations runs --compare A B</c> prints it.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"run {A.Id} ({A.Notebook}, {A.Started:yyyy-MM-dd HH:mm} UTC, {A.Host}, {A.Status})  vs  run {B.Id} ({B.Notebook}, {B.Started:yyyy-MM-dd HH:mm} UTC, {B.Host}, {B.Status})");
        Section(sb, "parameters that differ", new[] { "", $"run {A.Id}", $"run {B.Id}" }, Parameters.Select(p => new[] { p.Name, p.A ?? "(none)", p.B ?? "(none)" }),
            $"all {A.Parameters.Count} parameters are the same");
        Section(sb, "metrics", new[] { "", $"run {A.Id}", $"run {B.Id}", "delta" }, Metrics.Select(m => new[] { m.Name, RunHistory.Format(m.A), RunHistory.Format(m.B), Delta(m.Delta) }), "no metrics");
        Section(sb, "series (steps: last value)", new[] { "", $"run {A.Id}", $"run {B.Id}" }, Series.Select(x => new[] { x.Name, Steps(x.A), Steps(x.B) }), "none");
        Section(sb, "artifacts", new[] { "", $"run {A.Id}", $"run {B.Id}", "" }, Artifacts.Select(x => new[] { x.Path, Short(x.A), Short(x.B), x.Change }), "no artifacts");
        Section(sb, "where they ran (what differs)", new[] { "", $"run {A.Id}", $"run {B.Id}" }, Environment.Select(e => new[] { e.Name, e.A, e.B }), "same");
        return sb.ToString();
    }


    public override string ToString() => ToText();

    private static string Delta(double d) => double.IsFinite(d) ? (d > 0 ? "+" : "") + RunHistory.Format(d) : "";
    internal static string Steps(IReadOnlyList<double>? series) => series is null ? "" : series.Count == 0 ? "0" : $"{series.Count}: {RunHistory.Format(series[^1])}";
    internal static string Short(string? sha) => sha is null ? "" : sha[..Math.Min(12, sha.Length)];

    private static void Section(StringBuilder sb, string title, string[] headers, IEnumerable<string[]> rows, string empty)
    {
        var list = rows.ToList();
        sb.AppendLine();
        if (list.Count == 0) { sb.AppendLine($"{title}: {empty}"); return; }
        sb.AppendLine(title);
        var widths = headers.Select((h, i) => Math.Min(48, Math.Max(h.Length, list.Max(r => r[i].Length)))).ToArray();
        sb.AppendLine("  " + string.Join("  ", headers.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))).TrimEnd());
        foreach (var r in list)
            sb.AppendLine("  " + string.Join("  ", r.Select((v, i) => i == 0 || i == r.Length - 1 && headers[i] == "" ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))).TrimEnd());
    }
}
