using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>The outcome of appending one field to a column.</summary>
internal enum FieldStatus { Ok, WrongType, NonFinite, InvalidUtf8 }

/// <summary>What every column builder shares: the missing-value rule and the culture.</summary>
internal sealed class FieldRules
{
    private readonly byte[][] _missing;

    public FieldRules(CsvOptions options)
    {
        _missing = options.MissingValues.Select(Encoding.UTF8.GetBytes).ToArray();
        Culture = options.Culture.NumberFormat;
        InvariantDecimal = Culture.NumberDecimalSeparator == "." && Culture.NegativeSign == "-";
        DateTimeFormats = options.DateTimeFormats.ToArray();
        CultureInfo = options.Culture;
    }

    public NumberFormatInfo Culture { get; }
    public CultureInfo CultureInfo { get; }
    public bool InvariantDecimal { get; }
    public string[] DateTimeFormats { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsMissing(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty) return true;
        // Spaces alone hold no value, as an empty field does (a telecom export's TotalCharges for a customer of no months
        // is " "); read as a word instead, they made a number column's "no value" word that no saved model could hold.
        if (field[0] is (byte)' ' or (byte)'\t' or 0xC2 or 0xE2 && FieldParsers.IsBlank(field)) return true;
        if (_missing.Length == 0) return false;
        foreach (var m in _missing)
            if (field.SequenceEqual(m)) return true;
        return false;
    }
}

/// <summary>
/// Builds one typed frame column from UTF-8 fields, into primitive buffers handed to the frame without boxing
/// (values in a byte buffer, validity in an Arrow-style bitmap).
/// </summary>
internal abstract class ColumnBuilder
{
    protected ColumnBuilder(string name, bool fromSchema, FieldRules rules)
    {
        Name = name;
        FromSchema = fromSchema;
        Rules = rules;
    }

    public string Name { get; }
    public bool FromSchema { get; }
    protected FieldRules Rules { get; }
    public abstract ColumnType Type { get; }
    public int Count { get; protected set; }
    public long Missing { get; protected set; }
    /// <summary>"NaN" texts read as missing values (reported in the notes).</summary>
    public long NaNTexts { get; protected set; }
    /// <summary>Set when an inferred column had to widen (Int32 to Int64 or Double), for the notes.</summary>
    public string? WidenedNote { get; protected set; }

    /// <summary>Appends one field; on anything but Ok nothing was appended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FieldStatus Append(ReadOnlySpan<byte> field, long line)
    {
        var status = AppendField(field, line);
        return status == FieldStatus.WrongType ? AppendWithPlainSpaces(field, line) : status;
    }

    /// <summary>
    /// Spreadsheets in French or Nordic settings put no-break spaces around and inside values ("5 %", "1 234,56 €"):
    /// a field that failed is tried again with them as plain spaces, as inference judged it. Only after a failure, so
    /// the plain values' path pays nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FieldStatus AppendWithPlainSpaces(ReadOnlySpan<byte> field, long line)
    {
        Span<byte> plain = stackalloc byte[64];
        return FieldParsers.TryPlainSpaces(field, plain, out int length) ? AppendField(plain[..length], line) : FieldStatus.WrongType;
    }

    /// <summary>Appends one field as the column reads it; on anything but Ok nothing was appended.</summary>
    protected abstract FieldStatus AppendField(ReadOnlySpan<byte> field, long line);

    /// <summary>Drops the values after the first <paramref name="count"/> (a row found bad after some of its fields were appended).</summary>
    public abstract void Truncate(int count);

    public abstract DataFrameColumn Build();

    /// <summary>Appends every value of <paramref name="other"/> (the same column read from the second half of a file).</summary>
    public abstract void AppendFrom(ColumnBuilder other);

    protected void AddCounts(ColumnBuilder other)
    {
        Count += other.Count;
        Missing += other.Missing;
        NaNTexts += other.NaNTexts;
        WidenedNote ??= other.WidenedNote;
    }

    /// <summary>What the column expected, for error messages ("an integer", "a date-time").</summary>
    public abstract string Expected { get; }

