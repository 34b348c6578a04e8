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
    /// Writes <paramref name="sheet"/> of the workbook at <paramref name="path"/> (null: the visible sheet holding the
    /// most values) to <paramref name="to"/> as UTF-8 CSV, at most <paramref name="room"/> bytes; returns the note that
    /// says what was read, and the sheet's name.
    /// </summary>
    public static (string Note, string Sheet) WriteCsv(string path, string? sheet, Stream to, long room)
    {
        // .xls stores text in code pages (1252 mostly), which .NET ships but does not register by default.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            using var file = File.OpenRead(path);
            using var reader = ExcelReaderFactory.CreateReader(file);
            var sheets = List(reader);
            var (chosen, contents) = Choose(path, sheet, sheets, reader);
            MoveTo(reader, chosen.Index);
            bool rowsAreLines = Write(reader, contents, to, room, path);
            return (Note(chosen, contents, sheets, named: sheet is not null, rowsAreLines), chosen.Name);
        }
        catch (ExcelDataReader.Exceptions.InvalidPasswordException e)
        {
            // Excel's own default password (a workbook only marked read-only) is tried by the reader; any other is not ours to ask for.
            throw PackedFile.Refused(path, "is an Excel workbook protected with a password: open it in Excel with the password and save an unprotected copy (or the sheet as \"CSV UTF-8\"), and load that", "password", e);
        }
        catch (Exception e) when (e is not CsvLoadException && e is not OutOfMemoryException)
        {
            // The reader's own errors (a password, a damaged part, a Word file that is also an OLE file) end here, named.
            throw PackedFile.Refused(path, $"could not be read as an Excel workbook ({e.Message}): open it in Excel or LibreOffice and save the sheet as \"CSV UTF-8\"", "excel", e);
        }
    }

    /// <summary>
    /// Refuses an .xlsx whose parts unpack to more than can be read: the shared strings (every text of the workbook) and
    /// styles are held in memory, a sheet is read three times. .NET stops reading a part at the size the zip declares, so
    /// the declared sizes bound the work, and a zip bomb is refused before a byte is unpacked.
    /// </summary>
    public static void CheckParts(string path, IEnumerable<System.IO.Compression.ZipArchiveEntry> parts)
    {
        long memory = Math.Min(2L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 8);
        foreach (var part in parts)
        {
            bool sheet = part.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal);
            long limit = sheet ? MaxSheetBytes : memory;
            if (part.Length > limit)
                throw PackedFile.Refused(path, $"is an Excel workbook whose part '{part.FullName}' unpacks to {part.Length:N0} bytes, more than the {limit:N0} a workbook is read for{(sheet ? "" : " (it is held in memory)")}: save the sheet as \"CSV UTF-8\" and load that (or a .csv.gz)", "excel");
        }
    }

    /// <summary>The largest sheet part read (16 GB of XML): a full sheet of a million rows by a hundred columns is about 3 GB.</summary>
    private const long MaxSheetBytes = 16L << 30;

    /// <summary>
    /// The most cells a sheet's first pass visits (rows times columns, as the sheet declares them): about five seconds.
    /// A damaged .xls can declare 65,536 × 65,536; a sheet formatted across whole rows can declare 16,384 columns.
    /// </summary>
    private const long MaxCells = 1L << 30;

    /// <summary>A sheet of the workbook, with what a scan found in it (null: not scanned).</summary>
    private sealed record Sheet(int Index, string Name, bool Visible, Contents? Contents = null)
    {
        public string Label => $"'{Name}'{(Contents is { RowsWithData: 0 } ? " (empty)" : "")}{(Visible ? "" : " (hidden)")}";
    }

    /// <summary>Which of a sheet's columns hold a value somewhere, its last row holding one, and how many rows and values it holds.</summary>
    private sealed record Contents(int[] Columns, int FieldCount, int LastRow, int RowsWithData, long Values);

    /// <summary>Every sheet's name and visibility, in the workbook's order; no cell is read.</summary>
    private static List<Sheet> List(IExcelDataReader reader)
    {
        var sheets = new List<Sheet>();
        do sheets.Add(new Sheet(sheets.Count, reader.Name ?? $"Sheet{sheets.Count + 1}",
            !string.Equals(reader.VisibleState, "hidden", StringComparison.OrdinalIgnoreCase) && !string.Equals(reader.VisibleState, "veryhidden", StringComparison.OrdinalIgnoreCase)));
        while (reader.NextResult());
        return sheets;
    }

    private static void MoveTo(IExcelDataReader reader, int index)
    {
        reader.Reset();
        for (int k = 0; k < index; k++) reader.NextResult();
    }

    /// <summary>Reads <paramref name="sheet"/> once, to find the columns and the last row that hold values.</summary>
    private static Contents Scan(IExcelDataReader reader, Sheet sheet, string path)
    {
        MoveTo(reader, sheet.Index);
        long declared = (long)reader.RowCount * reader.FieldCount;
        if (declared > MaxCells)
            throw PackedFile.Refused(path, $"declares {reader.RowCount:N0} rows × {reader.FieldCount:N0} columns in sheet '{sheet.Name}', more cells than a workbook is read for ({MaxCells:N0}): it is damaged, or formatted across whole rows; save the sheet as \"CSV UTF-8\" and load that", "excel");
        var used = new bool[reader.FieldCount];
        int row = -1, last = -1, withData = 0;
        long values = 0;
        while (reader.Read())
        {
            row++;
            int inRow = 0;
            for (int c = 0; c < used.Length; c++)
                if (HasValue(reader.GetValue(c))) (used[c], inRow) = (true, inRow + 1);
            if (inRow > 0) (last, withData, values) = (row, withData + 1, values + inRow);
        }
        return new Contents(Enumerable.Range(0, used.Length).Where(c => used[c]).ToArray(), used.Length, last, withData, values);
    }

    private static (Sheet Sheet, Contents Contents) Choose(string path, string? name, List<Sheet> sheets, IExcelDataReader reader)
    {
        string Names() => string.Join(", ", sheets.Select(s => s.Label));
        if (name is not null)
        {
            var named = sheets.FirstOrDefault(s => s.Name == name)
                ?? sheets.FirstOrDefault(s => string.Equals(s.Name.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw PackedFile.Refused(path, $"has no sheet named '{name}' (CsvOptions.Sheet); its sheets: {Names()}", "sheet");
            var contents = Scan(reader, named, path);
            named = sheets[named.Index] = named with { Contents = contents };
            return contents.RowsWithData > 0 ? (named, contents) : throw PackedFile.Refused(path, $"has nothing in sheet '{named.Name}' (CsvOptions.Sheet); its sheets: {Names()}", "sheet");
        }
        // The table is the sheet holding the most values: a published workbook often opens on a description or a cover
        // (UCI's and Kaggle's bank-loan workbooks: 'Description', then 'Data'). Hidden sheets usually hold lookup lists
        // for the visible ones: they are read only when no visible sheet holds a value.
        foreach (bool visible in new[] { true, false })
        {
            var scanned = sheets.Where(s => s.Visible == visible).Select(s => (Sheet: s, Contents: Scan(reader, s, path))).ToList();
            foreach (var (s, contents) in scanned) sheets[s.Index] = s with { Contents = contents };
            var largest = scanned.Where(s => s.Contents.Values > 0).OrderByDescending(s => s.Contents.Values).ThenBy(s => s.Sheet.Index).FirstOrDefault();
            if (largest.Contents is not null) return (sheets[largest.Sheet.Index], largest.Contents);
        }
        throw PackedFile.Refused(path, $"is an Excel workbook with no value in any sheet ({Names()})", "excel");
    }

    /// <summary>Writes the sheet's rows up to its last with data, one line each; false when a text with a line break made more lines than rows.</summary>
    private static bool Write(IExcelDataReader reader, Contents sheet, Stream to, long room, string path)
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
                // Spaces around a cell's text are not part of it, as around an unquoted CSV value ("North " is North).
                line.Append(PackedFile.CsvField(text.Trim(' ', '\t')));
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

    private static string Note(Sheet chosen, Contents contents, List<Sheet> sheets, bool named, bool rowsAreLines)
    {
        var others = sheets.Where(s => s.Index != chosen.Index).Select(s => s.Label).ToList();
        int emptyColumns = contents.FieldCount - contents.Columns.Length;
        var note = new StringBuilder($"The file is an Excel workbook: read from sheet '{chosen.Name}'");
        if (!named && others.Count > 0) note.Append(", the one holding the most values");
        note.Append($" ({contents.RowsWithData:N0} rows holding values, {contents.Columns.Length} columns");
        note.Append(emptyColumns > 0 ? $"; {emptyColumns} empty column{(emptyColumns == 1 ? "" : "s")} left out)." : ").");
        if (others.Count > 0) note.Append($" Not read: sheet{(others.Count == 1 ? "" : "s")} {string.Join(", ", others)} (to read another, pass CsvOptions.Sheet, or save that sheet as a file of its own).");
        note.Append(" Numbers and dates are read as Excel stores them, not as they are shown; a cell holding an error (#N/A, #DIV/0!) is empty.");
        note.Append(rowsAreLines ? " Line numbers below are the sheet's row numbers." : " Texts with line breaks take more than one line, so line numbers below run ahead of the sheet's row numbers.");
        return note.ToString();
    }
}
