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
    private readonly Lazy<ActivityFeatures[]> _features;
    private readonly Lazy<Dictionary<DateOnly, (int Start, int End)>> _dayRanges;

    private TransactionStream(List<AccountTransaction> transactions, IReadOnlyList<string> setAside, TransactionColumns columns)
    {
        Columns = columns;
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

    /// <summary>Which column held each fact (the sample's columns unless the stream was read with others).</summary>
    public TransactionColumns Columns { get; }

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
        return new TransactionStream(list, setAside, TransactionColumns.Default);
    }

    /// <summary>
    /// A stream from a transactions DataFrame whose columns <paramref name="columns"/> names (default: those of
    /// data-samples/transactions.csv). Rows that cannot be used are set aside with their row number and counted.
    /// </summary>
    public static TransactionStream From(DataFrame frame, TransactionColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        columns ??= TransactionColumns.Default;
        var header = frame.Columns.Select(c => c.Name).ToArray();
        ColumnPositions at;
        try { at = columns.Locate(header, "The transactions frame"); }
        catch (InvalidDataException e) { throw new ArgumentException(e.Message, nameof(frame)); }
        var rows = new List<AccountTransaction>((int)frame.Rows.Count);
        var setAside = new List<string>();
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            long row = r;
            var (t, problem) = ReadRow(columns, at, $"row {r}", $"row{r}", i => frame.Columns[i][row]);
            if (problem is null) rows.Add(t!);
            else setAside.Add(problem);
        }
        return new TransactionStream(rows, setAside, columns);
    }

    /// <summary>
    /// Reads a transactions CSV (header row, columns as in data-samples/transactions.csv) with CsvHelper: the separator
    /// (comma, semicolon, tab) is detected from the header, quoted fields may hold separators and line breaks. Rows that
    /// cannot be used are set aside with their line and counted. <paramref name="columns"/> names a bank's own
    /// columns (default: those of data-samples/transactions.csv).
    /// </summary>
    public static TransactionStream ReadCsv(string path, TransactionColumns? columns = null) => ReadCsv(path, columns, verdictsOptional: false);

    /// <summary>As <see cref="ReadCsv(string, TransactionColumns?)"/>; with <paramref name="verdictsOptional"/> the file may lack the verdict columns whatever their names (a batch to review).</summary>
    internal static TransactionStream ReadCsv(string path, TransactionColumns? columns, bool verdictsOptional)
    {
        columns ??= TransactionColumns.Default;
        if (!File.Exists(path)) throw new FileNotFoundException($"No transactions file at {Path.GetFullPath(path)}.", path);
        string file = Path.GetFileName(path);
        var malformed = new Dictionary<long, string>();
        // A download compressed as .csv.gz or .zip (PaySim's, IEEE-CIS's) is read from its unpacked copy.
        using var unpacked = Foundations.Data.PackedFile.Open(path);
        using var csv = CsvReader.FromFile(unpacked?.Path ?? path, new CsvReaderOptions
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
        var at = columns.Locate(header, $"{path}: line 1", verdictsOptional);

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
            var (t, problem) = ReadRow(columns, at, $"{file} line {line}", $"line{line}", i => csv.GetString(i));
            if (problem is null) rows.Add(t!);
            else setAside.Add(problem);
        }
        return new TransactionStream(rows, setAside, columns);
    }

    /// <summary>Splits the days in time order: the last <paramref name="heldOutDays"/> days are held out for evaluation.</summary>
    public DaySplit SplitDays(int heldOutDays)
    {
        if (heldOutDays <= 0 || heldOutDays >= Days.Count)
            throw new ArgumentOutOfRangeException(nameof(heldOutDays), heldOutDays, $"heldOutDays must be between 1 and {Days.Count - 1} (the stream covers {Days.Count} days).");
        return new DaySplit(Days.Take(Days.Count - heldOutDays).ToArray(), Days.Skip(Days.Count - heldOutDays).ToArray());
    }

    /// <summary>
    /// The facts the monitor computed for each transaction on <paramref name="days"/> (default: every day), from the
    /// accounts' history only, one row per transaction and one column per <see cref="ActivityFeatures.FactNames"/> entry:
    /// fit a monitoring reference on the days an agent learned from (<c>Monitoring.Fit(stream.Facts(split.Training))</c>).
    /// </summary>
    public Microsoft.Data.Analysis.DataFrame Facts(IEnumerable<DateOnly>? days = null)
    {
        if (days is null) return ActivityFeatures.Frame(Features.ToArray());
        var chosen = new List<ActivityFeatures>();
        foreach (var day in days.Distinct().Order())
        {
            var (start, end) = RangeOf(day);
            for (int i = start; i < end; i++) chosen.Add(Features[i]);
        }
        return ActivityFeatures.Frame(chosen);
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

    /// <summary>One row as a transaction, or the first problem found in it, named by <paramref name="where"/> and column.</summary>
    private static (AccountTransaction? Transaction, string? Problem) ReadRow(
        TransactionColumns columns, ColumnPositions at, string where, string fallbackId, Func<int, object?> field)
    {
        var reader = new FieldReader(where);
        object? Field(int position) => position < 0 ? null : field(position);
        string Optional(int position) => position < 0 ? "" : Convert.ToString(Field(position), CultureInfo.InvariantCulture)?.Trim() ?? "";

        DateTime time = reader.Time(columns.Time, Field(at.Time), columns.TimeFormat);
        string account = reader.Text(columns.Account, Field(at.Account));
        double amount = reader.Number(columns.Amount, Field(at.Amount));
        string direction = "debit";
        if (at.DirectionFromSign)
        {
            direction = amount < 0 ? "debit" : "credit";
            amount = Math.Abs(amount);
        }
        else if (at.Direction >= 0) direction = reader.Direction(columns.Direction, Field(at.Direction), columns.MoneyOut, columns.MoneyIn);
        double balance = at.BalanceAfter < 0 ? double.NaN : reader.Number(columns.BalanceAfter, Field(at.BalanceAfter));
        bool incident = at.Incident >= 0 && reader.Incident(columns.Incident, Field(at.Incident), columns.IncidentValues);
        string id = Optional(at.TransactionId);
        string kind = Optional(at.IncidentKind);
        var t = new AccountTransaction(
            id.Length > 0 ? id : fallbackId, time, account, amount, direction,
            Optional(at.Channel), Optional(at.MerchantCategory), Optional(at.Country), balance,
            incident, kind.Length > 0 ? kind : incident ? "incident" : "none");
        if (reader.Problem is not null) return (null, reader.Problem);
        string? problem = Check(t, columns);
        return problem is null ? (t, null) : (null, $"{where}: {problem}");
    }

    private const double MaximumAmount = 1e15;

    private static string? Check(AccountTransaction t, TransactionColumns? columns = null)
    {
        columns ??= TransactionColumns.Default;
        if (string.IsNullOrWhiteSpace(t.CustomerId)) return $"column {columns.Account}: expected an account id, found an empty value";
        // Above a quadrillion an amount is an error, and sums of two would overflow the velocity facts to infinity.
        if (!(t.Amount > 0) || !(t.Amount < MaximumAmount))
            return $"column {columns.Amount}: expected a {(columns.Direction.Trim() == columns.Amount.Trim() ? "non-zero" : "positive")} number below 1e15, found {t.Amount.ToString(CultureInfo.InvariantCulture)}";
        if (double.IsInfinity(t.BalanceAfter)) return $"column {columns.BalanceAfter}: expected a number, found {t.BalanceAfter.ToString(CultureInfo.InvariantCulture)}";
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

        public DateTime Time(string column, object? value, string format)
        {
            format = format.Trim();
            if (TransactionColumns.DaysPer(format) is double daysPerUnit)
            {
                string unit = format.ToLowerInvariant();
                double days = Number(column, value) * daysPerUnit;
                // A count that lands before year 1 or after 9999 cannot be a time (DateTime would throw): set aside, named.
                double ticks = TransactionColumns.CountedFrom.Ticks + days * TimeSpan.TicksPerDay;
                if (double.IsFinite(ticks) && ticks >= 0 && ticks < DateTime.MaxValue.Ticks) return new DateTime((long)ticks, DateTimeKind.Utc);
                if (Problem is null) Fail(column, $"a number of {unit} that falls between the years 1 and 9999 (counted from 2000-01-01)", value);
                return default;
            }
            if (format.Length > 0)
            {
                // A typed frame may hold 930101 as a number: its digits are the text the format reads (leading zeros restored).
                string text = value switch
                {
                    int or long or double or float or decimal => Convert.ToString(value, CultureInfo.InvariantCulture)!.PadLeft(format.Length, '0'),
                    DateTime dt => dt.ToString(format, CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "",
                };
                if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var exact)) return exact;
                Fail(column, $"a date written {format}", value);
                return default;
            }
            // 05/12/2026 is 5 December or May 12, and the parser below would silently take the month first: a date written
            // with the year last is read only in the order the format names.
            if (value is string written && Foundations.Data.FieldParsers.TryYearLastParts(Encoding.UTF8.GetBytes(written.Trim()), out _, out _, out _))
            {
                Fail(column, "a date-time whose order is named (written with the year last, 05/12/2026 may be 5 December or May 12): give TimeFormat, the notebook's timeFormat, such as dd/MM/yyyy HH:mm or MM/dd/yyyy HH:mm", value);
                return default;
            }
            switch (value)
            {
                case DateTime dt: return dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime();
                case DateTimeOffset dto: return dto.UtcDateTime;
                case string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed): return parsed;
            }
            Fail(column, "an ISO 8601 date-time (or name its format: TimeFormat, the notebook's timeFormat)", value);
            return default;
        }

        /// <summary>"debit" for a money-out value, "credit" for a money-in value; anything else is a problem.</summary>
        public string Direction(string column, object? value, IReadOnlyList<string> moneyOut, IReadOnlyList<string> moneyIn)
        {
            string text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "";
            if (moneyOut.Any(v => string.Equals(v.Trim(), text, StringComparison.OrdinalIgnoreCase))) return "debit";
            if (moneyIn.Any(v => string.Equals(v.Trim(), text, StringComparison.OrdinalIgnoreCase))) return "credit";
            Fail(column, $"{string.Join(" or ", moneyOut)} (money out)" + (moneyIn.Count > 0 ? $" or {string.Join(" or ", moneyIn)} (money in)" : ""), value);
            return "";
        }

        /// <summary>Whether the verdict says incident: one of <paramref name="incidentValues"/>, or 1/0 and true/false when none are given.</summary>
        public bool Incident(string column, object? value, IReadOnlyList<string> incidentValues)
        {
            if (incidentValues.Count > 0)
            {
                string text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "";
                return incidentValues.Any(v => string.Equals(v.Trim(), text, StringComparison.OrdinalIgnoreCase));
            }
            switch (value)
            {
                case null: return false;
                case bool b: return b;
                case int i when i is 0 or 1: return i == 1;
                case long l when l is 0 or 1: return l == 1;
                case double d when d is 0 or 1: return d == 1;
                case float f when f is 0 or 1: return f == 1;
                case string s when s.Trim() is "0" or "1" or "": return s.Trim() == "1";
                case string s when bool.TryParse(s.Trim(), out var b): return b;
            }
            Fail(column, "0 or 1 (or name the values that mean an incident: IncidentValues, the notebook's incidentValues)", value);
            return false;
        }
    }
}

/// <summary>Training days and held-out days of one stream; held-out days come after every training day.</summary>
public sealed record DaySplit(IReadOnlyList<DateOnly> Training, IReadOnlyList<DateOnly> HeldOut)
{
}
