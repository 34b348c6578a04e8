using CsvHelper;
using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Foundations.Patterns;

/// <summary>
/// Transactions in time order, the stream the environment replays and the monitor learns account history from.
/// Rows that cannot be read are set aside and counted in <see cref="SetAside"/>, never dropped silently.
/// </summary>
public sealed class TransactionStream
{
    /// <summary>The columns a transaction table must have (is_anomaly and anomaly_type are optional: truth for evaluation only).</summary>
    public static readonly IReadOnlyList<string> RequiredColumns =
        new[] { "timestamp", "customer_id", "amount", "direction", "channel", "merchant_category", "country", "balance_after" };

    private readonly Lazy<ActivityFeatures[]> _features;
    private readonly Lazy<Dictionary<DateOnly, (int Start, int End)>> _dayRanges;

    private TransactionStream(List<AccountTransaction> transactions, IReadOnlyList<string> setAside)
    {
        // A stable sort keeps same-second transactions in the order they were given.
        Transactions = transactions.Select((t, i) => (t, i)).OrderBy(p => p.t.Timestamp).ThenBy(p => p.i).Select(p => p.t).ToArray();
        SetAside = setAside;
        Days = Transactions.Select(t => t.Day).Distinct().ToArray();
        _features = new(() => ActivityTracker.Replay(Transactions), LazyThreadSafetyMode.ExecutionAndPublication);
        _dayRanges = new(BuildDayRanges, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The transactions, oldest first.</summary>
    public IReadOnlyList<AccountTransaction> Transactions { get; }

    /// <summary>The calendar days (UTC) the stream covers, oldest first; each is one training or evaluation episode.</summary>
    public IReadOnlyList<DateOnly> Days { get; }

    /// <summary>Why each set-aside row could not be used (row or line, column, expected and found).</summary>
    public IReadOnlyList<string> SetAside { get; }

    /// <summary>How many transactions are planted anomalies (truth for evaluation).</summary>
    public int Anomalies => Transactions.Count(t => t.IsAnomaly);

    /// <summary>A stream from typed transactions (sorted into time order).</summary>
    public static TransactionStream From(IEnumerable<AccountTransaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var list = new List<AccountTransaction>();
        var setAside = new List<string>();
        int index = 0;
        foreach (var t in transactions)
        {
            string? problem = t is null ? "is null" : Check(t);
            if (problem is null) list.Add(t!);
            else setAside.Add($"item {index}: {problem}");
            index++;
        }
        return new TransactionStream(list, setAside);
    }

    /// <summary>A stream from a transactions DataFrame with the columns of data-samples/transactions.csv.</summary>
    public static TransactionStream From(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var names = frame.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = RequiredColumns.Where(c => !names.Contains(c)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"The transactions frame lacks column(s) {string.Join(", ", missing)}; it has {string.Join(", ", names)}.", nameof(frame));

        var rows = new List<AccountTransaction>((int)frame.Rows.Count);
        var setAside = new List<string>();
        var col = RequiredColumns.ToDictionary(c => c, c => frame.Columns[c]);
        DataFrameColumn? id = names.Contains("transaction_id") ? frame.Columns["transaction_id"] : null;
        DataFrameColumn? label = names.Contains("is_anomaly") ? frame.Columns["is_anomaly"] : null;
        DataFrameColumn? kind = names.Contains("anomaly_type") ? frame.Columns["anomaly_type"] : null;
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            var reader = new FieldReader($"row {r}");
            var t = new AccountTransaction(
                id?[r]?.ToString() ?? $"row{r}",
                reader.Time("timestamp", col["timestamp"][r]),
                reader.Text("customer_id", col["customer_id"][r]),
                reader.Number("amount", col["amount"][r]),
                reader.Text("direction", col["direction"][r]),
                reader.Text("channel", col["channel"][r]),
                reader.Text("merchant_category", col["merchant_category"][r]),
                reader.Text("country", col["country"][r]),
                reader.Number("balance_after", col["balance_after"][r]),
                label is not null && reader.Flag("is_anomaly", label[r]),
                kind?[r]?.ToString() ?? "none");
            string? problem = reader.Problem ?? Check(t);
            if (problem is null) rows.Add(t);
            else setAside.Add(reader.Problem is null ? $"row {r}: {problem}" : problem);
        }
        return new TransactionStream(rows, setAside);
    }

    /// <summary>
    /// Reads a transactions CSV (header row, columns as in data-samples/transactions.csv) with CsvHelper: the separator
    /// (comma, semicolon, tab) is detected from the header, quoted fields may hold separators and line breaks. Rows that
    /// cannot be used are set aside with their line and counted.
    /// </summary>
    public static TransactionStream ReadCsv(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No transactions file at {Path.GetFullPath(path)}.", path);
        string file = Path.GetFileName(path);
        var malformed = new Dictionary<long, string>();
        using var csv = CsvReader.FromFile(path, new CsvReaderOptions
        {
            HasHeader = true, DetectSeparatorHint = true, TrackLineNumbers = true, SkipEmptyLines = true, Encoding = Encoding.UTF8,
            FieldCountMismatch = CsvFieldCountHandling.Allow, MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = m => malformed[m.RecordNumber] = $"malformed quoting ({m.Reason})",
        }, FileOptions.SequentialScan);
        string[] header;
        try
        {
            csv.ReadHeader();
            header = csv.Headers.ToArray();
        }
        catch (CsvFormatException e) { throw new InvalidDataException($"{path}: line {e.LineNumber}: {e.Message}", e); }
        if (header.Length == 0 || header is [""]) throw new InvalidDataException($"{path}: line 1: expected a header row, found an empty file.");
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"{path}: line 1: the header lacks column(s) {string.Join(", ", missing)}; it has {string.Join(", ", header)}.");
        int At(string name) => Array.IndexOf(header, name);
        int idAt = At("transaction_id"), labelAt = At("is_anomaly"), kindAt = At("anomaly_type");

        var rows = new List<AccountTransaction>();
        var setAside = new List<string>();
        while (csv.Read())
        {
            long line = csv.LineNumber;
            if (malformed.Remove(csv.RowNumber, out var why))
            {
                setAside.Add($"{file} line {line}: {why}");
                continue;
            }
            if (csv.FieldCount != header.Length)
            {
                setAside.Add($"{file} line {line}: expected {header.Length} fields, found {csv.FieldCount}");
                continue;
            }
            var fields = new string[header.Length];
            for (int f = 0; f < fields.Length; f++) fields[f] = csv.GetString(f);
            var reader = new FieldReader($"{file} line {line}");
            string Field(string name) => fields[At(name)];
            var t = new AccountTransaction(
                idAt >= 0 ? fields[idAt] : $"line{line}",
                reader.Time("timestamp", Field("timestamp")),
                reader.Text("customer_id", Field("customer_id")),
                reader.Number("amount", Field("amount")),
                reader.Text("direction", Field("direction")),
                reader.Text("channel", Field("channel")),
                reader.Text("merchant_category", Field("merchant_category")),
                reader.Text("country", Field("country")),
                reader.Number("balance_after", Field("balance_after")),
                labelAt >= 0 && reader.Flag("is_anomaly", fields[labelAt]),
                kindAt >= 0 && fields[kindAt].Length > 0 ? fields[kindAt] : "none");
            string? problem = reader.Problem ?? Check(t);
            if (problem is null) rows.Add(t);
            else setAside.Add(reader.Problem is null ? $"{file} line {line}: {problem}" : problem);
        }
        return new TransactionStream(rows, setAside);
    }

