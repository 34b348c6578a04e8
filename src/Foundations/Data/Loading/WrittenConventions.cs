using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// How a loaded column's file wrote it (28/07/2019 day first, 7,5 with a decimal comma, £1,234.50), kept beside the
/// column as its words for no value are, so a model fitted on it reads the next file the same way when that file's
/// first rows cannot tell (a batch of 1–12 December: 05/12/2026 could be either day first or month first).
/// </summary>
internal static class WrittenConventions
{
    private static readonly ConditionalWeakTable<DataFrameColumn, IReadOnlyList<string>> Names = new();

    public static void Set(DataFrameColumn column, WrittenAs written)
    {
        var names = written.Names();
        if (names.Count > 0) Names.AddOrUpdate(column, names);
    }

    /// <summary>The conventions <paramref name="column"/> was read in (<see cref="WrittenAs.Names"/>); null for none.</summary>
    public static IReadOnlyList<string>? Of(DataFrameColumn column) => Names.TryGetValue(column, out var names) ? names : null;

    /// <summary><paramref name="to"/>, a copy of <paramref name="from"/>'s rows, with its conventions.</summary>
    public static DataFrameColumn Carry(DataFrameColumn from, DataFrameColumn to)
    {
        if (Of(from) is { } names) Names.AddOrUpdate(to, names);
        return to;
    }
}
