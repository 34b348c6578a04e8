using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace Foundations.Data;

/// <summary>
/// A bank's extract often arrives as an Excel workbook. One sheet is written out as CSV (numbers in full, dates in ISO
/// 8601, one sheet row per line) and the loader reads that like any file, so type inference, notes and rows set aside
/// work exactly as for a CSV, and its line numbers are the sheet's row numbers.
/// </summary>
internal static class ExcelSheet
{
    /// <summary>
    /// Writes <paramref name="sheet"/> of the workbook at <paramref name="path"/> (null: the first visible sheet holding
    /// data) to <paramref name="to"/> as UTF-8 CSV, at most <paramref name="room"/> bytes; returns the note that says what was read.
    /// </summary>
    public static string WriteCsv(string path, string? sheet, Stream to, long room)
    {
        // .xls stores text in code pages (1252 mostly), which .NET ships but does not register by default.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            using var file = File.OpenRead(path);
            using var reader = ExcelReaderFactory.CreateReader(file);
            var sheets = Survey(reader);
            var chosen = Choose(path, sheet, sheets);
            reader.Reset();
            for (int k = 0; k < chosen.Index; k++) reader.NextResult();
            bool rowsAreLines = Write(reader, chosen, to, room, path);
            return Note(chosen, sheets, rowsAreLines);
        }
        catch (Exception e) when (e is not CsvLoadException && e is not OutOfMemoryException)
        {
            // The reader's own errors (a password, a damaged part, a Word file that is also an OLE file) end here, named.
            throw PackedFile.Refused(path, $"could not be read as an Excel workbook ({e.Message}): open it in Excel or LibreOffice and save the sheet as \"CSV UTF-8\"", "excel", e);
        }
    }

    /// <summary>A sheet as the first pass found it: which columns hold a value somewhere, and its last row holding one.</summary>
    private sealed record Sheet(int Index, string Name, bool Visible, int[] Columns, int FieldCount, int LastRow, int RowsWithData);

    private static List<Sheet> Survey(IExcelDataReader reader)
    {
        var sheets = new List<Sheet>();
        int index = 0;
        do
        {
            var used = new bool[reader.FieldCount];
            int row = -1, last = -1, withData = 0;
            while (reader.Read())
            {
                row++;
                bool any = false;
                for (int c = 0; c < used.Length; c++)
                    if (HasValue(reader.GetValue(c))) used[c] = any = true;
                if (any) (last, withData) = (row, withData + 1);
            }
            int[] columns = Enumerable.Range(0, used.Length).Where(c => used[c]).ToArray();
            sheets.Add(new Sheet(index++, reader.Name ?? $"Sheet{index}", !string.Equals(reader.VisibleState, "hidden", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(reader.VisibleState, "veryhidden", StringComparison.OrdinalIgnoreCase), columns, used.Length, last, withData));
        }
        while (reader.NextResult());
        return sheets;
    }

    private static Sheet Choose(string path, string? name, List<Sheet> sheets)
    {
        string names = string.Join(", ", sheets.Select(s => $"'{s.Name}'{(s.RowsWithData == 0 ? " (empty)" : "")}{(s.Visible ? "" : " (hidden)")}"));
        if (name is not null)
        {
            var named = sheets.FirstOrDefault(s => s.Name == name)
                ?? sheets.FirstOrDefault(s => string.Equals(s.Name.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw PackedFile.Refused(path, $"has no sheet named '{name}' (CsvOptions.Sheet); its sheets: {names}", "sheet");
            return named.RowsWithData > 0 ? named : throw PackedFile.Refused(path, $"has nothing in sheet '{named.Name}' (CsvOptions.Sheet); its sheets: {names}", "sheet");
        }
        // Hidden sheets usually hold lookup lists for the visible ones: read one only when no visible sheet holds data.
        return sheets.FirstOrDefault(s => s.Visible && s.RowsWithData > 0) ?? sheets.FirstOrDefault(s => s.RowsWithData > 0)
            ?? throw PackedFile.Refused(path, $"is an Excel workbook with no value in any sheet ({names})", "excel");
    }

    /// <summary>Writes the sheet's rows up to its last with data, one line each; false when a text with a line break made more lines than rows.</summary>
    private static bool Write(IExcelDataReader reader, Sheet sheet, Stream to, long room, string path)
    {
        using var writer = new StreamWriter(to, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        bool rowsAreLines = true;
        var line = new StringBuilder();
        for (int row = 0; row <= sheet.LastRow && reader.Read(); row++)
        {
            line.Clear();
            bool any = false;
            for (int k = 0; k < sheet.Columns.Length; k++)
            {
                if (k > 0) line.Append(',');
                object? value = sheet.Columns[k] < reader.FieldCount ? reader.GetValue(sheet.Columns[k]) : null;
                if (!HasValue(value)) continue;
                any = true;
                rowsAreLines &= !Append(line, value!);
            }
            // An empty row is an empty line (skipped by the loader, as a blank line is), so later lines keep their row numbers.
            writer.Write(any ? line : (object)"");
            writer.Write('\n');
            if (to.Position > room) throw PackedFile.TooLarge(path, room);
        }
        return rowsAreLines;
    }

    private static bool HasValue(object? value) => value is not null && value is not string { Length: 0 };

    /// <summary>Appends one cell as the loader reads it; true when it is a text holding a line break.</summary>
    private static bool Append(StringBuilder line, object value)
    {
        switch (value)
        {
            case string text:
                bool quote = text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text.Length != text.AsSpan().Trim().Length;
                if (!quote) { line.Append(text); return false; }
                line.Append('"').Append(text.Replace("\"", "\"\"")).Append('"');
                return text.AsSpan().IndexOfAny('\r', '\n') >= 0;
            case double number:
                line.Append(number.ToString("R", CultureInfo.InvariantCulture));
                return false;
            case bool flag:
                line.Append(flag ? "TRUE" : "FALSE");
                return false;
            case DateTime date:
                line.Append(date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFF", CultureInfo.InvariantCulture).TrimEnd('.'));
                return false;
            case TimeSpan time:
                line.Append(time.ToString("c", CultureInfo.InvariantCulture));
                return false;
            default:
                line.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return false;
        }
    }

    private static string Note(Sheet chosen, List<Sheet> sheets, bool rowsAreLines)
    {
        var others = sheets.Where(s => s != chosen).Select(s => $"'{s.Name}'{(s.RowsWithData == 0 ? " (empty)" : "")}{(s.Visible ? "" : " (hidden)")}").ToList();
        int emptyColumns = chosen.FieldCount - chosen.Columns.Length;
        var note = new StringBuilder($"The file is an Excel workbook: read from sheet '{chosen.Name}' ({chosen.RowsWithData:N0} rows holding values, {chosen.Columns.Length} columns");
        note.Append(emptyColumns > 0 ? $"; {emptyColumns} empty column{(emptyColumns == 1 ? "" : "s")} left out)." : ").");
        if (others.Count > 0) note.Append($" Not read: sheet{(others.Count == 1 ? "" : "s")} {string.Join(", ", others)} (to read another, pass CsvOptions.Sheet or move it first in the workbook).");
        note.Append(" Numbers and dates are read as Excel stores them, not as they are shown; a cell holding an error (#N/A, #DIV/0!) is empty.");
        note.Append(rowsAreLines ? " Line numbers below are the sheet's row numbers." : " Texts with line breaks take more than one line, so line numbers below run ahead of the sheet's row numbers.");
        return note.ToString();
    }
}
