using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>How a column was stored in a typed file (Parquet, Arrow), before the schema and the kit's rules apply.</summary>
internal enum ValueKind { Int32, Int64, Double, Decimal, Boolean, Text, DateTime }

/// <summary>
/// One column read from typed parts, kept in the type it was stored as: numbers, booleans and date-times in a primitive
/// buffer with a validity bitmap (handed to the frame without a copy), text straight in the frame's string column.
/// Nothing is boxed on the way unless a schema asks for a conversion the file does not hold.
/// </summary>
internal abstract class ColumnData(string name, ValueKind kind)
{
    public string Name { get; } = name;
    public ValueKind Kind { get; } = kind;
    public abstract long Length { get; }

    /// <summary>The value at <paramref name="row"/>, boxed: only for quarantined rows' text and schema conversions.</summary>
    public abstract object? ValueAt(long row);

    /// <summary>Appends a value already converted to this column's type (null for missing).</summary>
    public abstract void AppendBoxed(object? value);

    /// <summary>The frame column, without the rows where <paramref name="drop"/> is true (null: every row).</summary>
    public abstract DataFrameColumn Build(bool[]? drop);

    /// <summary>An empty column for <paramref name="rows"/> rows when known (0: unknown, it grows as values come).</summary>
    public static ColumnData Create(string name, ValueKind kind, long rows = 0) => kind switch
    {
        ValueKind.Int32 => new ValueColumn<int>(name, kind, rows),
        ValueKind.Int64 => new ValueColumn<long>(name, kind, rows),
        ValueKind.Double => new ValueColumn<double>(name, kind, rows),
        ValueKind.Decimal => new ValueColumn<decimal>(name, kind, rows),
        ValueKind.Boolean => new ValueColumn<bool>(name, kind, rows),
        ValueKind.DateTime => new ValueColumn<DateTime>(name, kind, rows),
        _ => new TextColumn(name, rows),
    };

    /// <summary>Checks that a later part has the first part's columns and stored kinds.</summary>
    public static void CheckSameShape(IReadOnlyList<ColumnData> all, IReadOnlyList<(string Name, ValueKind Kind)> part, string partPath, string source)
    {
        if (part.Count == all.Count && part.Zip(all).All(p => p.First.Name == p.Second.Name && p.First.Kind == p.Second.Kind)) return;
        throw new CsvLoadException(
            $"{source}: part '{Path.GetFileName(partPath)}' has columns ({string.Join(", ", part.Select(c => $"{c.Name} {c.Kind}"))}), but the first part has ({string.Join(", ", all.Select(c => $"{c.Name} {c.Kind}"))}); every part of a folder must share one schema.",
            partPath, reason: "schema");
    }
}

/// <summary>Numbers, booleans or date-times as stored: a primitive buffer and a validity bitmap.</summary>
internal sealed class ValueColumn<T>(string name, ValueKind kind, long capacity) : ColumnData(name, kind) where T : unmanaged
{
    public ValueBuffer<T> Values { get; private set; } = new(checked((int)Math.Min(capacity, int.MaxValue / Unsafe.SizeOf<T>())));

    public override long Length => Values.Count;

    public override object? ValueAt(long row) => Values.IsValid((int)row) ? Values[(int)row] : null;

    public override void AppendBoxed(object? value)
    {
        if (value is null) Values.AddMissing();
        else Values.Add((T)value);
    }

