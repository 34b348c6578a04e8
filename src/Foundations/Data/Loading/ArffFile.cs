using System.Text;

namespace Foundations.Data;

/// <summary>
/// ARFF, the format of Weka and OpenML's default download (OpenML's credit-g and bank-marketing): @attribute lines name
/// the columns, @data holds comma-separated rows with '?' for a missing value and values quoted in single or double
/// quotes. It is written out as a CSV, one ARFF line per CSV line, so the loader reads it like any file and its line
/// numbers are the ARFF file's.
/// </summary>
internal static class ArffFile
{
    /// <summary>The longest line read (64 MB): a file of one endless line is refused instead of filling memory.</summary>
    private const int MaxLine = 64 << 20;

    /// <summary>Whether the file's first line that is neither blank nor a % comment is an @relation line (looked for in its first megabyte).</summary>
    public static bool Is(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        // Long comment blocks come first (credit-g's is about 100 lines); a CSV's first line decides at once, and a file
        // of one endless line is looked at no further than its first megabyte.
        // Every CSV is probed here, on each load: only a file that starts with a comment is read past its first 4 KB.
        var head = new char[4096];
        int n = reader.ReadBlock(head, 0, head.Length);
        if (head.AsSpan(0, n).TrimStart() is ['%', ..] && n == head.Length)
        {
            Array.Resize(ref head, 1 << 20);
            n += reader.ReadBlock(head, n, head.Length - n);
        }
        foreach (var range in head.AsSpan(0, n).Split('\n'))
        {
            var text = head.AsSpan(0, n)[range].Trim();
            if (text.IsEmpty || text[0] == '%') continue;
            return text.StartsWith("@relation", StringComparison.OrdinalIgnoreCase) && (text.Length == 9 || char.IsWhiteSpace(text[9]));
        }
        return false;
    }

    /// <summary>The next line (without its line break), or null at the end; a line longer than <see cref="MaxLine"/> is refused.</summary>
    private static string? ReadLine(StreamReader reader, StringBuilder line, string path, long number)
    {
        line.Clear();
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n') break;
            if (c == '\r') { if (reader.Peek() == '\n') reader.Read(); break; }
            if (line.Length == MaxLine) throw Refused(path, number, $"has a line longer than {MaxLine:N0} characters: it is no table of rows");
            line.Append((char)c);
        }
        return c < 0 && line.Length == 0 ? null : line.ToString();
    }

    /// <summary>Writes the ARFF file at <paramref name="file"/> (named <paramref name="path"/> in messages) as CSV; returns the report's note.</summary>
    public static string WriteCsv(string path, string file, Stream to, long room)
    {
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var writer = new StreamWriter(to, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var names = new List<string>();
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        long lineNumber = 0, rows = 0;
        bool data = false;
        var fields = new List<string?>();
        var buffer = new StringBuilder();
        while (ReadLine(reader, buffer, path, lineNumber + 1) is { } line)
        {
            lineNumber++;
            var text = line.AsSpan().Trim();
            if (!data)
            {
                // The header becomes CSV line 1 when @data is reached; until then each ARFF line is a blank line, so that
                // every data row keeps its line number.
                if (text.StartsWith("@attribute", StringComparison.OrdinalIgnoreCase))
                {
                    var (name, kind) = Attribute(path, lineNumber, text[10..].Trim());
                    names.Add(name);
                    kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                }
                else if (text.StartsWith("@data", StringComparison.OrdinalIgnoreCase))
                {
                    if (names.Count == 0) throw Refused(path, lineNumber, "reaches @data before any @attribute line: there are no columns to read");
                    data = true;
                    writer.Write(string.Join(',', names.Select(PackedFile.CsvField)));
                    writer.Write('\n');
                    for (long k = 1; k < lineNumber; k++) writer.Write('\n');
                }
                continue;
            }
            if (text.IsEmpty || text[0] == '%') { writer.Write('\n'); continue; }
            if (text[0] == '{')
                throw Refused(path, lineNumber, "holds a sparse row ({index value, …}), which the kit does not read: save the data set as CSV (OpenML offers each data set as CSV too)");
            Fields(text, fields);
            for (int k = 0; k < fields.Count; k++)
            {
                if (k > 0) writer.Write(',');
                if (fields[k] is { } value) writer.Write(PackedFile.CsvField(value));
            }
            writer.Write('\n');
            rows++;
            if (to.Position > room) throw PackedFile.TooLarge(path, room);
        }
        if (!data) throw Refused(path, lineNumber, "has no @data line: it holds no rows");
        string counted = string.Join(", ", kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Value} {k.Key}"));
        return $"The file is in ARFF (Weka, OpenML): {names.Count} columns named by its @attribute lines ({counted}), {rows:N0} rows from its @data section; '?' is a missing value, and line numbers below are the file's.";
    }

    /// <summary>An @attribute line's name (quoted when it holds spaces) and kind: numeric, nominal, string or date.</summary>
    private static (string Name, string Kind) Attribute(string path, long line, ReadOnlySpan<char> rest)
    {
        string name;
        if (rest.Length > 0 && rest[0] is '\'' or '"')
        {
            int end = rest[1..].IndexOf(rest[0]);
            if (end < 0) throw Refused(path, line, "has an @attribute name whose quote is not closed");
            name = rest[1..(end + 1)].ToString();
            rest = rest[(end + 2)..].Trim();
        }
        else
        {
            int end = rest.IndexOfAny(' ', '\t');
            if (end < 0) throw Refused(path, line, "has an @attribute line without a type");
            name = rest[..end].ToString();
            rest = rest[end..].Trim();
        }
        string kind = rest.Length > 0 && rest[0] == '{' ? "nominal" : rest.ToString().Split(' ', '\t')[0].ToLowerInvariant() switch
        {
            "numeric" or "real" or "integer" => "numeric",
            "string" => "string",
            "date" => "date",
            "relational" => throw Refused(path, line, $"has a relational attribute ('{name}'), a table inside a table, which the kit does not read"),
            var other => throw Refused(path, line, $"has an @attribute of unknown type '{other}' ('{name}'): ARFF types are numeric, real, integer, string, date and {{nominal values}}"),
        };
        return (name, kind);
    }

    /// <summary>Splits a data line into values: quoted in ' or " (with backslash escapes), '?' missing (null).</summary>
    private static void Fields(ReadOnlySpan<char> text, List<string?> fields)
    {
        fields.Clear();
        var value = new StringBuilder();
        int i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t') i++;
            value.Clear();
            bool quoted = i < text.Length && text[i] is '\'' or '"';
            if (quoted)
            {
                char quote = text[i++];
                while (i < text.Length && text[i] != quote)
                {
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    value.Append(text[i++]);
                }
                i++; // the closing quote (a line that ends inside quotes keeps what it has)
                while (i < text.Length && text[i] != ',') i++;
            }
            else
            {
                int end = text[i..].IndexOf(',');
                var raw = (end < 0 ? text[i..] : text[i..(i + end)]).TrimEnd();
                value.Append(raw);
                i = end < 0 ? text.Length : i + end;
            }
            fields.Add(!quoted && value.Length == 1 && value[0] == '?' ? null : value.ToString());
            if (i >= text.Length) break;
            i++; // the comma
        }
    }

    private static CsvLoadException Refused(string path, long line, string what) =>
        new($"{path} line {line}: the ARFF file {what}.", path, line, reason: "arff");
}
