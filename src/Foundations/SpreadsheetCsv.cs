using System.Globalization;
using CsvHelper;

namespace Foundations;

/// <summary>
/// CSV for people to open in a spreadsheet, safely: the one CsvHelper configuration and the formula-injection rule that
/// every CSV the kit writes uses (data exports, scores, run exports). In the root layer so the run log can use it too.
/// </summary>
internal static class SpreadsheetCsv
{
    /// <summary>
    /// Text that a spreadsheet would run as a formula gets a leading apostrophe, so an exported customer name can never
    /// execute (CSV/formula injection). The rule is OWASP's: a cell starting with =, +, -, @, tab or carriage return is
    /// a formula risk; the one exception is a cell that is wholly a plain number ("-5", "+3.25", "-1e-4"), which a
    /// spreadsheet reads as that number and cannot execute, so it is written unchanged.
    /// </summary>
    internal static string Neutralise(string text) =>
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
}
