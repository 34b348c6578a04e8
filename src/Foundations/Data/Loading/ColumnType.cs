using System.Runtime.CompilerServices;
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

    /// <summary>Values seen at least this often in training get a many-valued category's own codes; rarer ones share one.</summary>
    public const int ManyValuedMinCount = 5;

    /// <summary>The share of a many-valued category's rows that must hold values seen <see cref="ManyValuedMinCount"/> times or more.</summary>
    public const double ManyValuedCoverage = 0.8;

    /// <summary>
    /// Whether a text column too varied to read as a category at first sight is one all the same: short labels that
    /// repeat, such as the company a complaint names, the lender of a loan, a city or a job title. Thousands of values,
    /// but at least 80% of its rows (100 or more) hold values seen 5 times or more; free text, references and postcodes
    /// do not repeat so. A column the kit treats as personal data (a person's name, an e-mail, a marked identifier) never is.
    /// </summary>
    public static bool IsManyValuedCategory(DataFrameColumn column)
    {
        if (column.DataType != typeof(string) || Of(column) != ColumnType.Text || Disclosure.IsIdentifier(column)) return false;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (long r = 0; r < column.Length; r++)
            if (column[r] is string v && !string.IsNullOrWhiteSpace(v)) counts[v] = counts.GetValueOrDefault(v) + 1;
        return RepeatsLikeCategory(counts.Values);
    }

    /// <summary>Whether values counted so (blanks left out) repeat as a many-valued category's do: see <see cref="IsManyValuedCategory"/>.</summary>
    internal static bool RepeatsLikeCategory(IEnumerable<long> valueCounts)
    {
        long present = 0, repeated = 0;
        foreach (long n in valueCounts)
        {
            present += n;
            if (n >= ManyValuedMinCount) repeated += n;
        }
        return present >= 100 && repeated >= ManyValuedCoverage * present;
    }

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
        ReadDoubles(column, result);
        return result;
    }

    /// <summary>
    /// A number column's values, or a date column's as decimal years (2011-07-02 → 2011.50, as the recipe's ReadAsYears
    /// reads dates; NaN for missing); null for any other column. What bins, monitors and scorecards read as "a number".
    /// </summary>
    internal static double[]? NumbersOrYears(DataFrameColumn column)
    {
        if (column is PrimitiveDataFrameColumn<DateTime> dates)
        {
            var years = new double[dates.Length];
            for (long r = 0; r < dates.Length; r++) years[r] = dates[r] is DateTime t ? FittedDateAsYears.Years(t) : double.NaN;
            return years;
        }
        return IsNumeric(column) ? ToDoubles(column) : null;
    }

    /// <summary>Writes a numeric or boolean column's values into <paramref name="target"/> as doubles (NaN for missing), allocating nothing.</summary>
    internal static void ReadDoubles(DataFrameColumn column, Span<double> target)
    {
        if (target.Length != column.Length) throw new ArgumentException($"Column '{column.Name}' has {column.Length} values; the target holds {target.Length}.", nameof(target));
        ReadDoubles(column, 0, target);
    }

    /// <summary>Writes rows <paramref name="start"/> onwards of a numeric or boolean column into <paramref name="target"/> (NaN for missing).</summary>
    internal static void ReadDoubles(DataFrameColumn column, long start, Span<double> target)
    {
        if (start < 0 || start + target.Length > column.Length)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Rows {start}..{start + target.Length - 1} are outside column '{column.Name}' ({column.Length} rows).");
        switch (column)
        {
            // Read the column's buffers and validity bitmap directly: the per-value indexer or enumerator costs more
            // than the work most steps do with the value (a million-row recipe spent most of its time there).
            case PrimitiveDataFrameColumn<double> d: Fill(d, start, target); return;
            case PrimitiveDataFrameColumn<int> i: Fill(i, start, target); return;
            case PrimitiveDataFrameColumn<long> l: Fill(l, start, target); return;
            case PrimitiveDataFrameColumn<float> f: Fill(f, start, target); return;
            case PrimitiveDataFrameColumn<bool> b: Fill(b, start, target); return;
        }
        for (int r = 0; r < target.Length; r++) target[r] = NumberAt(column, start + r);
    }

    // Fully optimised from the first call: a notebook applies a recipe a handful of times, never enough for tiered
    // compilation to promote these loops (measured 5× slower on the first calls).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill<T>(PrimitiveDataFrameColumn<T> column, long start, Span<double> target) where T : unmanaged
    {
        bool anyMissing = column.NullCount > 0;
        long bufferStart = 0;
        int written = 0;
        using var bitmaps = column.GetReadOnlyNullBitMapBuffers().GetEnumerator();
        foreach (var buffer in column.GetReadOnlyDataBuffers())
        {
            if (written == target.Length) break;
            ReadOnlySpan<byte> valid = bitmaps.MoveNext() ? bitmaps.Current.Span : default;
            var values = buffer.Span;
            long bufferEnd = bufferStart + values.Length;
            if (bufferEnd > start + written)
            {
                int from = (int)(start + written - bufferStart);
                int count = Math.Min(values.Length - from, target.Length - written);
                if (anyMissing && valid.Length * 8 < from + count)
                    throw new InvalidOperationException($"Column '{column.Name}' has a validity bitmap shorter than its values.");
                var into = target.Slice(written, count);
                for (int i = 0; i < count; i++)
                {
                    int k = from + i;
                    into[i] = !anyMissing || (valid[k >> 3] & (1 << (k & 7))) != 0 ? AsDouble(values[k]) : double.NaN;
                }
                written += count;
            }
            bufferStart = bufferEnd;
        }
    }

    // One specialisation per column type: the type tests are resolved when the method is compiled.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double AsDouble<T>(T value) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref value);
        if (typeof(T) == typeof(int)) return Unsafe.As<T, int>(ref value);
        if (typeof(T) == typeof(long)) return Unsafe.As<T, long>(ref value);
        if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref value);
        if (typeof(T) == typeof(bool)) return Unsafe.As<T, bool>(ref value) ? 1 : 0;
        throw new NotSupportedException($"Column type {typeof(T).Name} is not read as numbers.");
    }
}
