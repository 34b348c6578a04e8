using System.IO.Compression;
using Foundations.Data;
using static Foundations.Tests.Data.Workbooks;

namespace Foundations.Tests.Data;

/// <summary>A bank's extract as an Excel workbook (.xlsx, or 97-2003 .xls) is read as the CSV of one of its sheets.</summary>
public class CsvExcelTests
{
    private static string PathFor(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "fn-csv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    /// <summary>A one-sheet workbook whose sheet part holds <paramref name="rows"/> as written (cut short, or out of bounds), after <paramref name="prolog"/>.</summary>
    private static void WriteSheetXml(string path, string rows, string prolog = "")
    {
        Write(path, new Sheet("Data", [["id", "age"], ["C1", 34]]));
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        zip.GetEntry("xl/worksheets/sheet1.xml")!.Delete();
        using var s = zip.CreateEntry("xl/worksheets/sheet1.xml").Open();
        s.Write(System.Text.Encoding.UTF8.GetBytes(prolog + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" + rows));
    }

    [Fact]
    public void An_xlsx_sheet_is_read_with_its_numbers_dates_and_flags_typed_as_a_csv_would_be()
    {
        string path = Write(PathFor("extract.xlsx"), new Sheet("Accounts", [
            ["customer", "opened", "balance", "overdrawn", "branch", "rate"],
            ["C1", new DateTime(2019, 7, 28), 1234.5, false, "Leeds, \"Park\" Row", 0.1],
            ["C2", new DateTime(2020, 1, 3, 14, 30, 0), -20.25, true, "York ", new Error("#DIV/0!")],
            ["C3", new DateTime(2021, 12, 31), 1e15, false, "Hull\nnorth", 0.035],
        ]));
        string unpackInto = CsvPackedFileTests.UnpackFolder();

        var (frame, report) = Csv.Load(path, new CsvOptions { UnpackInto = unpackInto });

        Assert.Equal(new[] { "customer", "opened", "balance", "overdrawn", "branch", "rate" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(new[] { ColumnType.Text, ColumnType.DateTime, ColumnType.Double, ColumnType.Boolean, ColumnType.Text, ColumnType.Double },
            report.Columns.Select(c => c.Type));
        Assert.Equal(new DateTime(2019, 7, 28), frame.Columns["opened"][0]);
        Assert.Equal(new DateTime(2020, 1, 3, 14, 30, 0), frame.Columns["opened"][1]);
        Assert.Equal(new[] { 1234.5, -20.25, 1e15 }, Enumerable.Range(0, 3).Select(r => (double)frame.Columns["balance"][r]!));
        Assert.Equal(true, frame.Columns["overdrawn"][1]);
        // "York " is York, as an unquoted CSV value with a space after it is.
        Assert.Equal(new[] { "Leeds, \"Park\" Row", "York", "Hull\nnorth" }, Enumerable.Range(0, 3).Select(r => (string)frame.Columns["branch"][r]!));
        // The error cell is a missing value, and 0.1 is read back exactly (written in full, not as Excel shows it).
        Assert.Equal(0.1, frame.Columns["rate"][0]);
        Assert.Null(frame.Columns["rate"][1]);
        Assert.Equal(path, report.File);
        Assert.Equal("Accounts", report.Sheet);
        Assert.Contains("; sheet Accounts</p>", Foundations.Interactive.Reports.Html(report));
        Assert.StartsWith("The file is an Excel workbook: read from sheet 'Accounts' (4 rows holding values, 6 columns).", report.Notes[0]);
        Assert.Contains("a cell holding an error (#N/A, #DIV/0!) is empty", report.Notes[0]);
        Assert.Contains("Texts with line breaks take more than one line", report.Notes[0]);
        Assert.Empty(Directory.GetFileSystemEntries(unpackInto));
    }

    [Fact]
    public void The_visible_sheet_holding_the_most_values_is_read_and_the_note_names_the_others()
    {
        // As published bank-loan workbooks open: a description sheet first, the table after it.
        string path = Write(PathFor("book.xlsx"),
            new Sheet("Cover", []),
            new Sheet("Description", [["ID", "Customer ID"], ["Age", "Customer's age in completed years"]]),
            new Sheet("Lookups", [["region", "code"], ["North", 1], ["South", 2], ["East", 3], ["West", 4]], Hidden: true),
            new Sheet("Data", [["id", "age"], ["C1", 34], ["C2", 41]]),
            new Sheet("Notes", [["source", "core banking"]]));

        var (frame, report) = Csv.Load(path);

        Assert.Equal(new[] { "id", "age" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(2, frame.Rows.Count);
        Assert.Contains("read from sheet 'Data', the one holding the most values (3 rows holding values, 2 columns). Not read: sheets 'Cover' (empty), 'Description', 'Lookups' (hidden), 'Notes' (to read another, pass CsvOptions.Sheet, or save that sheet as a file of its own).", report.Notes[0]);
    }

    [Fact]
    public void The_sheet_option_reads_the_named_sheet_and_an_unknown_name_is_refused_listing_the_sheets()
    {
        string path = Write(PathFor("book.xlsx"),
            new Sheet("Data", [["id", "age"], ["C1", 34]]),
            new Sheet("Lookups", [["region", "code"], ["North", 1], ["South", 2]], Hidden: true));

        var (frame, _) = Csv.Load(path, new CsvOptions { Sheet = "lookups" });
        Assert.Equal(new[] { "region", "code" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(2, frame.Rows.Count);

        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path, new CsvOptions { Sheet = "Customers" }));
        Assert.Equal($"{path} has no sheet named 'Customers' (CsvOptions.Sheet); its sheets: 'Data', 'Lookups' (hidden).", e.Message);
    }

    [Fact]
    public void A_sheet_below_a_title_and_right_of_an_empty_column_is_read_from_its_header_and_rows_keep_their_sheet_numbers()
    {
        string path = Write(PathFor("report.xlsx"), new Sheet("Report", [
            [null, "Arrears report, November 2026"],
            [],
            [null, "account", "days_late", "balance"],
            [null, "A1", 3, 100.0],
            [],
            [null, "A2", "three", 200.0],
            [null, "A3", 0, 300.0],
        ]));

        var (frame, report) = Csv.Load(path, new CsvOptions
        {
            OnBadRow = BadRows.Quarantine,
            Schema = new CsvSchema { ["days_late"] = ColumnType.Int32 },
        });

        Assert.Equal(new[] { "account", "days_late", "balance" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(new[] { "A1", "A3" }, Enumerable.Range(0, 2).Select(r => (string)frame.Columns["account"][r]!));
        // Row 6 of the sheet holds the bad value: the report names that row, and nothing else was lost.
        var bad = Assert.Single(report.Quarantined);
        Assert.Equal(6, bad.Line);
        Assert.Equal("three", bad.Value);
        Assert.Contains("1 empty column left out", report.Notes[0]);
        Assert.Contains("Line numbers below are the sheet's row numbers.", report.Notes[0]);
        Assert.Contains(report.Notes, n => n.StartsWith("Line 1 ('Arrears report, November 2026') holds one value and 2 empty field(s): read as a title above the header, which is line 3."));
    }

    [Fact]
    public void An_excel_97_2003_workbook_from_a_real_writer_is_read()
    {
        // branch-extract.xls was written by python-xlwt (Fixtures/make-branch-extract-xls.py): BIFF8, dates and a £ format.
        string path = Path.Combine(RepoPaths.Root, "tests", "Foundations.Tests", "Data", "Fixtures", "branch-extract.xls");

        var (frame, report) = Csv.Load(path);

        Assert.Equal(new[] { "account", "opened", "balance", "branch", "overdrawn" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(new DateTime(2019, 7, 28), frame.Columns["opened"][0]);
        Assert.Equal(new[] { 1234.5, -20.25, 0.1 }, Enumerable.Range(0, 3).Select(r => (double)frame.Columns["balance"][r]!));
        Assert.Equal(new[] { "Leeds, Park Row", "Zürich", "York" }, Enumerable.Range(0, 3).Select(r => (string)frame.Columns["branch"][r]!));
        Assert.Equal(true, frame.Columns["overdrawn"][1]);
        Assert.StartsWith("The file is an Excel workbook: read from sheet 'Accounts', the one holding the most values (4 rows holding values, 5 columns). Not read: sheet 'Notes'", report.Notes[0]);
    }

    [Fact]
    public void A_workbook_whose_shared_strings_would_unpack_beyond_memory_is_refused_before_unpacking()
    {
        // A zip bomb's shape: the part every text of the workbook sits in declares 4 GB (.NET reads no more than a part
        // declares, so the declared size bounds what the reader would hold in memory).
        string path = Write(PathFor("bomb.xlsx"), new Sheet("Data", [["id", "age"], ["C1", 34]]));
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        using (var s = zip.CreateEntry("xl/sharedStrings.xml").Open())
            s.Write("<sst/>"u8);
        var bytes = File.ReadAllBytes(path);
        for (int at = 0; at + 46 < bytes.Length; at++)
        {
            // Central directory records: signature, the uncompressed size at +24, the name's length at +28, the name at +46.
            if (bytes[at] != 'P' || bytes[at + 1] != 'K' || bytes[at + 2] != 1 || bytes[at + 3] != 2) continue;
            int nameLength = BitConverter.ToUInt16(bytes, at + 28);
            if (System.Text.Encoding.UTF8.GetString(bytes, at + 46, nameLength) == "xl/sharedStrings.xml")
                BitConverter.GetBytes(0xF000_0000u).CopyTo(bytes, at + 24);
        }
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path));

        Assert.StartsWith($"{path} is an Excel workbook whose part 'xl/sharedStrings.xml' unpacks to 4,026,531,840 bytes, more than the ", e.Message);
        Assert.Contains("(it is held in memory)", e.Message);
    }

    [Theory]
    [InlineData("damaged.xlsx", "could not be read as an Excel workbook (")]
    [InlineData("document.xls", "could not be read as an Excel workbook (")]
    [InlineData("entities.xlsx", "could not be read as an Excel workbook (For security reasons DTD is prohibited")]
    [InlineData("vast.xlsx", "declares 1,048,576 rows × 16,384 columns in sheet 'Data', more cells than a workbook is read for")]
    [InlineData("blank.xlsx", "is an Excel workbook with no value in any sheet ('Sheet1' (empty))")]
    [InlineData("calc.ods", "is an OpenDocument file (LibreOffice's .ods), not CSV")]
    [InlineData("binary.xlsb", "is a binary Excel workbook (.xlsb), which the kit does not read")]
    [InlineData("protected.xls", "is an Excel workbook protected with a password: open it in Excel with the password and save an unprotected copy")]
    public void A_workbook_that_cannot_be_read_is_refused_naming_the_file_and_leaving_nothing_behind(string name, string expected)
    {
        string path = PathFor(name);
        switch (name)
        {
            case "damaged.xlsx": // a workbook whose sheet is cut off mid-row
                WriteSheetXml(path, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t>");
                break;
            case "vast.xlsx": // one cell in the sheet's last row and column: the reader would visit 17 billion empty cells
                WriteSheetXml(path, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1048576\"><c r=\"XFD1048576\"><v>2</v></c></row></sheetData></worksheet>");
                break;
            case "entities.xlsx": // entities that would read a local file or expand a billion times ("billion laughs")
                WriteSheetXml(path, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;&lol2;</t></is></c></row></sheetData></worksheet>",
                    "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>");
                break;
            case "document.xls": // an OLE compound file's signature, as Word's .doc and Outlook's .msg also begin
                File.WriteAllBytes(path, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[600]]);
                break;
            case "blank.xlsx":
                Write(path, new Sheet("Sheet1", []));
                break;
            case "protected.xls": // written by python-xlwt with a password record (Fixtures/make-protected-xls.py)
                File.Copy(Path.Combine(RepoPaths.Root, "tests", "Foundations.Tests", "Data", "Fixtures", name), path);
                break;
            case "binary.xlsb": // the parts an .xlsb has: the workbook and sheets in binary records
                using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
                    foreach (var entry in new[] { "[Content_Types].xml", "xl/workbook.bin", "xl/worksheets/sheet1.bin" })
                        using (var s = zip.CreateEntry(entry).Open()) s.Write("\0\0"u8);
                break;
            default:
                using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
                    foreach (var entry in new[] { "mimetype", "content.xml", "META-INF/manifest.xml" })
                        using (var s = zip.CreateEntry(entry).Open()) s.Write("<x/>"u8);
                break;
        }
        string unpackInto = CsvPackedFileTests.UnpackFolder();

        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path, new CsvOptions { UnpackInto = unpackInto }));

        Assert.StartsWith($"{path} {expected}", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(unpackInto));
    }
}