    public static ColumnBuilder For(string name, ColumnType type, bool fromSchema, FieldRules rules, int capacity, WrittenAs? written = null) => type switch
    {
        ColumnType.Int32 or ColumnType.Int64 or ColumnType.Double => new NumberBuilder(name, type, fromSchema, rules, capacity)
        {
            DecimalComma = written?.DecimalComma ?? false, Percent = written?.Percent ?? false, ThousandsComma = written?.ThousandsComma ?? false,
            Duration = written?.Duration ?? false, Underscores = written?.Underscores ?? false, ThousandsSpace = written?.ThousandsSpace ?? false,
            Currency = written?.Currency, Accounting = written?.Accounting ?? false, NoValueWords = written?.NoValueWords ?? [],
        },
        ColumnType.Boolean => new BooleanBuilder(name, fromSchema, rules, capacity),
        ColumnType.DateTime => new DateTimeBuilder(name, fromSchema, rules, capacity) { DayFirst = written?.DayFirst ?? false, MonthFirst = written?.MonthFirst ?? false, TwoDigitYears = written?.TwoDigitYears ?? false },
        _ => new TextBuilder(name, type, fromSchema, rules, capacity),
    };
}

/// <summary>Values of an unmanaged type in a growable byte buffer with a validity bitmap (bit set = value present).</summary>
internal sealed class ValueBuffer<T> where T : unmanaged
{
    private byte[] _data;
    private byte[] _valid;

    public ValueBuffer(int capacity)
    {
        capacity = Math.Max(capacity, 16);
        // Every slot is written before it is read (a missing value writes default), so the buffer need not be zeroed first.
        _data = GC.AllocateUninitializedArray<byte>(checked(capacity * Unsafe.SizeOf<T>()));
        _valid = new byte[(capacity + 7) / 8];
    }

    public int Count { get; private set; }
    public int NullCount { get; private set; }

    private int Capacity => _data.Length / Unsafe.SizeOf<T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T value)
    {
        if (Count == Capacity) Grow();
        Unsafe.Add(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(_data)), Count) = value;
        _valid[Count >> 3] |= (byte)(1 << (Count & 7));
        Count++;
    }

    public void AddMissing()
    {
        if (Count == Capacity) Grow();
        Unsafe.Add(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(_data)), Count) = default;
        _valid[Count >> 3] &= (byte)~(1 << (Count & 7));
        Count++;
        NullCount++;
    }

    public bool IsValid(int i) => (_valid[i >> 3] & (1 << (i & 7))) != 0;

    public T this[int i] => Unsafe.Add(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(_data)), i);

    public void Truncate(int count)
    {
        for (int i = count; i < Count; i++)
            if (!IsValid(i)) NullCount--;
        for (int i = count; i < Count; i++) _valid[i >> 3] &= (byte)~(1 << (i & 7));
        Count = Math.Min(Count, count);
    }

    private void Grow() => GrowTo((long)Capacity * 2, Count + 1L);

    private void GrowTo(long wanted, long needed)
    {
        // The frame takes one buffer per column; ReadOnlyMemory caps it at 2 GiB.
        long limit = int.MaxValue / Unsafe.SizeOf<T>();
        if (needed > limit) throw new InvalidOperationException($"A column cannot hold more than {limit:N0} values of {typeof(T).Name}; split the file into parts and load fewer rows at once.");
        long next = Math.Min(Math.Max(wanted, needed), limit);
        var data = GC.AllocateUninitializedArray<byte>((int)next * Unsafe.SizeOf<T>());
        _data.AsSpan(0, Count * Unsafe.SizeOf<T>()).CopyTo(data);
        _data = data;
        Array.Resize(ref _valid, ((int)next + 7) / 8);
    }

    /// <summary>Makes room for <paramref name="more"/> values, so a known number of rows is added without regrowing.</summary>
    public void Reserve(long more)
    {
        long needed = Count + more;
        // Growing by half again rather than to the exact size keeps appending part after part linear.
        if (needed > Capacity) GrowTo(Capacity + Capacity / 2, needed);
    }

    /// <summary>Appends values that are all present, in one copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRange(ReadOnlySpan<T> values)
    {
        Reserve(values.Length);
        values.CopyTo(MemoryMarshal.Cast<byte, T>(_data.AsSpan(Count * Unsafe.SizeOf<T>())));
        int from = Count, to = Count + values.Length;
        // Whole bytes of the bitmap at once; the partial bytes at each end bit by bit.
        int i = from;
        for (; i < to && (i & 7) != 0; i++) _valid[i >> 3] |= (byte)(1 << (i & 7));
        int fullBytes = (to - i) >> 3;
        _valid.AsSpan(i >> 3, fullBytes).Fill(0xFF);
        for (i += fullBytes << 3; i < to; i++) _valid[i >> 3] |= (byte)(1 << (i & 7));
        Count = to;
    }

    /// <summary>Marks the value at <paramref name="i"/> missing (a NaN read as missing).</summary>
    public void SetMissing(int i)
    {
        if (!IsValid(i)) return;
        Unsafe.Add(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(_data)), i) = default;
        _valid[i >> 3] &= (byte)~(1 << (i & 7));
        NullCount++;
    }

    /// <summary>A copy without the rows where <paramref name="drop"/> is true (rows set aside by quarantine).</summary>
    public ValueBuffer<T> Without(bool[] drop)
    {
        var result = new ValueBuffer<T>(Count);
        for (int i = 0; i < Count; i++)
        {
            if (drop[i]) continue;
            if (IsValid(i)) result.Add(this[i]);
            else result.AddMissing();
        }
        return result;
    }

    public void AppendFrom<TIn>(ValueBuffer<TIn> other, Func<TIn, T> convert) where TIn : unmanaged
    {
        for (int i = 0; i < other.Count; i++)
        {
            if (other.IsValid(i)) Add(convert(other[i]));
            else AddMissing();
        }
    }

    public ValueBuffer<TOut> Convert<TOut>(Func<T, TOut> convert) where TOut : unmanaged
    {
        var result = new ValueBuffer<TOut>(Capacity);
        for (int i = 0; i < Count; i++)
        {
            if (IsValid(i)) result.Add(convert(this[i]));
            else result.AddMissing();
        }
        return result;
    }

    public (ReadOnlyMemory<byte> Values, ReadOnlyMemory<byte> Validity) Memory() =>
        (_data.AsMemory(0, Count * Unsafe.SizeOf<T>()), _valid.AsMemory(0, (Count + 7) / 8));
}

