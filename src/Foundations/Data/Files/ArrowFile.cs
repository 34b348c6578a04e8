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
        return TabularLoad.Bulk(() =>
        {
            var columns = new List<ColumnData>();
            long bytes = 0;
            foreach (var part in ParquetFile.Parts(path, "*.arrow", "Arrow"))
            {
                bytes += new FileInfo(part).Length;
                ReadPart(part, columns, path);
            }
            return TabularLoad.Finish(path, bytes, columns, options ?? new CsvOptions());
        });
    }

    private static void ReadPart(string part, List<ColumnData> columns, string source)
    {
        using var stream = File.OpenRead(part);
        // The IPC file format starts with the magic "ARROW1"; the stream format does not.
        var magic = new byte[6];
        int got = stream.Read(magic, 0, 6);
        stream.Position = 0;
        using ArrowStreamReader reader = got == 6 && System.Text.Encoding.ASCII.GetString(magic) == "ARROW1" ? new ArrowFileReader(stream) : new ArrowStreamReader(stream);
        bool checkedShape = false;
        void Shape(Schema schema)
        {
            if (checkedShape) return;
            checkedShape = true;
            var shape = schema.FieldsList.Select(f => (f.Name, Kind(f.DataType, f.Name, part))).ToArray();
            if (columns.Count == 0) columns.AddRange(shape.Select(c => ColumnData.Create(c.Name, c.Item2)));
            else ColumnData.CheckSameShape(columns, shape, part, source);
        }
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                Shape(batch.Schema);
                for (int c = 0; c < batch.ColumnCount; c++)
                    Append(batch.Column(c), columns[c], part);
            }
        }
        Shape(reader.Schema);
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

    /// <summary>Appends one batch's array to its column, typed: present values of fixed-width arrays are copied, not boxed.</summary>
    private static void Append(IArrowArray array, ColumnData into, string part)
    {
        switch (array)
        {
            case Int32Array a: Values<int, int>(a, into, v => v); break;
            case Int8Array a: Values<sbyte, int>(a, into, v => v); break;
            case Int16Array a: Values<short, int>(a, into, v => v); break;
            case UInt8Array a: Values<byte, int>(a, into, v => v); break;
            case UInt16Array a: Values<ushort, int>(a, into, v => v); break;
            case Int64Array a: Values<long, long>(a, into, v => v); break;
            case UInt32Array a: Values<uint, long>(a, into, v => v); break;
            case DoubleArray a: Values<double, double>(a, into, v => v); break;
            case FloatArray a: Values<float, double>(a, into, v => v); break;
            case BooleanArray a: Each<bool>(a, into, i => a.GetValue(i)!.Value); break;
            case Decimal128Array a: Each<decimal>(a, into, i => a.GetValue(i)!.Value); break;
            case Date32Array a: Each<DateTime>(a, into, i => DateTime.SpecifyKind(a.GetDateTime(i)!.Value, DateTimeKind.Utc)); break;
            case Date64Array a: Each<DateTime>(a, into, i => DateTime.SpecifyKind(a.GetDateTime(i)!.Value, DateTimeKind.Utc)); break;
            // A timestamp with a zone is an instant: read it as UTC. One without keeps its wall clock.
            case TimestampArray a when ((TimestampType)a.Data.DataType).Timezone is { Length: > 0 }:
                Each<DateTime>(a, into, i => a.GetTimestamp(i)!.Value.UtcDateTime); break;
            case TimestampArray a: Each<DateTime>(a, into, i => DateTime.SpecifyKind(a.GetTimestamp(i)!.Value.DateTime, DateTimeKind.Unspecified)); break;
            case StringArray a:
                {
                    var text = (TextColumn)into;
                    for (int i = 0; i < a.Length; i++)
                        if (a.IsNull(i)) text.AppendMissing(); else AppendUtf8(text, a.GetBytes(i));
                    break;
                }
            case DictionaryArray d:
                {
                    var text = (TextColumn)into;
                    var dictionary = (StringArray)d.Dictionary;
                    // Each dictionary entry is decoded once; rows take the shared string.
                    var entries = new string?[dictionary.Length];
                    for (int i = 0; i < d.Length; i++)
                    {
                        if (d.IsNull(i)) { text.AppendMissing(); continue; }
                        int index = checked((int)DictionaryIndex(d, i));
                        text.AppendShared(entries[index] ??= text.Share(dictionary.GetString(index)));
                    }
                    break;
                }
            default:
                throw new NotSupportedException($"Arrow file '{part}': column '{into.Name}' holds {array.GetType().Name}, which the kit does not load.");
        }
    }

    private static void Values<TIn, TOut>(PrimitiveArray<TIn> array, ColumnData into, Func<TIn, TOut> map) where TIn : struct, IEquatable<TIn> where TOut : unmanaged
    {
        var values = ((ValueColumn<TOut>)into).Values;
        var span = array.Values;
        values.Reserve(array.Length);
        if (array.NullCount == 0 && typeof(TIn) == typeof(TOut))
        {
            values.AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, TOut>(span));
            return;
        }
        for (int i = 0; i < array.Length; i++)
        {
            if (array.IsNull(i)) values.AddMissing();
            else values.Add(map(span[i]));
        }
    }

    private static void Each<T>(IArrowArray array, ColumnData into, Func<int, T> value) where T : unmanaged
    {
        var values = ((ValueColumn<T>)into).Values;
        values.Reserve(array.Length);
        for (int i = 0; i < array.Length; i++)
        {
            if (array.IsNull(i)) values.AddMissing();
            else values.Add(value(i));
        }
    }

    private static void AppendUtf8(TextColumn text, ReadOnlySpan<byte> utf8)
    {
        // Short values decode on the stack and go through the column's pool without an extra string.
        if (utf8.Length <= 256)
        {
            Span<char> chars = stackalloc char[256];
            int n = System.Text.Encoding.UTF8.GetChars(utf8, chars);
            text.Append(chars[..n]);
        }
        else text.Append(System.Text.Encoding.UTF8.GetString(utf8));
    }

    private static long DictionaryIndex(DictionaryArray d, int i) => d.Indices switch
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
}
