using System.Globalization;
using CsvHelper;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Writes frames to CSV for people to open in a spreadsheet, safely.</summary>
public static class CsvExport
{
    /// <summary>
    /// Text that a spreadsheet would run as a formula gets a leading apostrophe, so an exported customer name can never
    /// execute (CSV/formula injection). The rule is OWASP's: a cell starting with =, +, -, @, tab or carriage return is
    /// a formula risk; the one exception is a cell that is wholly a plain number ("-5", "+3.25", "-1e-4"), which a
    /// spreadsheet reads as that number and cannot execute, so it is written unchanged.
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainNumber(text) ? "'" + text : text;

    /// <summary>An optional sign, digits with at most one decimal point, and an optional exponent; nothing else.</summary>
    private static bool IsPlainNumber(string text)
    {
        int i = text[0] is '+' or '-' ? 1 : 0, digits = 0;
        bool point = false;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsAsciiDigit(c)) digits++;
            else if (c == '.' && !point) point = true;
            else break;
        }
        if (digits == 0) return false;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-') i++;
            int exponent = 0;
            for (; i < text.Length && char.IsAsciiDigit(text[i]); i++) exponent++;
            if (exponent == 0) return false;
        }
        return i == text.Length;
    }

    /// <summary>
    /// Writes <paramref name="frame"/> as comma-separated UTF-8 with culture-invariant numbers, atomically (a temporary
    /// file renamed into place); text cells are neutralised; date-times keep their fraction of a second and are written
    /// with Z only when they are UTC (a zone-less time stays zone-less).
    /// </summary>
    public static void Write(DataFrame frame, string path) => AtomicFile.WriteText(path, writer => Write(frame, writer));

    private static void Write(DataFrame frame, TextWriter writer)
    {
        using var csv = Writer(writer);
        foreach (var column in frame.Columns) csv.WriteField(Neutralise(column.Name));
        csv.EndRecord();
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            for (int c = 0; c < frame.Columns.Count; c++) csv.WriteField(Text(frame.Columns[c][r]));
            csv.EndRecord();
        }
    }

    /// <summary>
    /// A CsvHelper writer with the kit's conventions: invariant culture, a field quoted only when it holds a comma, a
    /// quote or a line break (RFC 4180), and no injection handling of its own (<see cref="Neutralise"/> decides, so
    /// plain negative numbers stay numbers). <paramref name="newLine"/> fixes the line end where files must be byte-identical.
    /// </summary>
    internal static CsvWriter Writer(TextWriter writer, string? newLine = null) => CsvWriter.Create(writer, new CsvWriterOptions
    {
        FormatProvider = CultureInfo.InvariantCulture,
        ShouldQuote = (ReadOnlySpan<char> field, Type _, int _, long _) => field.IndexOfAny(",\"\n\r") >= 0,
        Injection = CsvInjection.None,
        NewLine = newLine ?? Environment.NewLine,
    }, leaveOpen: true);

    /// <summary>Writes <paramref name="header"/> and <paramref name="rows"/> of text fields to <paramref name="path"/> atomically; text is neutralised.</summary>
    internal static void WriteRows(string path, IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows) =>
        AtomicFile.WriteText(path, writer => WriteRows(writer, header, rows));

    /// <summary>Writes <paramref name="header"/> and <paramref name="rows"/> to <paramref name="writer"/>, each cell as <see cref="Text"/> gives it.</summary>
    internal static void WriteRows(TextWriter writer, IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows, string? newLine = null)
    {
        using var csv = Writer(writer, newLine);
        foreach (var name in header) csv.WriteField(Neutralise(name));
        csv.EndRecord();
        foreach (var row in rows)
        {
            foreach (var cell in row) csv.WriteField(Text(cell));
            csv.EndRecord();
        }
    }

    /// <summary>One cell's text before quoting: culture-invariant numbers, empty for missing, text neutralised.</summary>
    internal static string Text(object? value) => value switch
    {
        null => "",
        double d when double.IsNaN(d) => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        // FFFFFFF drops trailing zeros, so whole seconds stay short and milliseconds survive the round trip.
        DateTime t => t.ToString(t.Kind switch
        {
            DateTimeKind.Utc => "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ",
            DateTimeKind.Local => "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz",
            _ => "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        }, CultureInfo.InvariantCulture),
        string s => Neutralise(s),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Neutralise(value.ToString() ?? ""),
    };
}
