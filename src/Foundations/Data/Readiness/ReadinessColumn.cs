using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>What the checks need to know about one column, computed once.</summary>
internal sealed class ReadinessColumn
{
    private ReadinessColumn(DataFrameColumn column, ColumnType type, string?[] keys, double[]? numbers)
    {
        Name = column.Name;
        Column = column;
        Type = type;
        Keys = keys;
        Numbers = numbers;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            if (k is null) { Missing++; continue; }
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }
        Counts = counts;
        Distinct = counts.Count;
        TopCount = counts.Count == 0 ? 0 : counts.Values.Max();
    }

    public string Name { get; }
    public DataFrameColumn Column { get; }
    public ColumnType Type { get; }

    /// <summary>Values as invariant strings; null when missing (blank text counts as missing).</summary>
    public string?[] Keys { get; }

    /// <summary>Values as numbers for numeric, boolean and date-time columns (NaN when missing); null for text.</summary>
    public double[]? Numbers { get; }

    public IReadOnlyDictionary<string, long> Counts { get; }
    public long Rows => Keys.Length;
    public long Missing { get; }
    public long Present => Rows - Missing;
    public int Distinct { get; }
    public long TopCount { get; }
    public double MissingShare => Rows == 0 ? 0 : (double)Missing / Rows;
    public bool IsText => Numbers is null;

    /// <summary>Text that PrepareFor keeps as a many-valued category (<see cref="ColumnTypes.IsManyValuedCategory"/>), judged on the counts above.</summary>
    public bool ManyValuedCategory => _manyValued ??= Type == ColumnType.Text && !Disclosure.IsIdentifier(Column) && ColumnTypes.RepeatsLikeCategory(Counts.Values);
    private bool? _manyValued;

    /// <summary>Every present value differs from every other, and none is missing.</summary>
    public bool UniquePerRow => Rows > 1 && Missing == 0 && Distinct == Rows;

    public static ReadinessColumn Of(DataFrameColumn column)
    {
        var type = ColumnTypes.Of(column);
        var keys = FrameOps.Keys(column);
        for (int i = 0; i < keys.Length; i++)
            if (keys[i] is { } k && string.IsNullOrWhiteSpace(k)) keys[i] = null;
        double[]? numbers = type switch
        {
            ColumnType.Category or ColumnType.Text => null,
            ColumnType.DateTime => Ticks(column),
            _ => ColumnTypes.ToDoubles(column),
        };
        return new ReadinessColumn(column, type, keys, numbers);
    }

    private static double[] Ticks(DataFrameColumn column)
    {
        var result = new double[column.Length];
        for (long r = 0; r < column.Length; r++) result[r] = column[r] is DateTime t ? t.Ticks : double.NaN;
        return result;
    }

    /// <summary>Whether a text value reads as a number (invariant culture), for the mixed-type check.</summary>
    public static bool LooksNumeric(string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _);
}
