using System.Globalization;
using System.Text.Json;

namespace Foundations.Runner;

/// <summary>`foundations runs reports/`: one row per run, one column per metric.</summary>
public static class RunsTable
{
    public static int Print(string folder)
    {
        if (!Directory.Exists(folder)) throw new ArgumentException($"no reports folder at '{folder}'.");
        var runs = Directory.GetFiles(folder, "*.run.json").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(f), NotebookExecutor.Json)!).ToList();
        if (runs.Count == 0) { Console.WriteLine($"no *.run.json in {folder}"); return 0; }
        var metrics = runs.SelectMany(r => r.Metrics.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new List<string> { "notebook", "status", "seconds" };
        header.AddRange(metrics);
        var rows = runs.Select(r => new List<string> { Path.GetFileNameWithoutExtension(r.Notebook), r.Status, r.Seconds.ToString("0.0", CultureInfo.InvariantCulture) }
            .Concat(metrics.Select(m => r.Metrics.TryGetValue(m, out var v) && v is { } d ? d.ToString("0.####", CultureInfo.InvariantCulture) : "")).ToList()).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))));
        foreach (var r in rows) Console.WriteLine(string.Join("  ", r.Select((v, i) => v.PadRight(widths[i]))));
        return 0;
    }
}