    /// <summary>Splits the days in time order: the last <paramref name="heldOutDays"/> days are held out for evaluation.</summary>
    public DaySplit SplitDays(int heldOutDays)
    {
        if (heldOutDays <= 0 || heldOutDays >= Days.Count)
            throw new ArgumentOutOfRangeException(nameof(heldOutDays), heldOutDays, $"heldOutDays must be between 1 and {Days.Count - 1} (the stream covers {Days.Count} days).");
        return new DaySplit(Days.Take(Days.Count - heldOutDays).ToArray(), Days.Skip(Days.Count - heldOutDays).ToArray());
    }

    /// <summary>The activity features of every transaction (computed once, from history only).</summary>
    internal IReadOnlyList<ActivityFeatures> Features => _features.Value;

    /// <summary>Index range [Start, End) of the transactions of <paramref name="day"/>.</summary>
    internal (int Start, int End) RangeOf(DateOnly day) =>
        _dayRanges.Value.TryGetValue(day, out var range) ? range
            : throw new ArgumentException($"The stream has no transactions on {day:yyyy-MM-dd}; it covers {Days[0]:yyyy-MM-dd} to {Days[^1]:yyyy-MM-dd}.", nameof(day));

    private Dictionary<DateOnly, (int, int)> BuildDayRanges()
    {
        var ranges = new Dictionary<DateOnly, (int, int)>();
        int start = 0;
        for (int i = 1; i <= Transactions.Count; i++)
            if (i == Transactions.Count || Transactions[i].Day != Transactions[start].Day)
            {
                ranges[Transactions[start].Day] = (start, i);
                start = i;
            }
        return ranges;
    }