/// <summary>Int32, Int64 or Double; an inferred integer column widens (Int32 → Int64 → Double) instead of failing.</summary>
internal sealed class NumberBuilder : ColumnBuilder
{
    private ColumnType _type;
    private ValueBuffer<int>? _ints;
    private ValueBuffer<long>? _longs;
    private ValueBuffer<double>? _doubles;

    public NumberBuilder(string name, ColumnType type, bool fromSchema, FieldRules rules, int capacity) : base(name, fromSchema, rules)
    {
        _type = type;
        switch (type)
        {
            case ColumnType.Int32: _ints = new ValueBuffer<int>(capacity); break;
            case ColumnType.Int64: _longs = new ValueBuffer<long>(capacity); break;
            default: _doubles = new ValueBuffer<double>(capacity); break;
        }
    }

    public override ColumnType Type => _type;

    private bool _bigIntegerNoted;

    /// <summary>Numbers are written 1.234,56: '.' groups thousands and ',' starts the decimals.</summary>
    public bool DecimalComma { get; init; }

    /// <summary>Numbers are written as percentages, "13.56%": the number before the sign is read (a plain number too).</summary>
    public bool Percent { get; init; }

    /// <summary>Numbers are written 69,549.00: ',' groups thousands and '.' starts the decimals.</summary>
    public bool ThousandsComma { get; init; }

    /// <summary>Durations are written with their units, "1yrs 11mon" or "10+ years": read as years.</summary>
    public bool Duration { get; init; }

    /// <summary>Numbers may be written with a space (or no-break space, or apostrophe) between thousands: "1 234,56".</summary>
    public bool ThousandsSpace { get; init; }

    /// <summary>Numbers may carry stray underscores around them ("34847.84_", "__10000__"): read without them, each counted in <see cref="UnderscoreRows"/>.</summary>
    public bool Underscores { get; init; }

    /// <summary>Values read without the underscores around them (<see cref="Underscores"/>).</summary>
    public long UnderscoreRows { get; private set; }

    /// <summary>The first such value as written, for the note.</summary>
    public string? UnderscoreExample { get; private set; }

