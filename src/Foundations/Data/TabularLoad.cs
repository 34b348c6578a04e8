using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>How a column was stored in a typed file (Parquet, Arrow), before the schema and the kit's rules apply.</summary>
internal enum ValueKind { Int32, Int64, Double, Decimal, Boolean, Text, DateTime }

/// <summary>One column read from typed parts: its stored kind and its values, chunk by chunk (typed nullable arrays).</summary>
internal sealed class ColumnData(string name, ValueKind kind)
{
    public string Name { get; } = name;
    public ValueKind Kind { get; } = kind;
    public List<Array> Chunks { get; } = new();
    public long Length { get; private set; }

    public void Add(Array chunk)
    {
        Chunks.Add(chunk);
        Length += chunk.Length;
    }

    public IEnumerable<object?> Values() => Chunks.SelectMany(c => c.Cast<object?>());

    /// <summary>Adds a part's columns to those read so far; every part must have the same columns and stored kinds.</summary>
    public static void Append(List<ColumnData> all, List<ColumnData> part, string partPath, string source)
    {
        if (all.Count == 0)
        {
            all.AddRange(part);
            return;
        }
        string Shape(IEnumerable<ColumnData> cs) => string.Join(", ", cs.Select(c => $"{c.Name} {c.Kind}"));
        if (part.Count != all.Count || part.Zip(all).Any(p => p.First.Name != p.Second.Name || p.First.Kind != p.Second.Kind))
            throw new CsvLoadException(
                $"{source}: part '{Path.GetFileName(partPath)}' has columns ({Shape(part)}), but the first part has ({Shape(all)}); every part of a folder must share one schema.",
                partPath, reason: "schema");
        for (int c = 0; c < all.Count; c++)
            foreach (var chunk in part[c].Chunks) all[c].Add(chunk);
    }
}

/// <summary>Turns columns read from typed files into the kit's frame and <see cref="LoadReport"/>, with the CSV loader's schema and quarantine rules.</summary>
internal static class TabularLoad
{
    internal const string WrongType = "wrong type";
    internal const string NonFinite = "non-finite number";

    public static LoadResult Finish(string source, long bytes, List<ColumnData> columns, CsvOptions options)
    {
        long rows = columns.Count == 0 ? 0 : columns[0].Length;
        var notes = new List<string>();
        if (options.Schema is { } schema)
            foreach (var name in schema.Columns)
                if (!columns.Any(c => c.Name == name))
                    throw new CsvLoadException($"{source}: the schema names column '{name}', which the file lacks (it has: {string.Join(", ", columns.Select(c => c.Name))}).",
                        source, 0, name, reason: "schema");

        var bad = new Dictionary<long, (string Reason, string Detail, string Column, string Value)>();
        var converted = new List<(string Name, ColumnType Type, bool FromSchema, object?[] Values)>();
        foreach (var column in columns)
        {
            bool fromSchema = options.Schema is { } s && s.TryGet(column.Name, out _);
            var values = column.Values().ToArray();
            ColumnType type;
            if (fromSchema)
            {
                options.Schema!.TryGet(column.Name, out type);
                for (long r = 0; r < values.Length; r++)
                {
                    if (values[r] is null) continue;
                    if (TryConvert(values[r]!, type, out var v)) values[r] = v;
                    else
                    {
                        string shown = Format(values[r]);
                        bad.TryAdd(r, (WrongType, $"column '{column.Name}' expects {type} (from the schema), found '{shown}' (stored as {column.Kind})", column.Name, shown));
                        values[r] = null;
                    }
                }
            }
            else
            {
                type = column.Kind switch
                {
                    ValueKind.Int32 => ColumnType.Int32,
                    ValueKind.Int64 => ColumnType.Int64,
                    ValueKind.Double or ValueKind.Decimal => ColumnType.Double,
                    ValueKind.Boolean => ColumnType.Boolean,
                    ValueKind.DateTime => ColumnType.DateTime,
                    _ => TextType(values),
                };
                if (column.Kind == ValueKind.Decimal)
                    notes.Add($"Column '{column.Name}' is a Parquet/Arrow decimal: kept exact as a decimal column (reported as Double).");
            }
            if (type == ColumnType.Double)
            {
                long nan = 0;
                for (long r = 0; r < values.Length; r++)
                {
                    if (values[r] is double d && double.IsNaN(d)) { values[r] = null; nan++; }
                    else if (values[r] is double inf && double.IsInfinity(inf))
                        bad.TryAdd(r, (NonFinite, $"column '{column.Name}' holds '{Format(inf)}': infinite numbers are not accepted (NaN is read as missing)", column.Name, Format(inf)));
                }
                if (nan > 0) notes.Add($"Column '{column.Name}': {nan:N0} NaN values read as missing.");
            }
            converted.Add((column.Name, type, fromSchema, values));
        }

        if (bad.Count > 0 && options.OnBadRow == BadRows.Fail)
        {
            var (row, first) = bad.MinBy(kv => kv.Key);
            throw new CsvLoadException($"{source}, row {row + 1}: {first.Detail}. Pass CsvOptions {{ OnBadRow = BadRows.Quarantine }} to set such rows aside and load the rest.",
                source, row + 1, first.Column, first.Value, first.Reason);
        }

        var keep = Enumerable.Range(0, checked((int)rows)).Where(r => !bad.ContainsKey(r)).ToArray();
        var quarantined = bad.OrderBy(kv => kv.Key).Select(kv => new QuarantinedRow(kv.Key + 1, kv.Value.Reason, kv.Value.Detail,
            string.Join(",", columns.Select(c => Format(RawAt(c, kv.Key)))), kv.Value.Column, kv.Value.Value)).ToList();
        var frame = new DataFrame();
        var loaded = new List<LoadedColumn>();
        foreach (var (name, type, fromSchema, values) in converted)
        {
            var column = Build(name, type, keep.Select(r => values[r]), values.OfType<decimal>().Any());
            frame.Columns.Add(column);
            loaded.Add(new LoadedColumn(name, type, fromSchema, column.NullCount));
        }
        var report = new LoadReport(source, '\0', bytes, rows, keep.Length, quarantined, loaded, notes);
        return new LoadResult(frame, report);
    }

