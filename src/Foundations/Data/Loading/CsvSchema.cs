using System.Collections;

namespace Foundations.Data;

/// <summary>
/// Column types given by hand, for the columns where inference should not guess:
/// <c>new CsvSchema { ["age"] = ColumnType.Int32, ["branch_code"] = ColumnType.Category }</c>. Columns not named are inferred.
/// </summary>
public sealed class CsvSchema : IEnumerable<KeyValuePair<string, ColumnType>>
{
    private readonly Dictionary<string, ColumnType> _types = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _noValueWords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WrittenAs> _writtenAs = new(StringComparer.Ordinal);

    /// <summary>The type of column <paramref name="column"/> (as spelled in the header).</summary>
    public ColumnType this[string column]
    {
        get => _types[column];
        set
        {
            if (!_types.ContainsKey(column)) _order.Add(column);
            _types[column] = value;
        }
    }

    /// <summary>Adds a column type (collection initializer form: <c>{ { "age", ColumnType.Int32 } }</c>).</summary>
    public void Add(string column, ColumnType type) => this[column] = type;

    /// <summary>The type given for <paramref name="column"/>, if any.</summary>
    public bool TryGet(string column, out ColumnType type) => _types.TryGetValue(column, out type);

    /// <summary>
    /// Reads <paramref name="words"/> in number column <paramref name="column"/> as missing values, counted in the load
    /// report ("Exempt" where a lender need not report a ratio), whether this schema types the column or the first rows
    /// do. A saved model gives the words its training file used.
    /// </summary>
    public CsvSchema ReadAsMissing(string column, params IReadOnlyList<string> words)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        ArgumentNullException.ThrowIfNull(words);
        if (words.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException($"Column '{column}': a word read as a missing value cannot be blank (blank fields are missing already).", nameof(words));
        if (words.Any(w => w.Any(char.IsAsciiDigit))) throw new ArgumentException($"Column '{column}': a word read as a missing value must hold no digit (a number is a value: read a code such as 9999 as missing with the recipe's ReadAsMissing).", nameof(words));
        _noValueWords[column] = words.Distinct(StringComparer.Ordinal).ToArray();
        return this;
    }

    /// <summary>The words read as missing values in <paramref name="column"/> (<see cref="ReadAsMissing"/>); empty for none.</summary>
    public IReadOnlyList<string> WordsReadAsMissing(string column) => _noValueWords.GetValueOrDefault(column) ?? [];

    /// <summary>
    /// How a saved model's training file wrote <paramref name="column"/> (day first, decimal comma): used when the file
    /// read now does not show it in its first rows, and only if every value there reads so.
    /// </summary>
    internal CsvSchema WrittenLike(string column, WrittenAs written)
    {
        _writtenAs[column] = written;
        return this;
    }

    /// <summary>The conventions <see cref="WrittenLike"/> gave <paramref name="column"/>; null for none.</summary>
    internal WrittenAs? WrittenLikeOf(string column) => _writtenAs.GetValueOrDefault(column);

    /// <summary>The column names in the order they were given.</summary>
    public IReadOnlyList<string> Columns => _order;

    public IEnumerator<KeyValuePair<string, ColumnType>> GetEnumerator() =>
        _order.Select(c => new KeyValuePair<string, ColumnType>(c, _types[c])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