    /// <summary>Amounts may carry this currency (ISO code), "£69,549.00" or "1.234,56 €": it is dropped before the number is read; another currency is refused.</summary>
    public string? Currency { get; init; }

    /// <summary>Negative amounts may be written as accounts do, "(1,234.56)" or "1.234,56-": read with the minus first.</summary>
    public bool Accounting { get; init; }

    /// <summary>Words that stand for no value in this column ("Exempt"): read as missing, each counted in <see cref="NoValueWordRows"/>.</summary>
    public IReadOnlyList<string> NoValueWords
    {
        get => _noValueWords;
        init
        {
            _noValueWords = value;
            _noValueBytes = value.Count == 0 ? null : value.Select(Encoding.UTF8.GetBytes).ToArray();
            NoValueWordRows = new long[value.Count];
        }
    }
    private readonly IReadOnlyList<string> _noValueWords = [];
    private readonly byte[][]? _noValueBytes;

    /// <summary>Rows read as missing for each of <see cref="NoValueWords"/>, in the same order.</summary>
    public long[] NoValueWordRows { get; private init; } = [];

    public override string Expected => (_type == ColumnType.Double
        ? Percent ? DecimalComma ? "a number or a percentage with a decimal comma (such as 5,5 %)" : "a number or a percentage (such as 13.56%)" : DecimalComma ? "a number with a decimal comma" : ThousandsComma ? "a number (',' between thousands allowed)"
            : Duration ? "a duration with its units (such as 1yrs 11mon or 10+ years)" : "a number"
        : _type == ColumnType.Int32 ? "a whole number (Int32)" : "a whole number (Int64)")
        // What else the column's convention allows, whichever the number's own form.
        + (Currency is null ? "" : $" (in {Currency})") + (Underscores ? " (underscores around it allowed)" : "") + (ThousandsSpace ? " (spaces between thousands allowed)" : "");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override FieldStatus AppendField(ReadOnlySpan<byte> field, long line)
    {
        if (Rules.IsMissing(field) || FieldParsers.IsMissingMarker(field))
        {
            if (!field.IsEmpty && FieldParsers.IsMissingMarker(field)) NaNTexts++;
            AddMissing();
            return FieldStatus.Ok;
        }
        if (_noValueBytes is not null)
            for (int k = 0; k < _noValueBytes.Length; k++)
                if (field.SequenceEqual(_noValueBytes[k])) { NoValueWordRows[k]++; AddMissing(); return FieldStatus.Ok; }
        var number = field;
        if (Underscores && FieldParsers.TryStripUnderscores(field, out number))
        {
            var status = Currency is null && !Accounting ? AppendNumber(number, field, line) : AppendAmount(number, field, line);
            if (status == FieldStatus.Ok && UnderscoreRows++ == 0) UnderscoreExample = Encoding.UTF8.GetString(field);
            return status;
        }
        return Currency is null && !Accounting ? AppendNumber(field, field, line) : AppendAmount(field, field, line);
    }

    /// <summary>An amount that may carry the column's currency or be written negative as accounts do (kept off the plain numbers' path); <paramref name="written"/> is the field as the file has it.</summary>
    private FieldStatus AppendAmount(ReadOnlySpan<byte> field, ReadOnlySpan<byte> written, long line)
    {
        Span<byte> signed = stackalloc byte[64], amount = stackalloc byte[64];
        scoped ReadOnlySpan<byte> value = field;
        if (Accounting && FieldParsers.TryAccountingNegative(field, signed, out int signedLength)) value = signed[..signedLength];
        if (Currency is null || !FieldParsers.TryStripCurrency(value, amount, out int amountLength, out string currency)) return AppendNumber(value, written, line);
        return currency == Currency ? AppendNumber(amount[..amountLength], written, line) : FieldStatus.WrongType;
    }

    /// <summary>Appends <paramref name="field"/> (the number as written, its currency dropped); <paramref name="written"/> is the field as the file has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FieldStatus AppendNumber(ReadOnlySpan<byte> field, ReadOnlySpan<byte> written, long line) =>
        ThousandsSpace ? AppendJoined(field, written, line) : AppendNumberAsWritten(field, written, line);

