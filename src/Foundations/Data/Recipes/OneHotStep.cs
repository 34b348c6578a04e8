using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Replaces category columns by 0/1 indicator columns named "column=value", one per training value; unseen values get all zeros.</summary>
public sealed class OneHotStep(IReadOnlyList<string> columns, int maxCategories) : RecipeStep
{
    public IReadOnlyList<string> Columns { get; } = columns;
    /// <summary>More training values than this is an error: such a column wants Categorize (an embedding).</summary>
    public int MaxCategories { get; } = maxCategories;

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("OneHot", Columns);
        var vocabularies = new List<IReadOnlyList<string>>();
        foreach (var name in Columns)
        {
            var column = FrameOps.CategoryColumn(frame, name, "OneHot");
            var vocabulary = Vocabulary.Learn(FrameOps.KeySequence(column), 1).Order(StringComparer.Ordinal).ToArray();
            if (vocabulary.Length > MaxCategories)
                throw new ArgumentException($"OneHot: column '{name}' has {vocabulary.Length} values in training, more than maxCategories = {MaxCategories}: use Categorize (an embedding) instead.", name);
            vocabularies.Add(vocabulary);
            foreach (var v in vocabulary) context.IndicatorColumns.Add(FittedOneHot.IndicatorName(name, v));
        }
        return new FittedOneHot(Columns.ToArray(), vocabularies);
    }

    public override string ToString() => $"OneHot {string.Join(", ", Columns)}";
}

/// <summary>Indicator columns "column=value" (Double 0/1) for each training value of each column; the source column is removed.</summary>
public sealed record FittedOneHot(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Categories) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => Columns;

    internal override string? Inconsistency => Mismatch(Columns.Count, Categories);

    public static string IndicatorName(string column, string value) => $"{column}={value}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
        for (int c = 0; c < Columns.Count; c++)
        {
            var column = FrameOps.Column(frame, Columns[c], "OneHot");
            int rows = (int)column.Length;
            int at = frame.Columns.IndexOf(Columns[c]);
            frame.Columns.RemoveAt(at);
            // One lookup per row, then one pass per indicator over the codes (not a string comparison per row and value);
            // the codes live in a pooled buffer, as fresh memory costs a page fault per 4 KiB.
            var pooled = System.Buffers.ArrayPool<int>.Shared.Rent(rows);
            try
            {
                var seen = pooled.AsSpan(0, rows);
                Vocabulary.Codes(column, Vocabulary.Index(Categories[c]), seen);
                for (int v = 0; v < Categories[c].Count; v++)
                {
                    var ones = storage.Doubles(rows);
                    var indicator = ColumnStorage.AsDoubles(ones);
                    for (int i = 0; i < rows; i++) indicator[i] = seen[i] == v + 1 ? 1 : 0;
                    frame.Columns.Insert(at++, ColumnStorage.DoubleColumn(IndicatorName(Columns[c], Categories[c][v]), ones));
                }
            }
            finally
            {
                System.Buffers.ArrayPool<int>.Shared.Return(pooled);
            }
        }
    }

    public override string Describe() =>
        "OneHot " + string.Join("; ", Columns.Select((c, i) => $"{c} ({string.Join(", ", Categories[i])})"));
}