    private static object? RawAt(ColumnData c, long row)
    {
        foreach (var chunk in c.Chunks)
        {
            if (row < chunk.Length) return chunk.GetValue(row);
            row -= chunk.Length;
        }
        return null;
    }

    private static ColumnType TextType(object?[] values)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        long nonMissing = 0;
        foreach (var v in values)
        {
            if (v is not string s) continue;
            nonMissing++;
            if (distinct.Count <= ColumnTypes.CategoryMaxDistinct) distinct.Add(s);
        }
        return ColumnTypes.LooksCategorical(distinct.Count, nonMissing) ? ColumnType.Category : ColumnType.Text;
    }

    private static DataFrameColumn Build(string name, ColumnType type, IEnumerable<object?> values, bool keepDecimal) => type switch
    {
        ColumnType.Int32 => new Int32DataFrameColumn(name, values.Select(v => (int?)v)),
        ColumnType.Int64 => new Int64DataFrameColumn(name, values.Select(v => (long?)v)),
        // Money stored as decimal stays exact; other numbers become doubles as in the CSV loader.
        ColumnType.Double when keepDecimal => new DecimalDataFrameColumn(name, values.Select(v => v is null ? (decimal?)null : Convert.ToDecimal(v, CultureInfo.InvariantCulture))),
        ColumnType.Double => new DoubleDataFrameColumn(name, values.Select(v => (double?)v)),
        ColumnType.Boolean => new BooleanDataFrameColumn(name, values.Select(v => (bool?)v)),
        ColumnType.DateTime => new PrimitiveDataFrameColumn<DateTime>(name, values.Select(v => (DateTime?)v)),
        _ => new StringDataFrameColumn(name, values.Select(v => (string?)v)),
    };

    private static bool TryConvert(object value, ColumnType type, out object? result)
    {
        result = null;
        switch (type)
        {
            case ColumnType.Int32:
                if (value is int) { result = value; return true; }
                if (Whole(value, int.MinValue, int.MaxValue) is long i) { result = (int)i; return true; }
                return false;
            case ColumnType.Int64:
                if (value is long) { result = value; return true; }
                if (Whole(value, long.MinValue, long.MaxValue) is long l) { result = l; return true; }
                return false;
            case ColumnType.Double:
                switch (value)
                {
                    case double d: result = d; return true;
                    case int or long or decimal: result = Convert.ToDouble(value, CultureInfo.InvariantCulture); return true;
                    case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p): result = p; return true;
                    default: return false;
                }
            case ColumnType.Boolean:
                switch (value)
                {
                    case bool: result = value; return true;
                    case string s when bool.TryParse(s.Trim(), out var b): result = b; return true;
                    case int or long when Convert.ToInt64(value, CultureInfo.InvariantCulture) is 0 or 1: result = Convert.ToInt64(value, CultureInfo.InvariantCulture) == 1; return true;
                    default: return false;
                }
            case ColumnType.DateTime:
                switch (value)
                {
                    case DateTime: result = value; return true;
                    case string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t):
                        result = t; return true;
                    default: return false;
                }
            default:
                result = Format(value);
                return true;
        }
    }

    private static long? Whole(object value, long min, long max)
    {
        switch (value)
        {
            case int i: return i >= min && i <= max ? i : null;
            case long l: return l >= min && l <= max ? l : null;
            case double d when double.IsFinite(d) && Math.Floor(d) == d && d >= min && d <= max: return (long)d;
            case decimal m when decimal.Floor(m) == m && m >= min && m <= max: return (long)m;
            case string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p >= min && p <= max: return p;
            default: return null;
        }
    }

    internal static string Format(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + (d.Kind == DateTimeKind.Utc ? "Z" : ""),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