    /// <summary>Appends <paramref name="field"/>, a number in the column's convention with nothing left to strip.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FieldStatus AppendNumberAsWritten(ReadOnlySpan<byte> field, ReadOnlySpan<byte> written, long line)
    {
        if (_type != ColumnType.Double && FieldParsers.TryInt64(field, out long l))
        {
            if (_type == ColumnType.Int32)
            {
                if (l is >= int.MinValue and <= int.MaxValue) { _ints!.Add((int)l); Count++; return FieldStatus.Ok; }
                if (FromSchema) return FieldStatus.WrongType;
                Widen(ColumnType.Int64, line);
            }
            _longs!.Add(l);
            Count++;
            return FieldStatus.Ok;
        }
        double d;
        if (Duration)
        {
            if (!FieldParsers.TryDurationYears(field, out d)) return Utf8.IsValid(written) ? FieldStatus.WrongType : FieldStatus.InvalidUtf8;
        }
        else if (Percent)
        {
            if (!FieldParsers.TryPercent(field, DecimalComma, out d)) return Utf8.IsValid(written) ? FieldStatus.WrongType : FieldStatus.InvalidUtf8;
        }
        else if (DecimalComma)
        {
            if (!FieldParsers.TryDecimalComma(field, out d)) return Utf8.IsValid(written) ? FieldStatus.WrongType : FieldStatus.InvalidUtf8;
        }
        else if (ThousandsComma)
        {
            if (!FieldParsers.TryThousandsComma(field, out d)) return Utf8.IsValid(written) ? FieldStatus.WrongType : FieldStatus.InvalidUtf8;
        }
        else if (!FieldParsers.TryDouble(field, Rules.Culture, Rules.InvariantDecimal, out d))
            return Utf8.IsValid(written) ? FieldStatus.WrongType : FieldStatus.InvalidUtf8;
        if (_type != ColumnType.Double && !FromSchema && !_bigIntegerNoted && FieldParsers.IsWholeNumberText(field))
        {
            _bigIntegerNoted = true;
            WidenedNote = $"Column '{Name}' was inferred as {_type} from the first rows; a later whole number ('{Encoding.UTF8.GetString(field)}') is too long for Int64, so the column was widened to Double and such values are rounded to 15–17 significant digits. Give CsvOptions.Schema Text to keep every digit.";
        }
        if (double.IsNaN(d)) { NaNTexts++; AddMissing(); return FieldStatus.Ok; }
        if (double.IsInfinity(d)) return FieldStatus.NonFinite;
        if (_type != ColumnType.Double)
        {
            if (FromSchema) return FieldStatus.WrongType;
            Widen(ColumnType.Double, line);
        }
        _doubles!.Add(d);
        Count++;
        return FieldStatus.Ok;
    }

    /// <summary>A number written with spaces between thousands ("1 234,56"), joined ("1234,56") and then read as any other.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FieldStatus AppendJoined(ReadOnlySpan<byte> field, ReadOnlySpan<byte> written, long line)
    {
        Span<byte> joined = stackalloc byte[64];
        // A value without a group ("987,10") is read as written.
        return FieldParsers.TryJoinDigitGroups(field, joined, out int length) ? AppendNumberAsWritten(joined[..length], written, line) : AppendNumberAsWritten(field, written, line);
    }

    private void AddMissing()
    {
        switch (_type)
        {
            case ColumnType.Int32: _ints!.AddMissing(); break;
            case ColumnType.Int64: _longs!.AddMissing(); break;
            default: _doubles!.AddMissing(); break;
        }
        Count++;
        Missing++;
    }

    private void Widen(ColumnType to, long line)
    {
        WidenedNote ??= $"Column '{Name}' was inferred as {_type} from the first rows; line {line} holds a value that needs {to}, so it was widened to {to}.";
        if (to == ColumnType.Int64)
        {
            _longs = _ints!.Convert(v => (long)v);
            _ints = null;
        }
        else
        {
            _doubles = _ints is not null ? _ints.Convert(v => (double)v) : _longs!.Convert(v => (double)v);
            _ints = null;
            _longs = null;
        }
        _type = to;
    }

    public override void Truncate(int count)
    {
        if (count >= Count) return;
        _ints?.Truncate(count);
        _longs?.Truncate(count);
        _doubles?.Truncate(count);
        Missing = _ints?.NullCount ?? _longs?.NullCount ?? _doubles!.NullCount;
        Count = count;
    }

