using System.Globalization;
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
        var columns = new List<ColumnData>();
        long bytes = 0;
        foreach (var part in parts)
        {
            bytes += new FileInfo(part).Length;
            var read = ReadPart(part);
            ColumnData.Append(columns, read, part, path);
        }
        return TabularLoad.Finish(path, bytes, columns, options ?? new CsvOptions());
    }

    /// <summary>Writes <paramref name="frame"/> as one Parquet file (row groups of <paramref name="rowGroupRows"/> rows); date-times are stored as UTC timestamps.</summary>
    public static void Write(DataFrame frame, string path, int rowGroupRows = 1_000_000)
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

    private static List<ColumnData> ReadPart(string part)
    {
        using var stream = File.OpenRead(part);
        var reader = ParquetLib.ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            return ReadPart(reader, part);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static List<ColumnData> ReadPart(ParquetLib.ParquetReader reader, string part)
    {
        foreach (var field in reader.Schema.Fields)
            if (field.SchemaType != SchemaType.Data || ((DataField)field).IsArray)
                throw new NotSupportedException(
                    $"Parquet file '{part}': column '{field.Name}' is a {Describe(field)}, which the kit does not load; flatten it in the engine that wrote the file (one value per row and column).");
        var fields = reader.Schema.GetDataFields();
        var result = fields.Select(f => new ColumnData(f.Name, Kind(f, part))).ToList();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int rows = checked((int)group.RowCount);
            for (int c = 0; c < fields.Length; c++)
                result[c].Add(ReadColumn(group, fields[c], rows, part));
        }
        return result;
    }

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

    private static object?[] ReadColumn(ParquetLib.ParquetRowGroupReader group, DataField f, int rows, string part)
    {
        var t = f.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var s = new string?[rows];
            group.ReadAsync(f, s.AsMemory()).GetAwaiter().GetResult();
            return s;
        }
        if (t == typeof(int)) return Read<int>(group, f, rows);
        if (t == typeof(long)) return Read<long>(group, f, rows);
        if (t == typeof(short)) return Read<short>(group, f, rows);
        if (t == typeof(byte)) return Read<byte>(group, f, rows);
        if (t == typeof(sbyte)) return Read<sbyte>(group, f, rows);
        if (t == typeof(ushort)) return Read<ushort>(group, f, rows);
        if (t == typeof(uint)) return Read<uint>(group, f, rows);
        if (t == typeof(float)) return Read<float>(group, f, rows);
        if (t == typeof(double)) return Read<double>(group, f, rows);
        if (t == typeof(decimal)) return Read<decimal>(group, f, rows);
        if (t == typeof(bool)) return Read<bool>(group, f, rows);
        bool utc = f is DateTimeDataField { IsAdjustedToUTC: true };
        if (t == typeof(DateTime))
            return Read<DateTime>(group, f, rows).Select(v => v is DateTime d ? (object)AsUtc(d, utc) : null).ToArray();
        if (t == typeof(DateOnly))
            return Read<DateOnly>(group, f, rows).Select(v => v is DateOnly d ? (object)d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null).ToArray();
        if (t == typeof(DateTimeOffset))
            return Read<DateTimeOffset>(group, f, rows).Select(v => v is DateTimeOffset d ? (object)d.UtcDateTime : null).ToArray();
        throw new NotSupportedException($"Parquet file '{part}': column '{f.Name}' has type {Physical(f)}, which the kit does not load.");
    }

    // Timestamps adjusted to UTC (the "with time zone" kind) become UTC instants; local-less timestamps keep their wall clock.
    private static DateTime AsUtc(DateTime d, bool adjustedToUtc) => adjustedToUtc
        ? (d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : DateTime.SpecifyKind(d, DateTimeKind.Utc))
        : d;

    private static object?[] Read<T>(ParquetLib.ParquetRowGroupReader group, DataField f, int rows) where T : struct
    {
        var result = new object?[rows];
        if (f.IsNullable)
        {
            var values = new T?[rows];
            group.ReadAsync<T>(f, values.AsMemory()).GetAwaiter().GetResult();
            for (int i = 0; i < rows; i++) result[i] = values[i] is T v ? Normalize(v) : null;
        }
        else
        {
            var values = new T[rows];
            group.ReadAsync<T>(f, values.AsMemory()).GetAwaiter().GetResult();
            for (int i = 0; i < rows; i++) result[i] = Normalize(values[i]);
        }
        return result;
    }

    // Narrow and unsigned integers and floats take the kit's column types (Int32, Int64, Double).
    internal static object Normalize<T>(T value) where T : struct => value switch
    {
        short v => (int)v,
        byte v => (int)v,
        sbyte v => (int)v,
        ushort v => (int)v,
        uint v => (long)v,
        float v => (double)v,
        _ => value,
    };
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
        _stream = File.Create(path);
        _writer = ParquetLib.ParquetWriter.CreateAsync(new ParquetSchema(_fields), _stream).GetAwaiter().GetResult();
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
            if (column.DataType == typeof(string))
            {
                var s = new string[count];
                for (long r = 0; r < count; r++) s[r] = (string)column[start + r]!;
                group.WriteAsync(f, s, null).GetAwaiter().GetResult();
            }
            else if (column.DataType == typeof(DateTime))
                WriteValues<DateTime>(group, f, column, start, count, d => DateTime.SpecifyKind(d, DateTimeKind.Utc));
            else if (column.DataType == typeof(decimal)) WriteValues<decimal>(group, f, column, start, count);
            else if (column.DataType == typeof(int)) WriteValues<int>(group, f, column, start, count);
            else if (column.DataType == typeof(long)) WriteValues<long>(group, f, column, start, count);
            else if (column.DataType == typeof(double)) WriteValues<double>(group, f, column, start, count);
            else if (column.DataType == typeof(float)) WriteValues<float>(group, f, column, start, count);
            else WriteValues<bool>(group, f, column, start, count);
        }
    }

    private static void WriteValues<T>(ParquetLib.ParquetRowGroupWriter group, DataField f, DataFrameColumn column, long start, long count, Func<T, T>? map = null)
        where T : struct
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
