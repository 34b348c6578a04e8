using System.Globalization;
using System.Text;
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
        writer.WriteLine(string.Join(",", frame.Columns.Select(c => Quote(Neutralise(c.Name)))));
        var line = new StringBuilder();
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            line.Clear();
            for (int c = 0; c < frame.Columns.Count; c++)
            {
                if (c > 0) line.Append(',');
                line.Append(Cell(frame.Columns[c][r]));
            }
            writer.WriteLine(line.ToString());
        }
    }

    internal static string Cell(object? value) => value switch
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
        string s => Quote(Neutralise(s)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(Neutralise(value.ToString() ?? "")),
    };

    private static string Quote(string s) => s.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