    public override void AppendFrom(ColumnBuilder other)
    {
        var o = (NumberBuilder)other;
        // Both halves read with the same words, in the same order.
        for (int k = 0; k < NoValueWordRows.Length && k < o.NoValueWordRows.Length; k++) NoValueWordRows[k] += o.NoValueWordRows[k];
        // The halves may have widened differently: the column takes the wider type, and the note names the first line that needed it.
        string? before = WidenedNote;
        if (o._type > _type) Widen(o._type, 0);
        switch (_type)
        {
            case ColumnType.Int32: _ints!.AppendFrom(o._ints!, v => v); break;
            case ColumnType.Int64:
                if (o._ints is not null) _longs!.AppendFrom(o._ints, v => (long)v); else _longs!.AppendFrom(o._longs!, v => v);
                break;
            default:
                if (o._ints is not null) _doubles!.AppendFrom(o._ints, v => (double)v);
                else if (o._longs is not null) _doubles!.AppendFrom(o._longs, v => (double)v);
                else _doubles!.AppendFrom(o._doubles!, v => v);
                break;
        }
        AddCounts(o);
        for (int k = 0; k < NoValueWordRows.Length; k++) NoValueWordRows[k] += o.NoValueWordRows[k];
        WidenedNote = before ?? o.WidenedNote;
    }

    public override DataFrameColumn Build()
    {
        if (_ints is not null) { var (v, m) = _ints.Memory(); return new Int32DataFrameColumn(Name, v, m, _ints.Count, _ints.NullCount); }
        if (_longs is not null) { var (v, m) = _longs.Memory(); return new Int64DataFrameColumn(Name, v, m, _longs.Count, _longs.NullCount); }
        var (dv, dm) = _doubles!.Memory();
        return new DoubleDataFrameColumn(Name, dv, dm, _doubles.Count, _doubles.NullCount);
    }
}

/// <summary>A builder whose values sit in one typed buffer: truncating and merging parts are the same for every such type.</summary>
internal abstract class BufferedBuilder<T>(string name, bool fromSchema, FieldRules rules, int capacity) : ColumnBuilder(name, fromSchema, rules)
    where T : unmanaged
{
    protected readonly ValueBuffer<T> _values = new(capacity);

    public override void Truncate(int count)
    {
        if (count >= Count) return;
        _values.Truncate(count);
        Count = count;
        Missing = _values.NullCount;
    }

    public override void AppendFrom(ColumnBuilder other)
    {
        _values.AppendFrom(((BufferedBuilder<T>)other)._values, v => v);
        AddCounts(other);
    }
}

internal sealed class BooleanBuilder(string name, bool fromSchema, FieldRules rules, int capacity) : BufferedBuilder<bool>(name, fromSchema, rules, capacity)
{

    public override ColumnType Type => ColumnType.Boolean;
    public override string Expected => FromSchema ? "true/false (or yes/no, y/n, t/f, 1/0)" : "true or false";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override FieldStatus AppendField(ReadOnlySpan<byte> field, long line)
    {
        if (Rules.IsMissing(field)) { _values.AddMissing(); Count++; Missing++; return FieldStatus.Ok; }
        if (!FieldParsers.TryBoolean(field, lenient: FromSchema, out bool b))
            return Utf8.IsValid(field) ? FieldStatus.WrongType : FieldStatus.InvalidUtf8;
        _values.Add(b);
        Count++;
        return FieldStatus.Ok;
    }

    public override DataFrameColumn Build()
    {
        var (v, m) = _values.Memory();
        return new BooleanDataFrameColumn(Name, v, m, _values.Count, _values.NullCount);
    }
}

internal sealed class DateTimeBuilder(string name, bool fromSchema, FieldRules rules, int capacity) : BufferedBuilder<DateTime>(name, fromSchema, rules, capacity)
{

    /// <summary>Dates are also written day first with the year last, 28/07/2019 (or 28.07.2019, 28-07-2019).</summary>
    public bool DayFirst { get; init; }

    /// <summary>Dates are also written month first with the year last, 7/28/2019.</summary>
    public bool MonthFirst { get; init; }

    /// <summary>Dates are also written with two-digit years (Dec-11, 16-NOV-64).</summary>
    public bool TwoDigitYears { get; init; }