    private static string? Check(AccountTransaction t)
    {
        if (string.IsNullOrWhiteSpace(t.CustomerId)) return "column customer_id: expected an account id, found an empty value";
        if (!(t.Amount > 0) || double.IsInfinity(t.Amount)) return $"column amount: expected a positive number, found {t.Amount.ToString(CultureInfo.InvariantCulture)}";
        if (!double.IsFinite(t.BalanceAfter)) return $"column balance_after: expected a number, found {t.BalanceAfter.ToString(CultureInfo.InvariantCulture)}";
        if (t.Direction is not ("debit" or "credit")) return $"column direction: expected debit or credit, found '{t.Direction}'";
        return null;
    }


    /// <summary>Reads one row's fields, remembering the first problem with the place it was found.</summary>
    private sealed class FieldReader(string where)
    {
        public string? Problem { get; private set; }

        private void Fail(string column, string expected, object? found) =>
            Problem ??= $"{where}, column {column}: expected {expected}, found '{Convert.ToString(found, CultureInfo.InvariantCulture)}'";

        public string Text(string column, object? value)
        {
            string text = value?.ToString()?.Trim() ?? "";
            if (text.Length == 0) Fail(column, "a value", value);
            return text;
        }

        public double Number(string column, object? value)
        {
            switch (value)
            {
                case double d when double.IsFinite(d): return d;
                case float f when float.IsFinite(f): return f;
                case int i: return i;
                case long l: return l;
                case decimal m: return (double)m;
                case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed): return parsed;
            }
            Fail(column, "a number", value);
            return double.NaN;
        }

        public DateTime Time(string column, object? value)
        {
            switch (value)
            {
                case DateTime dt: return dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime();
                case DateTimeOffset dto: return dto.UtcDateTime;
                case string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed): return parsed;
            }
            Fail(column, "an ISO 8601 date-time", value);
            return default;
        }

        public bool Flag(string column, object? value)
        {
            switch (value)
            {
                case null: return false;
                case bool b: return b;
                case int i when i is 0 or 1: return i == 1;
                case long l when l is 0 or 1: return l == 1;
                case double d when d is 0 or 1: return d == 1;
                case float f when f is 0 or 1: return f == 1;
                case string s when s.Trim() is "0" or "1" or "": return s.Trim() == "1";
                case string s when bool.TryParse(s, out var b): return b;
            }
            Fail(column, "0 or 1", value);
            return false;
        }
    }
}

/// <summary>Training days and held-out days of one stream; held-out days come after every training day.</summary>
public sealed record DaySplit(IReadOnlyList<DateOnly> Training, IReadOnlyList<DateOnly> HeldOut)
{
}
