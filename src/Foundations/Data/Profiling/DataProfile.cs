using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>One value and how many rows hold it (a top category).</summary>
public sealed record CategoryCount(string Value, long Count);

/// <summary>Equal-width bins over [Edges[0], Edges[^1]]; Counts[i] rows fall in [Edges[i], Edges[i+1]) (the last bin is closed).</summary>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

/// <summary>The profile of one column: type, missing share, distinct values, summary statistics, quantiles, top categories and a histogram.</summary>
public sealed record ColumnProfile(
    string Name,
    ColumnType Type,
    long Rows,
    long Missing,
    long Distinct,
    double? Min,
    double? Max,
    double? Mean,
    double? Std,
    IReadOnlyDictionary<double, double> Quantiles,
    IReadOnlyList<CategoryCount> TopCategories,
    Histogram? Histogram,
    DateTime? FirstDate = null,
    DateTime? LastDate = null)
{
    /// <summary>Missing rows as a share of all rows (0 for an empty frame).</summary>
    public double MissingShare => Rows == 0 ? 0 : (double)Missing / Rows;

    /// <summary>Whether the column holds personal data (by name or values): its top values are masked when rendered.</summary>
    public bool PersonalData { get; init; }
}

/// <summary>The profile of a frame, column by column; renders as a readable HTML table.</summary>
public sealed class DataProfile
{
    /// <summary>The quantiles every numeric column reports.</summary>
    public static readonly IReadOnlyList<double> QuantileLevels = new[] { 0.05, 0.25, 0.5, 0.75, 0.95 };

    internal DataProfile(long rows, IReadOnlyList<ColumnProfile> columns)
    {
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Rows in the frame.</summary>
    public long Rows { get; }

    /// <summary>One profile per column, in frame order.</summary>
    public IReadOnlyList<ColumnProfile> Columns { get; }

    /// <summary>The profile of column <paramref name="name"/>; a clear error naming the columns when it is absent.</summary>
    public ColumnProfile this[string name] =>
        Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"No column '{name}' in the profile (columns: {string.Join(", ", Columns.Select(c => c.Name))}).");

