using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Writes frames to CSV for people to open in a spreadsheet, safely.</summary>
public static class CsvExport
{
    /// <summary>
    /// Text that a spreadsheet would run as a formula gets a leading apostrophe, so an exported customer name can never
    /// execute (CSV/formula injection); a cell that is wholly a plain number is written unchanged (see <see cref="SpreadsheetCsv"/>).
    /// </summary>
    public static string Neutralise(string text) => SpreadsheetCsv.Neutralise(text);

    /// <summary>
    /// Writes <paramref name="frame"/> as comma-separated UTF-8 with culture-invariant numbers, atomically (a temporary
    /// file renamed into place); text cells are neutralised; date-times keep their fraction of a second and are written
    /// with Z only when they are UTC (a zone-less time stays zone-less).
    /// </summary>
    public static void Write(DataFrame frame, string path) => AtomicFile.WriteText(path, writer => Write(frame, writer));

    private static void Write(DataFrame frame, TextWriter writer)
    {
        using var csv = SpreadsheetCsv.Writer(writer);
        foreach (var column in frame.Columns) csv.WriteField(Neutralise(column.Name));
        csv.EndRecord();
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            for (int c = 0; c < frame.Columns.Count; c++) csv.WriteField(Text(frame.Columns[c][r]));
            csv.EndRecord();
        }
    }

    /// <summary>Writes <paramref name="header"/> and <paramref name="rows"/> of text fields to <paramref name="path"/> atomically; text is neutralised.</summary>
    internal static void WriteRows(string path, IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows) =>
        AtomicFile.WriteText(path, writer => WriteRows(writer, header, rows));

    /// <summary>Writes <paramref name="header"/> and <paramref name="rows"/> to <paramref name="writer"/>, each cell as <see cref="Text"/> gives it.</summary>
    internal static void WriteRows(TextWriter writer, IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows, string? newLine = null)
    {
        using var csv = SpreadsheetCsv.Writer(writer, newLine);
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
