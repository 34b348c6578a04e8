using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Lists of column names given as a notebook's or a command's parameters ("customer_id,name").</summary>
public static class ColumnList
{
    /// <summary>
    /// The names in <paramref name="list"/> (comma-separated, blanks trimmed, empty for none), each checked against the
    /// columns of <paramref name="frame"/>. A name that is not a column is an error naming the parameter, the file and
    /// the columns it has: a notebook's defaults fit the bundled sample, so on a user's own file the first run would
    /// otherwise fail several cells later, in a step that knows nothing of the parameter.
    /// </summary>
    /// <param name="frame">The data the names must be columns of.</param>
    /// <param name="parameter">The parameter's name as the user sets it (<c>nameof(idColumns)</c>).</param>
    /// <param name="list">The parameter's value: names separated by commas (see <see cref="Items"/>); empty or null for none.</param>
    /// <param name="source">The file the frame was read from, for the message (null: "the data").</param>
    public static string[] From(DataFrame frame, string parameter, string? list, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var names = Items(list);
        var columns = frame.Columns.Select(c => c.Name).ToArray();
        var missing = names.Where(n => !columns.Contains(n, StringComparer.Ordinal)).ToArray();
        if (missing.Length == 0) return names;
        string where = source is null ? "the data" : Path.GetFileName(source);
        var nearly = missing.Select(m => (m, columns.FirstOrDefault(c => string.Equals(c, m, StringComparison.OrdinalIgnoreCase))))
            .Where(p => p.Item2 is not null).Select(p => $"'{p.m}' is '{p.Item2}' there (names match exactly)").ToArray();
        throw new ArgumentException(
            $"{parameter} names {string.Join(", ", missing.Select(m => $"'{m}'"))}, which {(missing.Length == 1 ? "is not a column" : "are not columns")} of {where}"
            + (nearly.Length > 0 ? $": {string.Join("; ", nearly)}." : $". Its columns: {Shown(columns)}.")
            + $" A notebook's defaults fit the bundled sample: for another file set {parameter} in the parameters cell (foundations run: -p {parameter}=a,b), or leave it empty (-p {parameter}=) for none.",
            parameter);
    }

    /// <summary>
    /// The items of a comma-separated parameter ("Chargedoff,Defaulted"), blanks around each trimmed and empty items
    /// left out. An item that holds a comma is written in double quotes, as a CSV file writes it
    /// ("\"Late, 31-120 days\",Charged Off"; a quote inside quotes is doubled): a label or a column name may hold one.
    /// </summary>
    /// <exception cref="ArgumentException">A quote is opened and never closed, or text follows a closing quote.</exception>
    public static string[] Items(string? list)
    {
        var items = new List<string>();
        string text = list ?? "";
        for (int i = 0; i <= text.Length;)
        {
            int start = i;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i < text.Length && text[i] == '"')
            {
                var item = new System.Text.StringBuilder();
                int open = i++;
                while (true)
                {
                    if (i >= text.Length) throw new ArgumentException($"The list '{text}' opens a quote at character {open + 1} and never closes it.", nameof(list));
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { item.Append('"'); i += 2; }
                    else if (text[i] == '"') { i++; break; }
                    else item.Append(text[i++]);
                }
                while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                if (i < text.Length && text[i] != ',')
                    throw new ArgumentException($"The list '{text}' has text after the quoted item at character {open + 1}: put a comma between items.", nameof(list));
                if (item.Length > 0) items.Add(item.ToString());
            }
            else
            {
                int comma = text.IndexOf(',', i);
                if (comma < 0) comma = text.Length;
                string item = text[start..comma].Trim();
                if (item.Length > 0) items.Add(item);
                i = comma;
            }
            i++;
        }
        return items.ToArray();
    }

    /// <summary>
    /// The one column named by <paramref name="value"/>, checked as <see cref="From"/> checks a list; null when it is empty.
    /// More than one name is an error naming the parameter.
    /// </summary>
    public static string? One(DataFrame frame, string parameter, string? value, string? source = null)
    {
        var names = From(frame, parameter, value, source);
        if (names.Length > 1)
            throw new ArgumentException($"{parameter} takes one column, not {names.Length} ({string.Join(", ", names)}).", parameter);
        return names.Length == 0 ? null : names[0];
    }

    private static string Shown(string[] columns) =>
        columns.Length <= 30 ? string.Join(", ", columns) : $"{string.Join(", ", columns.Take(30))} and {columns.Length - 30} more";
}