    /// <summary>Profiles every column of <paramref name="frame"/>.</summary>
    public static DataProfile Of(DataFrame frame, int topCategories = 5, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "bins must be at least 1.");
        var columns = new List<ColumnProfile>(frame.Columns.Count);
        foreach (var column in frame.Columns)
            columns.Add(Profile(column, topCategories, bins) with { PersonalData = Disclosure.IsIdentifier(column) });
        return new DataProfile(frame.Rows.Count, columns);
    }

    private static ColumnProfile Profile(DataFrameColumn column, int topCategories, int bins)
    {
        var type = ColumnTypes.Of(column);
        long rows = column.Length;
        var noQuantiles = new Dictionary<double, double>();
        switch (type)
        {
            case ColumnType.Int32 or ColumnType.Int64 or ColumnType.Double:
            {
                var all = ColumnTypes.ToDoubles(column);
                var values = all.Where(double.IsFinite).ToArray();
                long missing = rows - values.Length;
                long distinct = values.Distinct().LongCount();
                if (values.Length == 0)
                    return new ColumnProfile(column.Name, type, rows, missing, 0, null, null, null, null, noQuantiles, Array.Empty<CategoryCount>(), null);
                Array.Sort(values);
                double mean = values.Average();
                double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
                var quantiles = QuantileLevels.ToDictionary(q => q, q => Quantile(values, q));
                var top = distinct <= ColumnTypes.CategoryMaxDistinct && type != ColumnType.Double
                    ? Top(values.Select(v => v.ToString(CultureInfo.InvariantCulture)), topCategories)
                    : Array.Empty<CategoryCount>();
                return new ColumnProfile(column.Name, type, rows, missing, distinct, values[0], values[^1], mean, std, quantiles, top, HistogramOf(values, bins));
            }
            case ColumnType.Boolean:
            {
                var b = (PrimitiveDataFrameColumn<bool>)column;
                long trues = 0, falses = 0;
                foreach (var v in b) { if (v == true) trues++; else if (v == false) falses++; }
                long present = trues + falses;
                var top = new[] { new CategoryCount("true", trues), new CategoryCount("false", falses) }
                    .Where(c => c.Count > 0).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).ToArray();
                double? mean = present == 0 ? null : (double)trues / present;
                return new ColumnProfile(column.Name, type, rows, rows - present, top.Length, present == 0 ? null : (falses > 0 ? 0 : 1),
                    present == 0 ? null : (trues > 0 ? 1 : 0), mean, mean is double m ? Math.Sqrt(m * (1 - m)) : null, noQuantiles, top, null);
            }
            case ColumnType.DateTime:
            {
                var d = (PrimitiveDataFrameColumn<DateTime>)column;
                var values = d.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
                Array.Sort(values);
                long distinct = values.Distinct().LongCount();
                return new ColumnProfile(column.Name, type, rows, rows - values.Length, distinct, null, null, null, null, noQuantiles,
                    Array.Empty<CategoryCount>(), null, values.Length > 0 ? values[0] : null, values.Length > 0 ? values[^1] : null);
            }
            default:
            {
                var texts = new List<string>((int)Math.Min(rows, int.MaxValue));
                for (long r = 0; r < rows; r++)
                    if (column[r] is string s) texts.Add(s);
                long distinct = texts.Distinct(StringComparer.Ordinal).LongCount();
                return new ColumnProfile(column.Name, type, rows, rows - texts.Count, distinct, null, null, null, null, noQuantiles, Top(texts, topCategories), null);
            }
        }
    }

    /// <summary>Linear interpolation between the closest ranks (the usual "type 7" quantile).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 1) return sorted[0];
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>
    /// The same quantile as <see cref="Quantile"/> gives on the sorted values, found by selection in O(n): reorders
    /// <paramref name="values"/> (finite numbers) in place.
    /// </summary>
    internal static double QuantileUnsorted(Span<double> values, double q)
    {
        if (values.Length == 1) return values[0];
        double pos = q * (values.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, values.Length - 1);
        double low = Select(values, lo);
        // After selecting lo, everything right of it is at least as large: the next order statistic is their minimum.
        double high = low;
        if (hi > lo)
        {
            high = double.PositiveInfinity;
            for (int i = lo + 1; i < values.Length; i++) high = Math.Min(high, values[i]);
        }
        return low + (pos - lo) * (high - low);
    }

    /// <summary>The k-th smallest value (0-based); partitions in place (quickselect, median-of-three pivots, sorting as a fallback).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Select(Span<double> values, int k)
    {
        int left = 0, right = values.Length - 1, rounds = 0;
        while (right > left)
        {
            if (++rounds > 64)
            {
                values.Slice(left, right - left + 1).Sort();
                return values[k];
            }
            int mid = left + (right - left) / 2;
            // Median of three as the pivot: sorted or constant runs do not degrade to quadratic time.
            if (values[mid] < values[left]) (values[mid], values[left]) = (values[left], values[mid]);
            if (values[right] < values[left]) (values[right], values[left]) = (values[left], values[right]);
            if (values[right] < values[mid]) (values[right], values[mid]) = (values[mid], values[right]);
            double pivot = values[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) { (values[i], values[j]) = (values[j], values[i]); i++; j--; }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return values[k];
        }
        return values[k];
    }

    private static CategoryCount[] Top(IEnumerable<string> values, int n) =>
        values.GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => new CategoryCount(g.Key, g.LongCount()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)
            .Take(n).ToArray();

    private static Histogram HistogramOf(double[] sorted, int bins)
    {
        double min = sorted[0], max = sorted[^1];
        if (min == max) return new Histogram(new[] { min, max }, new long[] { sorted.Length });
        var edges = Enumerable.Range(0, bins + 1).Select(i => min + (max - min) * i / bins).ToArray();
        var counts = new long[bins];
        foreach (var v in sorted)
            counts[Math.Min(bins - 1, (int)((v - min) / (max - min) * bins))]++;
        return new Histogram(edges, counts);
    }

}

/// <summary>The <c>frame.Profile()</c> extension.</summary>
public static class DataProfileExtensions
{
    /// <summary>Profiles every column: type, missing share, distinct count, min/max/mean/std, quantiles, top categories, histogram.</summary>
    public static DataProfile Profile(this DataFrame frame, int topCategories = 5, int bins = 10) => DataProfile.Of(frame, topCategories, bins);
}
