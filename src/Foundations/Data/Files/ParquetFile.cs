using System.Buffers;
using Microsoft.Data.Analysis;
using Parquet.Schema;
using ParquetLib = Parquet;

namespace Foundations.Data;

/// <summary>Loads Parquet files (one file or a folder of parts) into the same typed frame as <see cref="Csv.Load(string, CsvOptions?)"/>, and writes frames as Parquet.</summary>
public static class ParquetFile
{
    /// <summary>
    /// Loads a Parquet file, or every *.parquet part of a folder in name order, with the same schema checks, report and
    /// quarantine rules as the CSV loader (<see cref="CsvOptions.Schema"/> and <see cref="CsvOptions.OnBadRow"/> apply).
    /// </summary>
    public static LoadResult Load(string path, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var parts = Parts(path, "*.parquet", "Parquet");
        try
        {
            return LoadParts(path, parts, options);
        }
        catch (Exception e) when (e is not (FileNotFoundException or NotSupportedException or FormatException or InvalidDataException or ArgumentException or OutOfMemoryException))
        {
            // Parquet.Net's own errors (a file cut short, not Parquet at all) do not say which file: this one does.
            throw new InvalidDataException($"Parquet '{path}' cannot be read: {e.Message.TrimEnd('.')}. The file may be cut short or not Parquet at all; write it again.", e);
        }
    }

    private static LoadResult LoadParts(string path, IReadOnlyList<string> parts, CsvOptions? options)
    {
        // Footers first: every part's schema is checked before any data is read, and each column is sized once for all rows.
        var footers = parts.Select(Footer).ToArray();
        long rows = footers.Sum(f => f.Rows);
        var columns = footers[0].Shape.Select(c => ColumnData.Create(c.Name, c.Kind, rows)).ToList();
        for (int i = 1; i < parts.Count; i++) ColumnData.CheckSameShape(columns, footers[i].Shape, parts[i], path);
        return TabularLoad.Bulk(() =>
        {
            foreach (var part in parts) ReadPart(part, columns);
            return TabularLoad.Finish(path, parts.Sum(p => new FileInfo(p).Length), columns, options ?? new CsvOptions());
        });
    }