    /// <summary>Appends <paramref name="dense"/> (the present values, in order) where <paramref name="levels"/> says a value is present; every row present when levels is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddLevels<TIn, TMap>(ReadOnlySpan<TIn> dense, ReadOnlySpan<int> levels, int presentLevel, int rows, TMap map)
        where TIn : unmanaged where TMap : struct, IValueMap<TIn, T>
    {
        var values = Values;
        values.Reserve(rows);
        if (levels.IsEmpty)
        {
            if (typeof(TIn) == typeof(T) && typeof(TMap) == typeof(Same<T>))
            {
                values.AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, T>(dense[..rows]));
                return;
            }
            for (int i = 0; i < rows; i++) values.Add(map.Map(dense[i]));
            return;
        }
        int k = 0;
        for (int i = 0; i < rows; i++)
        {
            if (levels[i] == presentLevel) values.Add(map.Map(dense[k++]));
            else values.AddMissing();
        }
    }

    /// <summary>A copy in another type (an Int32 column widened to Int64 or Double by the schema).</summary>
    public ValueColumn<TOut> Convert<TOut>(ValueKind kind, Func<T, TOut> convert) where TOut : unmanaged
    {
        var result = new ValueColumn<TOut>(Name, kind, 0);
        result.Values = Values.Convert(convert);
        return result;
    }

    public override DataFrameColumn Build(bool[]? drop)
    {
        var buffer = drop is null ? Values : Values.Without(drop);
        var (v, m) = buffer.Memory();
        int n = buffer.Count, nulls = buffer.NullCount;
        return Kind switch
        {
            ValueKind.Int32 => new Int32DataFrameColumn(Name, v, m, n, nulls),
            ValueKind.Int64 => new Int64DataFrameColumn(Name, v, m, n, nulls),
            ValueKind.Double => new DoubleDataFrameColumn(Name, v, m, n, nulls),
            ValueKind.Decimal => new DecimalDataFrameColumn(Name, v, m, n, nulls),
            ValueKind.Boolean => new BooleanDataFrameColumn(Name, v, m, n, nulls),
            _ => new DateTimeDataFrameColumn(Name, v, m, n, nulls),
        };
    }
}

/// <summary>
/// Text written straight into the frame's string column, one shared string per distinct value while the column repeats
/// its values. When the row count is known up front (Parquet footers) the column is sized once and filled in place.
/// </summary>
internal sealed class TextColumn : ColumnData
{
    private readonly StringDataFrameColumn _column;
    private readonly long _sized;
    private readonly TextPool _pool = new();
    private long _count;

    public TextColumn(string name, long rows = 0) : base(name, ValueKind.Text)
    {
        // A pre-sized column starts all missing; each present value is set in place, so its list never regrows.
        _sized = rows;
        _column = new StringDataFrameColumn(name, rows);
    }

    public override long Length => _count;

    /// <summary>Distinct non-missing values, or null once the column proved to be mostly unique (identifiers, names).</summary>
    public long? Distinct => _pool.Distinct;

    public long NullCount => _column.NullCount - (_column.Length - _count);

    public override object? ValueAt(long row) => _column[row];

    public override void AppendBoxed(object? value)
    {
        if (value is null) AppendMissing();
        else AppendShared(_pool.Share((string)value));
    }

    /// <summary>The column's shared string for <paramref name="value"/>, to append with <see cref="AppendShared"/>.</summary>
    public string Share(ReadOnlySpan<char> value) => _pool.Share(value);

    /// <summary>Appends a string that came from <see cref="Share"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AppendShared(string value)
    {
        if (_count < _sized) _column[_count] = value;
        else _column.Append(value);
        _count++;
    }

    public void Append(ReadOnlySpan<char> value) => AppendShared(_pool.Share(value));

    public void AppendMissing()
    {
        if (_count >= _sized) _column.Append(null);
        _count++;
    }

    public override DataFrameColumn Build(bool[]? drop)
    {
        if (_count != _column.Length)
            throw new InvalidOperationException($"Column '{Name}' was sized for {_column.Length:N0} rows but {_count:N0} were read; the file's row counts disagree with its footer.");
        if (drop is null) return _column;
        var kept = new StringDataFrameColumn(Name, 0);
        long row = 0;
        foreach (var value in _column)
            if (!drop[row++]) kept.Append(value);
        return kept;
    }
}

/// <summary>
/// One string per distinct value of a column (a region, a channel, a customer id repeated over thousands of rows), as
/// the CSV loader's pool does. A column whose values are mostly distinct (transaction ids) stops pooling: sharing
/// would only cost a lookup per row.
/// </summary>
internal sealed class TextPool
{
    private const int CheckAfter = 65_536;
    private const int MaxEntries = 4_000_000;
    private Dictionary<string, string>? _strings;
    private Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _spans;
    private long _seen;

