using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// The words a file wrote for no value in a number column (HMDA's "Exempt"), kept beside the loaded column so a model
/// fitted on it records them and reads them as missing again in the next file it scores, rather than set those rows
/// aside. A column is shared between frames or copied by rows (<see cref="FrameOps.Take"/>), which carries the words;
/// a column built anew has none, and scoring then stays strict on every word.
/// </summary>
internal static class NoValueWords
{
    private static readonly ConditionalWeakTable<DataFrameColumn, IReadOnlyList<string>> Words = new();

    public static void Set(DataFrameColumn column, IReadOnlyList<string> words)
    {
        if (words.Count > 0) Words.AddOrUpdate(column, words.ToArray());
    }

    /// <summary>The words read as missing when <paramref name="column"/> was loaded; null for none.</summary>
    public static IReadOnlyList<string>? Of(DataFrameColumn column) => Words.TryGetValue(column, out var words) ? words : null;

    /// <summary><paramref name="to"/>, a copy of <paramref name="from"/>'s rows, with its words.</summary>
    public static DataFrameColumn Carry(DataFrameColumn from, DataFrameColumn to)
    {
        if (Of(from) is { } words) Words.AddOrUpdate(to, words);
        return to;
    }
}
