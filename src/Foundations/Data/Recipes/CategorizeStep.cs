using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Turns category columns into integer codes for embeddings: 1..K by training frequency, 0 for missing or unseen values.</summary>
public sealed class CategorizeStep(IReadOnlyList<string> columns, int minCount) : RecipeStep
{
    public IReadOnlyList<string> Columns { get; } = columns;
    /// <summary>Values seen fewer times than this in training share code 0 with unseen values.</summary>
    public int MinCount { get; } = minCount;
    /// <summary>
    /// A column with more than <see cref="CategorySignal.ManyCategories"/> values in training is left out unless its
    /// categories predict a yes/no label on training customers they were not learned from (<see cref="CategorySignal"/>).
    /// </summary>
    public bool LeaveOutUnlessPredictive { get; init; }

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("Categorize", Columns);
        var events = LeaveOutUnlessPredictive ? TwoValuedLabel(frame, context.Label) : null;
        var kept = new List<string>();
        var vocabularies = new List<IReadOnlyList<string>>();
        var leftOut = new List<LeftOutColumn>();
        foreach (var name in Columns)
        {
            var column = FrameOps.CategoryColumn(frame, name, "Categorize");
            if (events is { } label && Unpredictive(FrameOps.Keys(column), label, context.Groups) is { } reason)
            {
                leftOut.Add(new LeftOutColumn(name, reason));
                continue;
            }
            vocabularies.Add(Vocabulary.Learn(FrameOps.KeySequence(column), MinCount));
            kept.Add(name);
            context.CodeColumns.Add(name);
        }
        return new FittedCategorize(kept, vocabularies) { MinCount = MinCount, LeftOut = leftOut };
    }

    /// <summary>Why a column with many values is left out (null: it has few values, or it predicts).</summary>
    private string? Unpredictive(string?[] keys, (bool[] Events, int[] Rows) label, int[]? groups)
    {
        var labelled = label.Rows.Select(r => keys[r]).ToArray();
        int distinct = labelled.Where(k => k is not null).Distinct(StringComparer.Ordinal).Count();
        if (distinct <= CategorySignal.ManyCategories) return null;
        var signal = CategorySignal.HeldOut(labelled, label.Events, MinCount, groups is null ? null : label.Rows.Select(r => groups[r]).ToArray());
        if (signal.Predicts) return null;
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, signal.RatesDifferBeyondChance
            ? "{0:N0} values whose event rates, learned on half of the training customers, predict the other half no better than the overall rate ({1}): a model would learn noise"
            : "{0:N0} values whose event rates differ no more than chance alone makes the rates of groups this size differ: a model would learn noise",
            distinct, signal);
    }

    /// <summary>The label as true/false for the rows that have one, when it has exactly two values; otherwise null (no check).</summary>
    private static (bool[] Events, int[] Rows)? TwoValuedLabel(DataFrame frame, string? label)
    {
        if (label is null || frame.Columns.IndexOf(label) < 0) return null;
        var keys = FrameOps.Keys(frame.Columns[label]);
        var values = keys.Where(k => k is not null).Distinct(StringComparer.Ordinal).Take(3).ToArray();
        if (values.Length != 2) return null;
        // Which value is the event does not matter: the log-loss gain is the same either way.
        var rows = Enumerable.Range(0, keys.Length).Where(r => keys[r] is not null).ToArray();
        return (rows.Select(r => keys[r] == values[0]).ToArray(), rows);
    }

    public override string ToString() => $"Categorize {string.Join(", ", Columns)}"
        + (MinCount > 1 ? $" (values seen fewer than {MinCount} times in training share one code)" : "")
        + (LeaveOutUnlessPredictive ? $" (a column with more than {CategorySignal.ManyCategories} values is kept only if it predicts the label on held-out training customers)" : "");
}

/// <summary>A column a fitted step left out, and why.</summary>
public sealed record LeftOutColumn(string Column, string Reason);

/// <summary>Category codes: column i's value Categories[i][k] becomes code k + 1; anything else becomes 0. The output is an Int32 column.</summary>
public sealed record FittedCategorize(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Categories) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => Columns;

    /// <summary>Values seen fewer times than this in training share code 0 (1: every value seen has its own code).</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>Columns left out when fitted, because their many values did not predict the label out of sample: removed when applied.</summary>
    public IReadOnlyList<LeftOutColumn> LeftOut { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Removes => LeftOut.Select(l => l.Column).ToArray();

    internal override string? Inconsistency => Mismatch(Columns.Count, Categories) ?? (MinCount < 1 ? $"gives a minimum count of {MinCount}" : null)
        ?? (LeftOut is null || LeftOut.Any(l => l is null || string.IsNullOrEmpty(l.Column) || Columns.Contains(l.Column)) ? "lists a column both kept and left out, or a left-out column without a name" : null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
        foreach (var l in LeftOut)
            if (frame.Columns.IndexOf(l.Column) >= 0) frame.Columns.Remove(l.Column);
        for (int c = 0; c < Columns.Count; c++)
        {
            var column = FrameOps.Column(frame, Columns[c], "Categorize");
            var codes = storage.Int32s((int)column.Length);
            Vocabulary.Codes(column, Vocabulary.Index(Categories[c]), ColumnStorage.AsInt32s(codes));
            FrameOps.Put(frame, ColumnStorage.Int32Column(Columns[c], codes));
        }
    }

    /// <summary>The embedding input for column <paramref name="column"/>: cardinality counts code 0.</summary>
    public CategoricalFeature Feature(string column)
    {
        int i = Columns.ToList().IndexOf(column);
        return new CategoricalFeature(column, Categories[i].Count + 1, Categories[i]);
    }

    public override string Describe() =>
        (Columns.Count == 0 ? "Categorize no column" : "Categorize ") + string.Join("; ", Columns.Select((c, i) => MinCount > 1
            ? $"{c} ({Categories[i].Count} categories seen {MinCount} times or more + one code for rarer and unseen values)"
            : $"{c} ({Categories[i].Count} categories + unseen)"))
        + (LeftOut.Count == 0 ? "" : $" (left out: {string.Join("; ", LeftOut.Select(l => $"{l.Column}, {l.Reason}"))})");
}

/// <summary>Learns category vocabularies: by training frequency, most frequent first, ties in ordinal order (so the same data gives the same codes).</summary>
internal static class Vocabulary
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<string> Learn(IEnumerable<string?> keys, int minCount)
    {
        // Counting in a dictionary, not GroupBy, which keeps every row of every group on a million-row column.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            if (k is null) continue;
            ref int n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, k, out _);
            n++;
        }
        return counts.Where(kv => kv.Value >= Math.Max(1, minCount))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key).ToArray();
    }

    /// <summary>Each row's code in <paramref name="index"/> (0 for missing or unseen values), written into <paramref name="codes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Codes(DataFrameColumn column, Dictionary<string, int> index, Span<int> codes)
    {
        int i = 0;
        foreach (var k in FrameOps.KeySequence(column))
            codes[i++] = k is not null && index.TryGetValue(k, out int code) ? code : 0;
    }

    public static Dictionary<string, int> Index(IReadOnlyList<string> categories)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < categories.Count; k++) index[categories[k]] = k + 1;
        return index;
    }
}