    public TextPool()
    {
        _strings = new Dictionary<string, string>(StringComparer.Ordinal);
        _spans = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public long? Distinct => _strings?.Count;

    public string Share(string value)
    {
        if (_strings is null) return value;
        _seen++;
        if (_strings.TryGetValue(value, out var shared)) return shared;
        Add(value);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Share(ReadOnlySpan<char> value)
    {
        if (_strings is null) return new string(value);
        _seen++;
        if (_spans.TryGetValue(value, out var shared)) return shared;
        var s = new string(value);
        Add(s);
        return s;
    }

    private void Add(string value)
    {
        _strings![value] = value;
        // A column that keeps finding new values after the first rows (ids, names) is not worth a lookup per row.
        if (_seen >= CheckAfter && (_strings.Count > _seen / 2 || _strings.Count > MaxEntries)) _strings = null;
    }
}

/// <summary>Maps a stored value to the kit's column type without boxing (narrow integers widen, dates become UTC date-times).</summary>
internal interface IValueMap<TIn, TOut>
{
    TOut Map(TIn value);
}

internal readonly struct Same<T> : IValueMap<T, T>
{
    public T Map(T value) => value;
}

/// <summary>Turns columns read from typed files into the kit's frame and <see cref="LoadReport"/>, with the CSV loader's schema and quarantine rules.</summary>
internal static class TabularLoad
{
    internal const string WrongType = "wrong type";
    internal const string NonFinite = "non-finite number";

    /// <summary>
    /// Runs a bulk load with background garbage collections paused, as the CSV loader does: a load keeps nearly
    /// everything it allocates, so concurrent collections only compete with it for the cores.
    /// </summary>
    public static LoadResult Bulk(Func<LoadResult> load)
    {
        var latency = System.Runtime.GCSettings.LatencyMode;
        if (latency == System.Runtime.GCLatencyMode.Interactive) System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Batch;
        try
        {
            return load();
        }
        finally
        {
            if (latency == System.Runtime.GCLatencyMode.Interactive) System.Runtime.GCSettings.LatencyMode = latency;
        }
    }

    public static LoadResult Finish(string source, long bytes, IReadOnlyList<ColumnData> columns, CsvOptions options)
    {
        long rows = columns.Count == 0 ? 0 : columns[0].Length;
        var notes = new List<string>();
        if (options.Schema is { } schema)
            foreach (var name in schema.Columns)
                if (!columns.Any(c => c.Name == name))
                    throw new CsvLoadException($"{source}: the schema names column '{name}', which the file lacks (it has: {string.Join(", ", columns.Select(c => c.Name))}).",
                        source, 0, name, reason: "schema");

        var bad = new Dictionary<long, (string Reason, string Detail, string Column, string Value)>();
        var converted = new List<(ColumnData Data, ColumnType Type, bool FromSchema)>();
        foreach (var column in columns)
        {
            ColumnType type;
            bool fromSchema = options.Schema is { } s && s.TryGet(column.Name, out type);
            if (!fromSchema)
            {
                type = Natural(column);
                if (column.Kind == ValueKind.Decimal)
                    notes.Add($"Column '{column.Name}' is a Parquet/Arrow decimal: kept exact as a decimal column (reported as Double).");
            }
            else options.Schema!.TryGet(column.Name, out type);
            var data = fromSchema ? ConvertTo(column, type, bad) : column;
            if (data is ValueColumn<double> doubles) CheckDoubles(doubles, bad, notes);
            converted.Add((data, type, fromSchema));
        }

        if (bad.Count > 0 && options.OnBadRow == BadRows.Fail)
        {
            var (row, first) = bad.MinBy(kv => kv.Key);
            throw new CsvLoadException($"{source}, row {row + 1}: {first.Detail}. Pass CsvOptions {{ OnBadRow = BadRows.Quarantine }} to set such rows aside and load the rest.",
                source, row + 1, first.Column, first.Value, first.Reason);
        }

        bool[]? drop = null;
        if (bad.Count > 0)
        {
            drop = new bool[checked((int)rows)];
            foreach (var row in bad.Keys) drop[row] = true;
        }
        var quarantined = bad.OrderBy(kv => kv.Key).Select(kv => new QuarantinedRow(kv.Key + 1, kv.Value.Reason, kv.Value.Detail,
            string.Join(",", columns.Select(c => Format(c.ValueAt(kv.Key)))), kv.Value.Column, kv.Value.Value)).ToList();
        var frame = new DataFrame();
        var loaded = new List<LoadedColumn>();
        foreach (var (data, type, fromSchema) in converted)
        {
            var column = data.Build(drop);
            frame.Columns.Add(column);
            loaded.Add(new LoadedColumn(data.Name, type, fromSchema, column.NullCount));
        }
        var report = new LoadReport(source, '\0', bytes, rows, rows - bad.Count, quarantined, loaded, notes);
        return new LoadResult(frame, report);
    }

    /// <summary>The kit's type for a stored kind when no schema names the column.</summary>
    private static ColumnType Natural(ColumnData column) => column.Kind switch
    {
        ValueKind.Int32 => ColumnType.Int32,
        ValueKind.Int64 => ColumnType.Int64,
        ValueKind.Double or ValueKind.Decimal => ColumnType.Double,
        ValueKind.Boolean => ColumnType.Boolean,
        ValueKind.DateTime => ColumnType.DateTime,
        _ => column is TextColumn { Distinct: long distinct } text && ColumnTypes.LooksCategorical(distinct, text.Length - text.NullCount)
            ? ColumnType.Category : ColumnType.Text,
    };

    /// <summary>
    /// The column in the schema's type. The same type, and widening numbers, need no per-value work; any other pairing
    /// (text read as numbers, a long narrowed to Int32) converts value by value and sets aside what does not fit.
    /// </summary>
    private static ColumnData ConvertTo(ColumnData column, ColumnType type, Dictionary<long, (string, string, string, string)> bad)
    {
        switch (column, type)
        {
            case (ValueColumn<int>, ColumnType.Int32):
            case (ValueColumn<long>, ColumnType.Int64):
            case (ValueColumn<double>, ColumnType.Double):
            case (ValueColumn<bool>, ColumnType.Boolean):
            case (ValueColumn<DateTime>, ColumnType.DateTime):
            case (TextColumn, ColumnType.Text or ColumnType.Category):
                return column;
            case (ValueColumn<int> ints, ColumnType.Int64): return ints.Convert(ValueKind.Int64, v => (long)v);
            case (ValueColumn<int> ints, ColumnType.Double): return ints.Convert(ValueKind.Double, v => (double)v);
            case (ValueColumn<long> longs, ColumnType.Double): return longs.Convert(ValueKind.Double, v => (double)v);
            case (ValueColumn<decimal> decimals, ColumnType.Double): return decimals.Convert(ValueKind.Double, v => (double)v);
        }
        var target = ColumnData.Create(column.Name, KindOf(type), column.Length);
        for (long r = 0; r < column.Length; r++)
        {
            var value = column.ValueAt(r);
            if (value is not null && TryConvert(value, type, out var v))
            {
                target.AppendBoxed(v);
                continue;
            }
            if (value is not null)
            {
                string shown = Format(value);
                bad.TryAdd(r, (WrongType, $"column '{column.Name}' expects {type} (from the schema), found '{shown}' (stored as {column.Kind})", column.Name, shown));
            }
            target.AppendBoxed(null);
        }
        return target;
    }

    private static ValueKind KindOf(ColumnType type) => type switch
    {
        ColumnType.Int32 => ValueKind.Int32,
        ColumnType.Int64 => ValueKind.Int64,
        ColumnType.Double => ValueKind.Double,
        ColumnType.Boolean => ValueKind.Boolean,
        ColumnType.DateTime => ValueKind.DateTime,
        _ => ValueKind.Text,
    };

    // NaN reads as missing, as in the CSV loader; an infinite number sets its row aside.
    private static void CheckDoubles(ValueColumn<double> column, Dictionary<long, (string, string, string, string)> bad, List<string> notes)
    {
        var values = column.Values;
        long nan = 0;
        for (int r = 0; r < values.Count; r++)
        {
            double d = values[r];
            if (double.IsFinite(d) || !values.IsValid(r)) continue;
            if (double.IsNaN(d)) { values.SetMissing(r); nan++; }
            else bad.TryAdd(r, (NonFinite, $"column '{column.Name}' holds '{Format(d)}': infinite numbers are not accepted (NaN is read as missing)", column.Name, Format(d)));
        }
        if (nan > 0) notes.Add($"Column '{column.Name}': {nan:N0} NaN values read as missing.");
    }

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
