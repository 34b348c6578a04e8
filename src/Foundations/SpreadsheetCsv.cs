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
    /// a formula risk; the one exception is a cell that is wholly a number ("-5", "+3.25", "-1e-4", and as files write
    /// amounts, "-1,234.56", "-£1,234.50", "-13.5%", "-1.234,56"), which holds nothing a formula could call, so it is
    /// written unchanged: a scored file gives a customer's negative balance back as the file wrote it.
    /// </summary>
    internal static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsWrittenNumber(text) ? "'" + text : text;

    /// <summary>
    /// An optional sign and currency symbol, digits with '.' or ',' between them (and at most one '.' elsewhere), an
    /// optional exponent or percent sign; nothing else: no letter, operator or reference a formula could use.
    /// </summary>
    private static bool IsWrittenNumber(string text)
    {
        int i = text[0] is '+' or '-' ? 1 : 0, digits = 0;
        if (i < text.Length && text[i] is '£' or '$' or '€' or '¥') i++;
        bool loosePoint = false;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            bool digitNext = i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
            if (char.IsAsciiDigit(c)) digits++;
            else if (c is '.' or ',' && digits > 0 && digitNext) continue;   // 1,234.56 and 1.234,56
            else if (c == '.' && !loosePoint) loosePoint = true;              // .5 and 5.
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
        else if (i < text.Length && text[i] == '%') i++;
        return i == text.Length;
    }

    /// <summary>
    /// A CsvHelper writer with the kit's conventions: invariant culture, a field quoted only when it holds a comma, a
    /// quote or a line break (RFC 4180), or starts or ends with a space or tab (which the kit's loader, like fread,
    /// trims from unquoted values), and no injection handling of its own (<see cref="Neutralise"/> decides, so
    /// plain negative numbers stay numbers). <paramref name="newLine"/> fixes the line end where files must be byte-identical.
    /// </summary>
    internal static CsvWriter Writer(TextWriter writer, string? newLine = null) => CsvWriter.Create(writer, new CsvWriterOptions
    {
        FormatProvider = CultureInfo.InvariantCulture,
        ShouldQuote = (ReadOnlySpan<char> field, Type _, int _, long _) =>
            field.IndexOfAny(",\"\n\r") >= 0 || field.Length > 0 && (field[0] is ' ' or '\t' || field[^1] is ' ' or '\t'),
        Injection = CsvInjection.None,
        NewLine = newLine ?? Environment.NewLine,
    }, leaveOpen: true);
}
