using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Foundations.Tests.Data;

/// <summary>
/// Writes small .xlsx workbooks as Excel lays them out (a zip of XML parts: sheets, relationships, a date style), so
/// tests can place a title, an empty column, a hidden sheet or an error cell exactly where a bank's extract has them.
/// </summary>
internal static class Workbooks
{
    /// <summary>A cell holding an Excel error such as #N/A or #DIV/0!.</summary>
    public sealed record Error(string Code);

    /// <summary>A sheet: rows of cells (null: an empty cell; a string, number, bool, DateTime or <see cref="Error"/>).</summary>
    public sealed record Sheet(string Name, IReadOnlyList<object?[]> Rows, bool Hidden = false);

    public static string Write(string path, params Sheet[] sheets)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Part(string name, string xml)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(xml));
        }
        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        Part("[Content_Types].xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
            <Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            {string.Concat(sheets.Select((_, k) => $"<Override PartName=\"/xl/worksheets/sheet{k + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))}
            </Types>
            """);
        Part("_rels/.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="{Rel}/officeDocument" Target="xl/workbook.xml"/>
            </Relationships>
            """);
        Part("xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets>
            {string.Concat(sheets.Select((s, k) => $"<sheet name=\"{SecurityElement.Escape(s.Name)}\" sheetId=\"{k + 1}\"{(s.Hidden ? " state=\"hidden\"" : "")} r:id=\"rId{k + 1}\"/>"))}
            </sheets></workbook>
            """);
        Part("xl/_rels/workbook.xml.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            {string.Concat(sheets.Select((_, k) => $"<Relationship Id=\"rId{k + 1}\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet{k + 1}.xml\"/>"))}
            <Relationship Id="rId{sheets.Length + 1}" Type="{Rel}/styles" Target="styles.xml"/>
            </Relationships>
            """);
        // Style 1 shows a number as a date (built-in format 14, d/m/yyyy): Excel stores dates as days since 1899-12-30.
        Part("xl/styles.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="{Main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>
            """);
        for (int k = 0; k < sheets.Length; k++)
        {
            var xml = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"{Main}\"><sheetData>");
            for (int r = 0; r < sheets[k].Rows.Count; r++)
            {
                var row = sheets[k].Rows[r];
                if (row.All(v => v is null)) continue; // Excel writes no element for an empty row
                xml.Append($"<row r=\"{r + 1}\">");
                for (int c = 0; c < row.Length; c++)
                    if (row[c] is { } value) xml.Append(Cell($"{(char)('A' + c)}{r + 1}", value));
                xml.Append("</row>");
            }
            Part($"xl/worksheets/sheet{k + 1}.xml", xml.Append("</sheetData></worksheet>").ToString());
        }
        return path;
    }

    private static string Cell(string at, object value) => value switch
    {
        string text => $"<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{SecurityElement.Escape(text)}</t></is></c>",
        bool flag => $"<c r=\"{at}\" t=\"b\"><v>{(flag ? 1 : 0)}</v></c>",
        DateTime date => $"<c r=\"{at}\" s=\"1\"><v>{date.ToOADate().ToString(CultureInfo.InvariantCulture)}</v></c>",
        Error error => $"<c r=\"{at}\" t=\"e\"><v>{SecurityElement.Escape(error.Code)}</v></c>",
        IFormattable number => $"<c r=\"{at}\"><v>{number.ToString(null, CultureInfo.InvariantCulture)}</v></c>",
        _ => throw new ArgumentException($"No cell for {value.GetType().Name}", nameof(value)),
    };
}
