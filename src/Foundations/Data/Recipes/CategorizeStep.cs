using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Turns category columns into integer codes for embeddings: 1..K by training frequency, 0 for missing or unseen values.</summary>
public sealed class CategorizeStep(IReadOnlyList<string> columns, int minCount) : RecipeStep
{
    public IReadOnlyList<string> Columns { get; } = columns;
    /// <summary>Values seen fewer times than this in training share code 0 with unseen values.</summary>
    public int MinCount { get; } = minCount;

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("Categorize", Columns);
        var vocabularies = new List<IReadOnlyList<string>>();
        foreach (var name in Columns)
        {
            var column = FrameOps.CategoryColumn(frame, name, "Categorize");
            vocabularies.Add(Vocabulary.Learn(FrameOps.KeySequence(column), MinCount));
            context.CodeColumns.Add(name);
        }
        return new FittedCategorize(Columns.ToArray(), vocabularies) { MinCount = MinCount };
    }

    public override string ToString() => $"Categorize {string.Join(", ", Columns)}"
        + (MinCount > 1 ? $" (values seen fewer than {MinCount} times in training share one code)" : "");
}

/// <summary>Category codes: column i's value Categories[i][k] becomes code k + 1; anything else becomes 0. The output is an Int32 column.</summary>
public sealed record FittedCategorize(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Categories) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => Columns;

    /// <summary>Values seen fewer times than this in training share code 0 (1: every value seen has its own code).</summary>
    public int MinCount { get; init; } = 1;

    internal override string? Inconsistency => Mismatch(Columns.Count, Categories) ?? (MinCount < 1 ? $"gives a minimum count of {MinCount}" : null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
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
        "Categorize " + string.Join("; ", Columns.Select((c, i) => MinCount > 1
            ? $"{c} ({Categories[i].Count} categories seen {MinCount} times or more + one code for rarer and unseen values)"
            : $"{c} ({Categories[i].Count} categories + unseen)"));
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
