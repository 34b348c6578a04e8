using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Per-customer features from a transactions frame over a time window ending at an as-of date: counts, sums, means,
/// standard deviations, recency, and the shares of channels and merchant categories. Transactions after the as-of
/// date are never read, so features built for a past date cannot see the future.
/// </summary>
public static class TransactionFeatures
{
    /// <summary>
    /// One row per customer with a transaction up to <paramref name="asOf"/> (default: the latest timestamp), keyed by
    /// <paramref name="customerColumn"/>. Columns, with the window in days as suffix (here 90):
    /// txn_count_90d, amount_sum_90d, amount_mean_90d, amount_std_90d, amount_max_90d, credit_sum_90d and debit_sum_90d
    /// (when a direction column is present), days_since_last_txn (over all history up to as-of),
    /// channel_share_{channel}_90d and category_share_{category}_90d.
    /// </summary>
    public static DataFrame PerCustomer(DataFrame transactions, TimeSpan window, DateTime? asOf = null,
        string customerColumn = "customer_id", string timestampColumn = "timestamp", string amountColumn = "amount",
        string channelColumn = "channel", string categoryColumn = "merchant_category", string directionColumn = "direction",
        IEnumerable<string>? channels = null, IEnumerable<string>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), window, "window must be positive, for example TimeSpan.FromDays(90).");
        const string step = "TransactionFeatures";
        var customers = FrameOps.Keys(FrameOps.Column(transactions, customerColumn, step));
        if (FrameOps.Column(transactions, timestampColumn, step) is not PrimitiveDataFrameColumn<DateTime> times)
            throw new ArgumentException($"{step}: column '{timestampColumn}' must hold date-times (load it with ColumnType.DateTime).", timestampColumn);
        var amountColumnData = FrameOps.Column(transactions, amountColumn, step);
        if (!ColumnTypes.IsNumeric(amountColumnData))
            throw new ArgumentException($"{step}: column '{amountColumn}' must hold numbers, found {FrameOps.Family(amountColumnData)}.", amountColumn);
        var amounts = ColumnTypes.ToDoubles(amountColumnData);
        var channel = FrameOps.Keys(FrameOps.Column(transactions, channelColumn, step));
        var category = FrameOps.Keys(FrameOps.Column(transactions, categoryColumn, step));
        string?[]? direction = transactions.Columns.IndexOf(directionColumn) >= 0 ? FrameOps.Keys(transactions.Columns[directionColumn]) : null;

        int n = checked((int)transactions.Rows.Count);
        var stamps = new DateTime?[n];
        { int k = 0; foreach (var t in times) stamps[k++] = t; }
        DateTime end = asOf ?? stamps.Where(t => t.HasValue).Select(t => t!.Value).DefaultIfEmpty().Max();
        DateTime start = end - window;
        string suffix = Suffix(window);

        // The share columns come from what was known at the as-of date: a later transaction adds no column.
        var known = Enumerable.Range(0, n).Where(r => stamps[r] is DateTime t && t <= end).ToArray();
        var channelList = (channels ?? known.Select(r => channel[r]).OfType<string>().Distinct()).Order(StringComparer.Ordinal).ToArray();
        var categoryList = (categories ?? known.Select(r => category[r]).OfType<string>().Distinct()).Order(StringComparer.Ordinal).ToArray();
        var channelIndex = channelList.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var categoryIndex = categoryList.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);

        var stats = new Dictionary<string, Stats>(StringComparer.Ordinal);
        for (int r = 0; r < n; r++)
        {
            if (customers[r] is not string id || stamps[r] is not DateTime t || t > end) continue;
            if (!stats.TryGetValue(id, out var s)) stats[id] = s = new Stats(channelList.Length, categoryList.Length);
            if (t > s.Last) s.Last = t;
            if (t <= start) continue;
            double a = amounts[r];
            if (!double.IsFinite(a))
                throw new ArgumentException($"{step}: column '{amountColumn}' is missing or not finite at row {r}.", amountColumn);
            s.Count++;
            s.Sum += a;
            s.SumSquares += a * a;
            s.Max = Math.Max(s.Max, a);
            if (direction?[r] is "credit") s.Credit += a;
            else if (direction?[r] is "debit") s.Debit += a;
            if (channel[r] is string ch && channelIndex.TryGetValue(ch, out int ci)) s.Channels[ci]++;
            if (category[r] is string ca && categoryIndex.TryGetValue(ca, out int ki)) s.Categories[ki]++;
        }

        var ids = stats.Keys.Order(StringComparer.Ordinal).ToArray();
        var frame = new DataFrame(new StringDataFrameColumn(customerColumn, ids));
        frame.Columns.Add(new Int32DataFrameColumn("txn_count" + suffix, ids.Select(id => stats[id].Count)));
        frame.Columns.Add(new DoubleDataFrameColumn("amount_sum" + suffix, ids.Select(id => stats[id].Sum)));
        frame.Columns.Add(new DoubleDataFrameColumn("amount_mean" + suffix, ids.Select(id => stats[id].Count > 0 ? stats[id].Sum / stats[id].Count : (double?)null)));
        frame.Columns.Add(new DoubleDataFrameColumn("amount_std" + suffix, ids.Select(id => stats[id].Std)));
        frame.Columns.Add(new DoubleDataFrameColumn("amount_max" + suffix, ids.Select(id => stats[id].Count > 0 ? stats[id].Max : (double?)null)));
        if (direction is not null)
        {
            frame.Columns.Add(new DoubleDataFrameColumn("credit_sum" + suffix, ids.Select(id => stats[id].Credit)));
            frame.Columns.Add(new DoubleDataFrameColumn("debit_sum" + suffix, ids.Select(id => stats[id].Debit)));
        }
        frame.Columns.Add(new DoubleDataFrameColumn("days_since_last_txn", ids.Select(id => (end - stats[id].Last).TotalDays)));
        for (int i = 0; i < channelList.Length; i++)
            frame.Columns.Add(new DoubleDataFrameColumn($"channel_share_{channelList[i]}{suffix}", ids.Select(id => stats[id].Share(stats[id].Channels[i]))));
        for (int i = 0; i < categoryList.Length; i++)
            frame.Columns.Add(new DoubleDataFrameColumn($"category_share_{categoryList[i]}{suffix}", ids.Select(id => stats[id].Share(stats[id].Categories[i]))));
        return frame;
    }

    /// <summary>
    /// Joins per-customer features onto <paramref name="customers"/> (every customer kept, in order). A customer without
    /// transactions gets 0 for counts, sums and shares, and missing means, deviations, maxima and recency.
    /// </summary>
    public static DataFrame JoinTo(DataFrame customers, DataFrame features, string on = "customer_id")
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(features);
        var left = FrameOps.Keys(FrameOps.Column(customers, on, "JoinTo (customers)"));
        var right = FrameOps.Keys(FrameOps.Column(features, on, "JoinTo (features)"));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < right.Length; i++)
        {
            if (right[i] is not string key) continue;
            if (!index.TryAdd(key, i))
                throw new ArgumentException($"JoinTo: the features hold customer '{key}' twice (rows {index[key]} and {i}); they must have one row per customer.", nameof(features));
        }
        var result = FrameOps.Copy(customers);
        foreach (var column in features.Columns)
        {
            if (column.Name == on) continue;
            if (result.Columns.IndexOf(column.Name) >= 0)
                throw new ArgumentException($"JoinTo: both frames have a column '{column.Name}'.", nameof(features));
            bool zeroWhenAbsent = column.Name.StartsWith("txn_count", StringComparison.Ordinal) || column.Name.StartsWith("amount_sum", StringComparison.Ordinal)
                || column.Name.StartsWith("credit_sum", StringComparison.Ordinal) || column.Name.StartsWith("debit_sum", StringComparison.Ordinal)
                || column.Name.StartsWith("channel_share_", StringComparison.Ordinal) || column.Name.StartsWith("category_share_", StringComparison.Ordinal);
            var values = ColumnTypes.ToDoubles(column);
            var joined = new double?[left.Length];
            for (int i = 0; i < left.Length; i++)
            {
                if (left[i] is string key && index.TryGetValue(key, out int r)) joined[i] = double.IsNaN(values[r]) ? null : values[r];
                else joined[i] = zeroWhenAbsent ? 0 : null;
            }
            result.Columns.Add(column is PrimitiveDataFrameColumn<int>
                ? new Int32DataFrameColumn(column.Name, joined.Select(v => v is double d ? (int?)(int)d : null))
                : new DoubleDataFrameColumn(column.Name, joined));
        }
        return result;
    }

    private sealed class Stats(int channels, int categories)
    {
        public int Count;
        public double Sum, SumSquares, Credit, Debit;
        public double Max = double.MinValue;
        public DateTime Last = DateTime.MinValue;
        public readonly int[] Channels = new int[channels];
        public readonly int[] Categories = new int[categories];

        /// <summary>Sample standard deviation (n − 1); 0 for a single transaction, missing for none.</summary>
        public double? Std => Count switch
        {
            0 => null,
            1 => 0,
            _ => Math.Sqrt(Math.Max(0, (SumSquares - Sum * Sum / Count) / (Count - 1))),
        };

        public double Share(int count) => Count == 0 ? 0 : (double)count / Count;
    }

    internal static string Suffix(TimeSpan window) => string.Create(CultureInfo.InvariantCulture, $"_{(int)Math.Round(window.TotalDays)}d");
}
