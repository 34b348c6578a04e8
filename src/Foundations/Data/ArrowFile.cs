using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Foundations.Data;

/// <summary>Loads Arrow IPC files (file or stream format; one file or a folder of *.arrow parts) into the same typed frame as <see cref="Csv.Load(string, CsvOptions?)"/>.</summary>
public static class ArrowFile
{
    /// <summary>Loads an Arrow IPC file, or every *.arrow part of a folder in name order, with the CSV loader's schema checks, report and quarantine rules.</summary>
    public static LoadResult Load(string path, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var columns = new List<ColumnData>();
        long bytes = 0;
        foreach (var part in ParquetFile.Parts(path, "*.arrow", "Arrow"))
        {
            bytes += new FileInfo(part).Length;
            ColumnData.Append(columns, ReadPart(part), part, path);
        }
        return TabularLoad.Finish(path, bytes, columns, options ?? new CsvOptions());
    }

    private static List<ColumnData> ReadPart(string part)
    {
        using var stream = File.OpenRead(part);
        // The IPC file format starts with the magic "ARROW1"; the stream format does not.
        var magic = new byte[6];
        int got = stream.Read(magic, 0, 6);
        stream.Position = 0;
        using ArrowStreamReader reader = got == 6 && System.Text.Encoding.ASCII.GetString(magic) == "ARROW1" ? new ArrowFileReader(stream) : new ArrowStreamReader(stream);
        List<ColumnData>? result = null;
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                result ??= batch.Schema.FieldsList.Select(f => new ColumnData(f.Name, Kind(f.DataType, f.Name, part))).ToList();
                for (int c = 0; c < batch.ColumnCount; c++)
                    result[c].Add(Values(batch.Column(c), result[c].Name, part));
            }
        }
        if (result is null)
        {
            var schema = reader.Schema;
            result = schema.FieldsList.Select(f => new ColumnData(f.Name, Kind(f.DataType, f.Name, part))).ToList();
        }
        return result;
    }

    private static ValueKind Kind(IArrowType type, string column, string part) => type switch
    {
        Int8Type or Int16Type or Int32Type or UInt8Type or UInt16Type => ValueKind.Int32,
        Int64Type or UInt32Type => ValueKind.Int64,
        FloatType or DoubleType => ValueKind.Double,
        Decimal128Type => ValueKind.Decimal,
        BooleanType => ValueKind.Boolean,
        StringType => ValueKind.Text,
        Date32Type or Date64Type or TimestampType => ValueKind.DateTime,
        DictionaryType { ValueType: StringType } => ValueKind.Text,
        _ => throw new NotSupportedException(
            $"Arrow file '{part}': column '{column}' has type {type.Name}, which the kit does not load (supported: integers, floats, decimal128, boolean, string, dictionary-encoded string, date, timestamp); flatten nested columns in the engine that wrote the file."),
    };

    private static object?[] Values(IArrowArray array, string column, string part)
    {
        var result = new object?[array.Length];
        for (int i = 0; i < array.Length; i++)
        {
            if (array.IsNull(i)) continue;
            result[i] = array switch
            {
                Int8Array a => (int)a.GetValue(i)!.Value,
                Int16Array a => (int)a.GetValue(i)!.Value,
                Int32Array a => a.GetValue(i)!.Value,
                UInt8Array a => (int)a.GetValue(i)!.Value,
                UInt16Array a => (int)a.GetValue(i)!.Value,
                Int64Array a => a.GetValue(i)!.Value,
                UInt32Array a => (long)a.GetValue(i)!.Value,
                FloatArray a => (double)a.GetValue(i)!.Value,
                DoubleArray a => a.GetValue(i)!.Value,
                Decimal128Array a => a.GetValue(i)!.Value,
                BooleanArray a => a.GetValue(i)!.Value,
                StringArray a => a.GetString(i),
                Date32Array a => DateTime.SpecifyKind(a.GetDateTime(i)!.Value, DateTimeKind.Utc),
                Date64Array a => DateTime.SpecifyKind(a.GetDateTime(i)!.Value, DateTimeKind.Utc),
                // A timestamp with a zone is an instant: read it as UTC. One without keeps its wall clock.
                TimestampArray a => ((TimestampType)a.Data.DataType).Timezone is { Length: > 0 }
                    ? a.GetTimestamp(i)!.Value.UtcDateTime
                    : DateTime.SpecifyKind(a.GetTimestamp(i)!.Value.DateTime, DateTimeKind.Unspecified),
                DictionaryArray d => DictionaryValue(d, i),
                _ => throw new NotSupportedException($"Arrow file '{part}': column '{column}' holds {array.GetType().Name}, which the kit does not load."),
            };
        }
        return result;
    }

    private static string? DictionaryValue(DictionaryArray d, int i)
    {
        long index = d.Indices switch
        {
            Int8Array a => a.GetValue(i)!.Value,
            Int16Array a => a.GetValue(i)!.Value,
            Int32Array a => a.GetValue(i)!.Value,
            Int64Array a => a.GetValue(i)!.Value,
            UInt8Array a => a.GetValue(i)!.Value,
            UInt16Array a => a.GetValue(i)!.Value,
            UInt32Array a => a.GetValue(i)!.Value,
            _ => throw new NotSupportedException($"Arrow dictionary indices of type {d.Indices.GetType().Name} are not supported."),
        };
        return ((StringArray)d.Dictionary).GetString(checked((int)index));
    }
}
