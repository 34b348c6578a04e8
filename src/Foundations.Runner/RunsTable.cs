using System.Globalization;
using Foundations.Experiments;

namespace Foundations.Runner;

/// <summary>
/// `foundations runs`: the run store's history. One notebook's runs as rows with the parameters that changed and
/// their metrics; two runs compared; runs exported to CSV and an MLflow folder layout.
/// </summary>
public static class RunsTable
{
    /// <summary>What `foundations runs` was asked: a notebook (or none: list the notebooks), filters, an export folder or a pair to compare.</summary>
    public sealed record Query(string? Notebook, int? Last, IReadOnlyList<string> Where, string? Sort, string? Export, string? StorePath, int Width, (long A, long B)? Compare);

    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(Query query)
    {
        try { return List(query); }
        catch (IOException e) { return CommandLine.Fail(e.Message); }   // a store that cannot be opened, an export folder that cannot be written
        catch (UnauthorizedAccessException e) { return CommandLine.Fail(e.Message); }
    }

    private static int List(Query query)
    {
        var (notebook, last, where, sort, export, storePath, width, compare) = query;
        var store = RunStore.Open(storePath);
        if (compare is { } pair)
        {
            var first = store.Get(pair.A) ?? throw new ArgumentException($"--compare: no run {pair.A} in the run store at {store.Path}.");
            var second = store.Get(pair.B) ?? throw new ArgumentException($"--compare: no run {pair.B} in the run store at {store.Path}.");
            Console.Write(RunComparison.Of(first, second).ToText());
            return 0;
        }
        string? name = notebook is null ? null : Path.GetFileNameWithoutExtension(notebook);
        if (export is not null)
        {
            var history = Filter(RunHistory.Read(store, name), last, where, sort);
            var written = RunExport.Write(history.Entries, export);
            Console.WriteLine($"{history.Entries.Count} run(s) exported from {store.Path}:");
            foreach (var w in written) Console.WriteLine("  " + w);
            return 0;
        }
        if (name is null)
        {
            var notebooks = store.Notebooks();
            if (notebooks.Count == 0) { Console.WriteLine($"no runs recorded yet in {store.Path}"); return 0; }
            Console.WriteLine($"runs recorded in {store.Path}:");
            int w = Math.Max("notebook".Length, notebooks.Max(n => n.Notebook.Length));
            Console.WriteLine($"  {"notebook".PadRight(w)}  {"runs",5}  last started (UTC)");
            foreach (var (nb, count, lastStarted) in notebooks)
                Console.WriteLine($"  {nb.PadRight(w)}  {count,5}  {lastStarted.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}");
            Console.WriteLine("foundations runs --notebook NAME lists one notebook's runs.");
            return 0;
        }
        var runs = Filter(RunHistory.Read(store, name), last, where, sort);
        if (runs.Entries.Count == 0 && store.Notebooks().All(n => n.Notebook != name))
            throw new ArgumentException($"no runs of '{name}' in {store.Path} (notebooks with runs: {string.Join(", ", store.Notebooks().Select(n => n.Notebook))}).");
        Console.Write(runs.ToText(width));
        return 0;
    }

    private static RunHistory Filter(RunHistory history, int? last, IReadOnlyList<string> where, string? sort)
    {
        foreach (var w in where) history = history.Where(w);
        if (last is { } n) history = history.Last(n);
        return sort is null ? history : history.SortBy(sort);
    }

    /// <summary>A run number given to --compare.</summary>
    internal static long RunNumber(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n > 0 ? n : throw new ArgumentException($"--compare {value}: expected a run number (the 'run' column of foundations runs --notebook NAME).");
}
