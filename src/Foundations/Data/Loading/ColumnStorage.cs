using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Where recipe steps put the columns they create. <see cref="Fresh"/> allocates, for a frame the caller keeps
/// (<see cref="FittedRecipe.Apply"/>). <see cref="Pooled"/> rents and takes everything back on dispose, for a frame the
/// kit reads and drops (while fitting, and before a feature matrix): fresh memory costs a page fault per 4 KiB, which
/// on a million rows cost more than the steps' arithmetic.
/// </summary>
internal sealed class ColumnStorage : IDisposable
{
    private readonly List<byte[]>? _rented;

    private ColumnStorage(bool pooled) => _rented = pooled ? new List<byte[]>() : null;

    /// <summary>Storage that allocates; nothing is taken back.</summary>
    public static ColumnStorage Fresh { get; } = new(pooled: false);

    /// <summary>Storage that rents; dispose only once no frame built on it is read any more.</summary>
    public static ColumnStorage Pooled() => new(pooled: true);

    /// <summary>Uninitialised storage for <paramref name="length"/> doubles: fill every value through <see cref="AsDoubles"/>.</summary>
    public Memory<byte> Doubles(int length) => Take(checked(length * sizeof(double)));

    /// <summary>Storage holding <paramref name="column"/>'s values as doubles (NaN for missing), for a step to change in place through <see cref="AsDoubles"/>.</summary>
    public Memory<byte> DoublesOf(DataFrameColumn column)
    {
        var storage = Doubles((int)column.Length);
        ColumnTypes.ReadDoubles(column, AsDoubles(storage));
        return storage;
    }

    /// <summary>Uninitialised storage for <paramref name="length"/> Int32 values: fill every value through <see cref="AsInt32s"/>.</summary>
    public Memory<byte> Int32s(int length) => Take(checked(length * sizeof(int)));

    private Memory<byte> Take(int bytes)
    {
        if (_rented is null) return GC.AllocateUninitializedArray<byte>(bytes);
        var array = ArrayPool<byte>.Shared.Rent(bytes);
        lock (_rented) _rented.Add(array);
        return array.AsMemory(0, bytes);
    }

    public void Dispose()
    {
        if (_rented is null) return;
        lock (_rented)
        {
            foreach (var array in _rented) ArrayPool<byte>.Shared.Return(array);
            _rented.Clear();
        }
    }

    /// <summary>The storage's values, to fill in place.</summary>
    public static Span<double> AsDoubles(Memory<byte> storage) => MemoryMarshal.Cast<byte, double>(storage.Span);

    /// <summary>The storage's values, to fill in place.</summary>
    public static Span<int> AsInt32s(Memory<byte> storage) => MemoryMarshal.Cast<byte, int>(storage.Span);

    /// <summary>
    /// A Double column over filled <paramref name="storage"/>, without copying; NaN marks a missing value (stored as 0,
    /// as the frame does). Built from one buffer and a validity bitmap, as the CSV loader builds columns: appending
    /// value by value costs more than most steps' work.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DoubleDataFrameColumn DoubleColumn(string name, Memory<byte> storage)
    {
        var values = AsDoubles(storage);
        var valid = new byte[(values.Length + 7) / 8];
        int missing = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) { values[i] = 0; missing++; }
            else valid[i >> 3] |= (byte)(1 << (i & 7));
        }
        return new DoubleDataFrameColumn(name, storage, valid, values.Length, missing);
    }

    /// <summary>An Int32 column over filled <paramref name="storage"/>, without copying; none missing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Int32DataFrameColumn Int32Column(string name, Memory<byte> storage)
    {
        var values = AsInt32s(storage);
        var valid = new byte[(values.Length + 7) / 8];
        for (int i = 0; i < values.Length; i++) valid[i >> 3] |= (byte)(1 << (i & 7));
        return new Int32DataFrameColumn(name, storage, valid, values.Length, 0);
    }

    /// <summary>A Double column holding a copy of <paramref name="values"/> (NaN marks a missing value).</summary>
    public DoubleDataFrameColumn DoubleColumn(string name, ReadOnlySpan<double> values)
    {
        var storage = Doubles(values.Length);
        values.CopyTo(AsDoubles(storage));
        return DoubleColumn(name, storage);
    }
}