    public override ColumnType Type => ColumnType.DateTime;
    public override string Expected => Rules.DateTimeFormats.Length > 0 && FromSchema
        ? $"an ISO 8601 date-time or one of the formats {string.Join(", ", Rules.DateTimeFormats)}"
        : DayFirst ? $"a date written day first ({(TwoDigitYears ? "28/07/19" : "28/07/2019")}) or an ISO 8601 date-time"
        : MonthFirst ? $"a date written month first ({(TwoDigitYears ? "7/28/19" : "7/28/2019")}) or an ISO 8601 date-time"
        : TwoDigitYears ? "a date with a two-digit year (Dec-11, 16-NOV-64) or an ISO 8601 date-time"
        : "an ISO 8601 date-time (yyyy-MM-dd[THH:mm:ss][Z]), a month (Dec-2011, 2011-12) or a date with the month's name (16NOV1964)";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override FieldStatus AppendField(ReadOnlySpan<byte> field, long line)
    {
        if (Rules.IsMissing(field)) { _values.AddMissing(); Count++; Missing++; return FieldStatus.Ok; }
        if (!FieldParsers.TryIsoDateTime(field, out var dt) && !FieldParsers.TryMonthYear(field, TwoDigitYears, out dt)
            && !FieldParsers.TryDayMonthNameYear(field, TwoDigitYears, out dt)
            && !((DayFirst || MonthFirst) && FieldParsers.TryYearLastDate(field, DayFirst, TwoDigitYears, out dt)) && !TryFormats(field, out dt))
            return Utf8.IsValid(field) ? FieldStatus.WrongType : FieldStatus.InvalidUtf8;
        _values.Add(dt);
        Count++;
        return FieldStatus.Ok;
    }

    private bool TryFormats(ReadOnlySpan<byte> field, out DateTime value)
    {
        value = default;
        if (!FromSchema || Rules.DateTimeFormats.Length == 0 || field.Length > 64) return false;
        Span<char> chars = stackalloc char[64];
        if (!Encoding.UTF8.TryGetChars(field, chars, out int n)) return false;
        return DateTime.TryParseExact(chars[..n], Rules.DateTimeFormats, Rules.CultureInfo,
            DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AdjustToUniversal, out value);
    }

    public override DataFrameColumn Build()
    {
        var (v, m) = _values.Memory();
        return new DateTimeDataFrameColumn(Name, v, m, _values.Count, _values.NullCount);
    }
}

/// <summary>
/// Text columns. The loader hands them strings from CsvHelper's per-column string pool, so a repeated value
/// (a region, a channel, a customer id) is one shared string rather than one allocation per row.
/// </summary>
internal sealed class TextBuilder : ColumnBuilder
{
    private readonly StringDataFrameColumn _column;
    private readonly ColumnType _type;

    public TextBuilder(string name, ColumnType type, bool fromSchema, FieldRules rules, int capacity) : base(name, fromSchema, rules)
    {
        _type = type;
        // Appended straight into the frame's column: the loader appends text only for rows it keeps, so nothing is undone.
        _column = new StringDataFrameColumn(name, 0);
    }

    public override ColumnType Type => _type;
    public override string Expected => "text";

    /// <summary>Appends a field read as bytes (used where no pooled string is at hand); the loader's fast path is <see cref="AppendText"/>.</summary>
    protected override FieldStatus AppendField(ReadOnlySpan<byte> field, long line)
    {
        if (Rules.IsMissing(field)) { AppendText(null); return FieldStatus.Ok; }
        if (!Utf8.IsValid(field)) return FieldStatus.InvalidUtf8;
        AppendText(Encoding.UTF8.GetString(field));
        return FieldStatus.Ok;
    }

    /// <summary>Appends a value already decoded and checked (null for missing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public void AppendText(string? value)
    {
        if (value is null) Missing++;
        _column.Append(value);
        Count++;
    }

    public override void Truncate(int count)
    {
        if (count < Count)
            throw new InvalidOperationException($"Text column '{Name}' cannot drop values: the loader appends text only for rows it keeps.");
    }

    public override void AppendFrom(ColumnBuilder other)
    {
        foreach (var v in ((TextBuilder)other)._column) _column.Append(v);
        AddCounts(other);
    }

    public override DataFrameColumn Build() => _column;
}
