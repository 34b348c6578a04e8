using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Writes frames to CSV for people to open in a spreadsheet, safely.</summary>
public static class CsvExport
{
    /// <summary>
    /// Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) gets a leading
    /// apostrophe, so an exported customer name can never execute (CSV/formula injection).
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Writes <paramref name="frame"/> as comma-separated UTF-8 with culture-invariant numbers; text cells are neutralised.</summary>
    public static void Write(DataFrame frame, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
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
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        string s => Quote(Neutralise(s)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(Neutralise(value.ToString() ?? "")),
    };

    private static string Quote(string s) => s.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