    /// <summary>Writes <paramref name="frame"/> as one Parquet file (row groups of <paramref name="rowGroupRows"/> rows); date-times are stored as UTC timestamps.</summary>
    public static void Write(DataFrame frame, string path, int rowGroupRows = 100_000)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (rowGroupRows <= 0) throw new ArgumentOutOfRangeException(nameof(rowGroupRows), rowGroupRows, "rowGroupRows must be positive.");
        using var writer = new ParquetPartWriter(path, frame);
        for (long start = 0; start < frame.Rows.Count || start == 0; start += rowGroupRows)
        {
            writer.Append(frame, start, Math.Min(rowGroupRows, frame.Rows.Count - start));
            if (frame.Rows.Count == 0) break;
        }
    }

    internal static IReadOnlyList<string> Parts(string path, string pattern, string kind)
    {
        if (File.Exists(path)) return new[] { path };
        if (Directory.Exists(path))
        {
            var parts = Directory.GetFiles(path, pattern, SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray();
            if (parts.Length == 0) throw new FileNotFoundException($"{kind}: folder '{path}' holds no {pattern} parts.", path);
            return parts;
        }
        throw new FileNotFoundException($"{kind}: no file or folder '{path}'.", path);
    }

    /// <summary>A part's columns with their stored kinds, and its row count; nested and unsupported columns are refused here, naming the part.</summary>
    private static ((string Name, ValueKind Kind)[] Shape, long Rows) Footer(string part)
    {
        using var stream = File.OpenRead(part);
        var reader = Open(stream);
        try
        {
            var schema = reader.Schema;
            foreach (var field in schema.Fields)
                if (field.SchemaType != SchemaType.Data || ((DataField)field).IsArray)
                    throw new NotSupportedException(
                        $"Parquet file '{part}': column '{field.Name}' is a {Describe(field)}, which the kit does not load; flatten it in the engine that wrote the file (one value per row and column).");
            var shape = schema.GetDataFields().Select(f => (f.Name, Kind(f, part))).ToArray();
            long rows = 0;
            for (int g = 0; g < reader.RowGroupCount; g++) rows += reader.OpenRowGroupReader(g).RowCount;
            return (shape, rows);
        }
        finally
        {
            Close(reader);
        }
    }

    /// <summary>
    /// Reads one part into <paramref name="columns"/>. Columns are read in parallel, each whole column by one worker
    /// with its own reader, straight into the column's typed buffer.
    /// </summary>
    private static void ReadPart(string part, List<ColumnData> columns)
    {
        int next = -1;
        int workers = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, columns.Count));
        try
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
            {
                using var stream = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                var reader = Open(stream);
                try
                {
                    var own = reader.Schema.GetDataFields();
                    for (int c = Interlocked.Increment(ref next); c < own.Length; c = Interlocked.Increment(ref next))
                        for (int g = 0; g < reader.RowGroupCount; g++)
                        {
                            var group = reader.OpenRowGroupReader(g);
                            ReadColumn(group, own[c], checked((int)group.RowCount), columns[c], part);
                        }
                }
                finally
                {
                    Close(reader);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private static ParquetLib.ParquetReader Open(Stream stream) => ParquetLib.ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();

    private static void Close(ParquetLib.ParquetReader reader) => reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static string Describe(Field field) => field.SchemaType switch
    {
        SchemaType.List => "list",
        SchemaType.Map => "map",
        SchemaType.Struct => "struct",
        _ => "repeated field",
    };

    private static ValueKind Kind(DataField f, string part)
    {
        var t = f.ClrType;
        if (f is TimeDataField || t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>) || t == typeof(TimeSpan) || t == typeof(TimeOnly))
            throw new NotSupportedException(
                $"Parquet file '{part}': column '{f.Name}' has type {Physical(f)}, which the kit does not load (supported: integers, floats, decimal up to 28 digits, boolean, string, date, timestamp).");
        if (t == typeof(int) || t == typeof(short) || t == typeof(byte) || t == typeof(sbyte) || t == typeof(ushort)) return ValueKind.Int32;
        if (t == typeof(long) || t == typeof(uint)) return ValueKind.Int64;
        if (t == typeof(float) || t == typeof(double)) return ValueKind.Double;
        if (t == typeof(decimal)) return ValueKind.Decimal;
        if (t == typeof(bool)) return ValueKind.Boolean;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) return ValueKind.Text;
        if (t == typeof(DateTime) || t == typeof(DateOnly) || t == typeof(DateTimeOffset)) return ValueKind.DateTime;
        throw new NotSupportedException(
            $"Parquet file '{part}': column '{f.Name}' has type {Physical(f)}, which the kit does not load (supported: integers, floats, decimal up to 28 digits, boolean, string, date, timestamp).");
    }

    private static string Physical(DataField f) => f switch
    {
        BigDecimalDataField b => $"decimal({b.Precision},{b.Scale}) wider than .NET decimal",
        TimeDataField => "time of day",
        _ when f.ClrType == typeof(TimeSpan) || f.ClrType == typeof(TimeOnly) => "time of day",
        _ when f.ClrType == typeof(byte[]) || f.ClrType == typeof(ReadOnlyMemory<byte>) => "binary",
        _ => f.ClrType.Name,
    };

    /// <summary>Reads one column of one row group into <paramref name="into"/>, typed from end to end.</summary>
    private static void ReadColumn(ParquetLib.ParquetRowGroupReader group, DataField f, int rows, ColumnData into, string part)
    {
        var t = f.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) { ReadText(group, f, rows, (TextColumn)into); return; }
        if (t == typeof(int)) Read<int, int, Same<int>>(group, f, rows, into, default);
        else if (t == typeof(long)) Read<long, long, Same<long>>(group, f, rows, into, default);
        else if (t == typeof(double)) Read<double, double, Same<double>>(group, f, rows, into, default);
        else if (t == typeof(decimal)) Read<decimal, decimal, Same<decimal>>(group, f, rows, into, default);
        else if (t == typeof(bool)) Read<bool, bool, Same<bool>>(group, f, rows, into, default);
        else if (t == typeof(short)) Read<short, int, Widen>(group, f, rows, into, default);
        else if (t == typeof(byte)) Read<byte, int, Widen>(group, f, rows, into, default);
        else if (t == typeof(sbyte)) Read<sbyte, int, Widen>(group, f, rows, into, default);
        else if (t == typeof(ushort)) Read<ushort, int, Widen>(group, f, rows, into, default);
        else if (t == typeof(uint)) Read<uint, long, Widen>(group, f, rows, into, default);
        else if (t == typeof(float)) Read<float, double, Widen>(group, f, rows, into, default);
        else if (t == typeof(DateTime)) Read<DateTime, DateTime, Timestamp>(group, f, rows, into, new Timestamp(f is DateTimeDataField { IsAdjustedToUTC: true }));
        else if (t == typeof(DateOnly)) Read<DateOnly, DateTime, Timestamp>(group, f, rows, into, default);
        else if (t == typeof(DateTimeOffset)) Read<DateTimeOffset, DateTime, Timestamp>(group, f, rows, into, default);
        else throw new NotSupportedException($"Parquet file '{part}': column '{f.Name}' has type {Physical(f)}, which the kit does not load.");
    }

    // Optimised from the first call: a single load would otherwise run these loops as tier-0 code.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Read<TIn, TOut, TMap>(ParquetLib.ParquetRowGroupReader group, DataField f, int rows, ColumnData into, TMap map)
        where TIn : unmanaged where TOut : unmanaged where TMap : struct, IValueMap<TIn, TOut>
    {
        var dense = ArrayPool<TIn>.Shared.Rent(Math.Max(rows, 1));
        int[]? levels = f.MaxDefinitionLevel > 0 ? ArrayPool<int>.Shared.Rent(Math.Max(rows, 1)) : null;
        try
        {
            group.ReadRawAsync<TIn>(f, dense.AsMemory(0, rows), levels?.AsMemory(0, rows), null).AsTask().GetAwaiter().GetResult();
            ((ValueColumn<TOut>)into).AddLevels(dense.AsSpan(0, rows), levels is null ? default : levels.AsSpan(0, rows), f.MaxDefinitionLevel, rows, map);
        }
        finally
        {
            ArrayPool<TIn>.Shared.Return(dense);
            if (levels is not null) ArrayPool<int>.Shared.Return(levels);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ReadText(ParquetLib.ParquetRowGroupReader group, DataField f, int rows, TextColumn into)
    {
        var dense = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(Math.Max(rows, 1));
        int[]? levels = f.MaxDefinitionLevel > 0 ? ArrayPool<int>.Shared.Rent(Math.Max(rows, 1)) : null;
        try
        {
            group.ReadRawAsync<ReadOnlyMemory<char>>(f, dense.AsMemory(0, rows), levels?.AsMemory(0, rows), null).AsTask().GetAwaiter().GetResult();
            int k = 0, present = f.MaxDefinitionLevel;
            // A dictionary-encoded page hands out the same memory for a repeated value: the run reuses its string.
            ReadOnlyMemory<char> last = default;
            string? lastText = null;
            for (int i = 0; i < rows; i++)
            {
                if (levels is not null && levels[i] != present) { into.AppendMissing(); continue; }
                var value = dense[k++];
                if (lastText is null || !value.Equals(last)) { last = value; lastText = into.Share(value.Span); }
                into.AppendShared(lastText);
            }
        }
        finally
        {
            // Cleared so the pool does not keep the decoded pages alive.
            ArrayPool<ReadOnlyMemory<char>>.Shared.Return(dense, clearArray: true);
            if (levels is not null) ArrayPool<int>.Shared.Return(levels);
        }
    }

    /// <summary>Narrow and unsigned integers and floats take the kit's column types (Int32, Int64, Double).</summary>
    private readonly struct Widen : IValueMap<short, int>, IValueMap<byte, int>, IValueMap<sbyte, int>, IValueMap<ushort, int>, IValueMap<uint, long>, IValueMap<float, double>
    {
        public int Map(short value) => value;
        public int Map(byte value) => value;
        public int Map(sbyte value) => value;
        public int Map(ushort value) => value;
        public long Map(uint value) => value;
        public double Map(float value) => value;
    }

    /// <summary>
    /// Timestamps adjusted to UTC (the "with time zone" kind) become UTC instants; local-less timestamps keep their wall
    /// clock; dates become midnight UTC.
    /// </summary>
    private readonly struct Timestamp(bool adjustedToUtc) : IValueMap<DateTime, DateTime>, IValueMap<DateOnly, DateTime>, IValueMap<DateTimeOffset, DateTime>
    {
        public DateTime Map(DateTime d) => adjustedToUtc
            ? (d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : DateTime.SpecifyKind(d, DateTimeKind.Utc))
            : d;

        public DateTime Map(DateOnly d) => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        public DateTime Map(DateTimeOffset d) => d.UtcDateTime;
    }
}

/// <summary>Writes a frame's rows to one Parquet file one row group at a time, so a large table never sits in memory whole.</summary>
internal sealed class ParquetPartWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly ParquetLib.ParquetWriter _writer;
    private readonly DataField[] _fields;

    public ParquetPartWriter(string path, DataFrame shape)
    {
        _fields = shape.Columns.Select(Field).ToArray();
        var schema = new ParquetSchema(_fields);
        // Text is dictionary-encoded, as Spark and DuckDB write it, unless a column is mostly unique (ids): repeated
        // values are stored and decoded once. The first 10,000 values decide, so unique columns cost no full scan.
        var options = new ParquetLib.ParquetOptions { DictionaryEncodingSampleSize = 10_000 };
        foreach (var f in _fields.Where(f => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)))
            options.ColumnEncodingHints[f.Path.ToString()] = ParquetLib.EncodingHint.Dictionary;
        _stream = File.Create(path);
        _writer = ParquetLib.ParquetWriter.CreateAsync(schema, _stream, options).GetAwaiter().GetResult();
    }

    private static DataField Field(DataFrameColumn c)
    {
        var t = c.DataType;
        if (t == typeof(string)) return new DataField<string>(c.Name, true);
        if (t == typeof(DateTime)) return new DateTimeDataField(c.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true);
        if (t == typeof(decimal)) return new DecimalDataField(c.Name, 28, 10, isNullable: true);
        if (t == typeof(int)) return new DataField<int>(c.Name, true);
        if (t == typeof(long)) return new DataField<long>(c.Name, true);
        if (t == typeof(double)) return new DataField<double>(c.Name, true);
        if (t == typeof(float)) return new DataField<float>(c.Name, true);
        if (t == typeof(bool)) return new DataField<bool>(c.Name, true);
        throw new NotSupportedException($"Parquet write: column '{c.Name}' has type {t.Name}, which the kit does not write (int, long, double, float, decimal, bool, string, DateTime).");
    }

    /// <summary>Writes rows [start, start+count) of <paramref name="frame"/> (same columns as the shape) as one row group.</summary>
    public void Append(DataFrame frame, long start, long count)
    {
        using var group = _writer.CreateRowGroup();
        for (int c = 0; c < _fields.Length; c++)
        {
            var column = frame.Columns[c];
            var f = _fields[c];
            if (column.Name != f.Name) throw new ArgumentException($"Parquet write: column {c} is '{column.Name}', expected '{f.Name}'.", nameof(frame));
            switch (column)
            {
                case { } text when text.DataType == typeof(string):
                    var s = new string?[count];
                    for (long r = 0; r < count; r++) s[r] = (string?)text[start + r];
                    group.WriteAsync(f, s, null).GetAwaiter().GetResult();
                    break;
                case PrimitiveDataFrameColumn<DateTime> times: WriteValues(group, f, times, start, count, d => DateTime.SpecifyKind(d, DateTimeKind.Utc)); break;
                case PrimitiveDataFrameColumn<decimal> decimals: WriteValues(group, f, decimals, start, count); break;
                case PrimitiveDataFrameColumn<int> ints: WriteValues(group, f, ints, start, count); break;
                case PrimitiveDataFrameColumn<long> longs: WriteValues(group, f, longs, start, count); break;
                case PrimitiveDataFrameColumn<double> doubles: WriteValues(group, f, doubles, start, count); break;
                case PrimitiveDataFrameColumn<float> floats: WriteValues(group, f, floats, start, count); break;
                case PrimitiveDataFrameColumn<bool> booleans: WriteValues(group, f, booleans, start, count); break;
                default: throw new ArgumentException($"Parquet write: column '{column.Name}' has type {column.DataType.Name}, unlike the first frame written.", nameof(frame));
            }
        }
    }

    // The typed indexer reads the column's buffers directly: no value is boxed.
    private static void WriteValues<T>(ParquetLib.ParquetRowGroupWriter group, DataField f, PrimitiveDataFrameColumn<T> column, long start, long count, Func<T, T>? map = null)
        where T : unmanaged
    {
        var values = new T?[count];
        for (long r = 0; r < count; r++)
            values[r] = column[start + r] is T v ? (map is null ? v : map(v)) : null;
        group.WriteAsync<T>(f, (ReadOnlyMemory<T?>)values.AsMemory()).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }
}
