using System.Globalization;
using System.Text;

namespace Foundations.Experiments;

/// <summary>
/// Writes runs where a bank's own tools can read them: CSV files for BI tools (<c>runs.csv</c> one row per run,
/// <c>metrics.csv</c>, <c>params.csv</c>, <c>series.csv</c>, <c>artifacts.csv</c> in long form) and an MLflow file-store
/// layout (<c>mlruns/</c>, which <c>mlflow ui --backend-store-uri mlruns</c> opens, and which MLflow's tools can import).
/// </summary>
public static class RunExport
{
    /// <summary>Writes <paramref name="runs"/> into <paramref name="folder"/>; returns the files and folders written.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<RunEntry> runs, string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var parameters = runs.SelectMany(r => r.Parameters.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var metrics = runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

        var header = new List<string> { "run", "uid", "notebook", "host", "status", "started_utc", "ended_utc", "seconds", "kit_version", "git_commit", "git_clean", "machine", "device", "error" };
        header.AddRange(parameters.Select(p => "param." + p));
        header.AddRange(metrics.Select(m => "metric." + m));
        written.Add(WriteCsv(Path.Combine(folder, "runs.csv"), header, runs.Select(r => new List<string?>
            {
                Num(r.Id), r.Uid, r.Notebook, r.Host, r.Status, Time(r.Started), r.Ended is { } e ? Time(e) : null, r.Seconds is { } s ? Num(s) : null,
                r.KitVersion, r.GitCommit, r.GitClean is { } c ? (c ? "true" : "false") : null, r.Machine, r.Device, r.Error,
            }
            .Concat(parameters.Select(p => r.Parameters.GetValueOrDefault(p)))
            .Concat(metrics.Select(m => r.Metrics.TryGetValue(m, out var v) && double.IsFinite(v) ? Num(v) : null)).ToList())));
        written.Add(WriteCsv(Path.Combine(folder, "params.csv"), new[] { "run", "notebook", "name", "value" },
            runs.SelectMany(r => r.Parameters.Select(p => new List<string?> { Num(r.Id), r.Notebook, p.Key, p.Value }))));
        written.Add(WriteCsv(Path.Combine(folder, "metrics.csv"), new[] { "run", "notebook", "name", "value" },
            runs.SelectMany(r => r.Metrics.Select(m => new List<string?> { Num(r.Id), r.Notebook, m.Key, double.IsFinite(m.Value) ? Num(m.Value) : null }))));
        written.Add(WriteCsv(Path.Combine(folder, "series.csv"), new[] { "run", "notebook", "name", "step", "value" },
            runs.SelectMany(r => r.Series.SelectMany(s => s.Value.Select((v, i) => new List<string?> { Num(r.Id), r.Notebook, s.Key, Num(i + 1), double.IsFinite(v) ? Num(v) : null })))));
        written.Add(WriteCsv(Path.Combine(folder, "artifacts.csv"), new[] { "run", "notebook", "path", "sha256", "bytes" },
            runs.SelectMany(r => r.Artifacts.Select(a => new List<string?> { Num(r.Id), r.Notebook, a.Path, a.Sha256, a.Bytes is { } b ? Num(b) : null }))));
        written.Add(WriteMlflow(runs, Path.Combine(folder, "mlruns")));
        return written;
    }

    // MLflow's file store: mlruns/<experiment id>/meta.yaml, and per run meta.yaml, params/<name>, metrics/<name>
    // ("<epoch ms> <value> <step>" lines) and tags/<name>. One experiment per notebook.
    private static string WriteMlflow(IReadOnlyList<RunEntry> runs, string root)
    {
        Directory.CreateDirectory(root);
        var experiments = runs.Select(r => r.Notebook).Distinct().Order(StringComparer.Ordinal).ToList();
        for (int e = 0; e < experiments.Count; e++)
        {
            string id = (e + 1).ToString(CultureInfo.InvariantCulture);
            string folder = Path.Combine(root, id);
            Directory.CreateDirectory(folder);
            var own = runs.Where(r => r.Notebook == experiments[e]).ToList();
            long created = Millis(own.Min(r => r.Started));
            File.WriteAllText(Path.Combine(folder, "meta.yaml"),
                $"artifact_location: {Yaml(new Uri(Path.GetFullPath(folder)).AbsoluteUri)}\ncreation_time: {created}\nexperiment_id: '{id}'\nlast_update_time: {created}\nlifecycle_stage: active\nname: {Yaml(experiments[e])}\n");
            foreach (var run in own)
            {
                string dir = Path.Combine(folder, run.Uid);
                foreach (var sub in new[] { "params", "metrics", "tags", "artifacts" }) Directory.CreateDirectory(Path.Combine(dir, sub));
                long start = Millis(run.Started), end = run.Ended is { } x ? Millis(x) : start;
                // MLflow's RunStatus: 1 running, 3 finished, 4 failed.
                int status = run.Status switch { "succeeded" => 3, "failed" => 4, _ => 1 };
                File.WriteAllText(Path.Combine(dir, "meta.yaml"),
                    $"artifact_uri: {Yaml(new Uri(Path.GetFullPath(Path.Combine(dir, "artifacts"))).AbsoluteUri)}\nend_time: {(status == 1 ? "null" : end.ToString(CultureInfo.InvariantCulture))}\nentry_point_name: ''\nexperiment_id: '{id}'\n" +
                    $"lifecycle_stage: active\nrun_id: {run.Uid}\nrun_name: {Yaml($"{run.Notebook} #{run.Id}")}\nrun_uuid: {run.Uid}\nsource_name: ''\nsource_type: 4\nsource_version: ''\n" +
                    $"start_time: {start}\nstatus: {status}\ntags: []\nuser_id: {Yaml(Environment.UserName)}\n");
                foreach (var (name, value) in run.Parameters) File.WriteAllText(Path.Combine(dir, "params", SafeName(name)), value);
                foreach (var (name, value) in run.Metrics)
                    if (double.IsFinite(value)) File.WriteAllText(Path.Combine(dir, "metrics", SafeName(name)), $"{end} {Num(value)} 0\n");
                foreach (var (name, values) in run.Series)
                    File.WriteAllText(Path.Combine(dir, "metrics", SafeName(name)), string.Concat(values.Select((v, i) => double.IsFinite(v) ? $"{end} {Num(v)} {i + 1}\n" : "")));
                var tags = new Dictionary<string, string?>
                {
                    ["mlflow.runName"] = $"{run.Notebook} #{run.Id}", ["mlflow.source.name"] = run.Notebook + ".ipynb", ["mlflow.source.git.commit"] = run.GitCommit,
                    ["foundations.host"] = run.Host, ["foundations.kit_version"] = run.KitVersion, ["foundations.git_clean"] = run.GitClean?.ToString().ToLowerInvariant(),
                    ["foundations.machine"] = run.Machine, ["foundations.device"] = run.Device, ["foundations.error"] = run.Error,
                };
                foreach (var a in run.Artifacts) tags[$"foundations.artifact.{SafeName(a.Path)}"] = a.Sha256 is null ? a.Path : $"{a.Path} sha256:{a.Sha256}";
                foreach (var (name, value) in tags)
                    if (value is not null) File.WriteAllText(Path.Combine(dir, "tags", name), value);
            }
        }
        return root;
    }

    private static string WriteCsv(string path, IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        using var csv = SpreadsheetCsv.Writer(writer);
        foreach (var name in header) csv.WriteField(name);
        csv.EndRecord();
        foreach (var row in rows)
        {
            foreach (var value in row) csv.WriteField(SpreadsheetCsv.Neutralise(value ?? ""));
            csv.EndRecord();
        }
        return path;
    }

    private static string SafeName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' ? c : '_'));
    private static string Yaml(string text) => "'" + text.Replace("'", "''") + "'";
    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    private static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    private static long Millis(DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
