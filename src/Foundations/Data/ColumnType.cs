using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>What a column holds, as the loader, the profile and the recipe see it.</summary>
public enum ColumnType
{
    /// <summary>Whole numbers that fit in 32 bits (ages, counts).</summary>
    Int32,
    /// <summary>Whole numbers that need 64 bits.</summary>
    Int64,
    /// <summary>Numbers with a fraction (amounts, balances, rates).</summary>
    Double,
    /// <summary>true/false.</summary>
    Boolean,
    /// <summary>Dates and times (ISO 8601 when inferred).</summary>
    DateTime,
    /// <summary>Text with few distinct values (region, channel): a candidate for category codes or one-hot columns.</summary>
    Category,
    /// <summary>Free text or identifiers (names, customer ids).</summary>
    Text,
}

/// <summary>Maps frame columns to <see cref="ColumnType"/>, with one rule for telling categories from free text.</summary>
public static class ColumnTypes
{
    /// <summary>A text column is a category when it has at most this many distinct values ...</summary>
    public const int CategoryMaxDistinct = 1000;

    /// <summary>... and at most this share of its non-missing values are distinct (or at most 20 values that repeat).</summary>
    public const double CategoryMaxDistinctShare = 0.1;

    /// <summary>Whether text with <paramref name="distinct"/> values among <paramref name="nonMissing"/> reads as a category (names and ids do not).</summary>
    public static bool LooksCategorical(long distinct, long nonMissing) =>
        nonMissing > 0 && distinct <= CategoryMaxDistinct &&
        (distinct <= CategoryMaxDistinctShare * nonMissing || (distinct <= 20 && distinct < nonMissing));

    /// <summary>The type of a frame column; text columns are told apart by their distinct values.</summary>
    public static ColumnType Of(DataFrameColumn column)
    {
        switch (column)
        {
            case PrimitiveDataFrameColumn<int>: return ColumnType.Int32;
            case PrimitiveDataFrameColumn<long>: return ColumnType.Int64;
            case PrimitiveDataFrameColumn<bool>: return ColumnType.Boolean;
            case PrimitiveDataFrameColumn<DateTime>: return ColumnType.DateTime;
        }
        if (column.DataType == typeof(string))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long nonMissing = 0;
            for (long r = 0; r < column.Length; r++)
            {
                if (column[r] is not string v) continue;
                nonMissing++;
                if (seen.Add(v) && seen.Count > CategoryMaxDistinct) return ColumnType.Text;
            }
            return LooksCategorical(seen.Count, nonMissing) ? ColumnType.Category : ColumnType.Text;
        }
        if (IsNumeric(column)) return ColumnType.Double;
        throw new ArgumentException($"Column '{column.Name}' has type {column.DataType.Name}, which the kit does not handle.", nameof(column));
    }

    /// <summary>Whether the column holds numbers (any integer or floating type).</summary>
    public static bool IsNumeric(DataFrameColumn column) =>
        column.DataType == typeof(double) || column.DataType == typeof(float) || column.DataType == typeof(int) ||
        column.DataType == typeof(long) || column.DataType == typeof(short) || column.DataType == typeof(byte) ||
        column.DataType == typeof(decimal) || column.DataType == typeof(sbyte) || column.DataType == typeof(ushort) ||
        column.DataType == typeof(uint) || column.DataType == typeof(ulong);

    /// <summary>Reads the value at <paramref name="row"/> of a numeric or boolean column as a double; NaN when missing.</summary>
    public static double NumberAt(DataFrameColumn column, long row)
    {
        switch (column)
        {
            case PrimitiveDataFrameColumn<double> d: return d[row] ?? double.NaN;
            case PrimitiveDataFrameColumn<int> i: return i[row] is int iv ? iv : double.NaN;
            case PrimitiveDataFrameColumn<long> l: return l[row] is long lv ? lv : double.NaN;
            case PrimitiveDataFrameColumn<float> f: return f[row] is float fv ? fv : double.NaN;
            case PrimitiveDataFrameColumn<bool> b: return b[row] is bool bv ? (bv ? 1 : 0) : double.NaN;
        }
        var o = column[row];
        return o is null ? double.NaN : Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A numeric or boolean column as doubles (NaN for missing), in one pass.</summary>
    public static double[] ToDoubles(DataFrameColumn column)
    {
        var result = new double[column.Length];
        switch (column)
        {
            case PrimitiveDataFrameColumn<double> d:
                { long k = 0; foreach (var v in d) result[k++] = v ?? double.NaN; return result; }
            case PrimitiveDataFrameColumn<int> i:
                { long k = 0; foreach (var v in i) result[k++] = v is int x ? x : double.NaN; return result; }
            case PrimitiveDataFrameColumn<long> l:
                { long k = 0; foreach (var v in l) result[k++] = v is long x ? x : double.NaN; return result; }
            case PrimitiveDataFrameColumn<float> f:
                { long k = 0; foreach (var v in f) result[k++] = v is float x ? x : double.NaN; return result; }
            case PrimitiveDataFrameColumn<bool> b:
                { long k = 0; foreach (var v in b) result[k++] = v is bool x ? (x ? 1 : 0) : double.NaN; return result; }
        }
        for (long r = 0; r < column.Length; r++) result[r] = NumberAt(column, r);
        return result;
    }
}
