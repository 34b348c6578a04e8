using System.Globalization;
using System.Text;

namespace Foundations.Data;

/// <summary>Settings for <see cref="Csv.Load(string, CsvOptions?)"/>; every one has a default that suits bank exports.</summary>
public sealed record CsvOptions
{
    /// <summary>The field delimiter; null (the default) detects it among comma, semicolon, tab and pipe.</summary>
    public char? Delimiter { get; init; }

    /// <summary>What to do with rows that cannot be read: <see cref="BadRows.Fail"/> (default) or <see cref="BadRows.Quarantine"/>.</summary>
    public BadRows OnBadRow { get; init; } = BadRows.Fail;

    /// <summary>Column types given by hand; columns it does not name are inferred.</summary>
    public CsvSchema? Schema { get; init; }

    /// <summary>How many rows type inference looks at (they are buffered once, not read twice).</summary>
    public int InferenceRows { get; init; } = 2_000;

    /// <summary>Texts that mean "missing" besides an empty field, such as "NULL". Empty by default: "NA" is also Namibia's country code.</summary>
    public IReadOnlyList<string> MissingValues { get; init; } = Array.Empty<string>();

    /// <summary>The culture numbers are written in; invariant (a dot before decimals) by default.</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;

    /// <summary>Exact date-time formats (such as "dd/MM/yyyy") tried after ISO 8601 for columns the schema types as DateTime.</summary>
    public IReadOnlyList<string> DateTimeFormats { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The file's encoding; null (the default) honours a byte order mark and otherwise expects UTF-8, and a file that
    /// turns out not to be UTF-8 is read again as Windows-1252 (what Excel writes for "CSV (Comma delimited)"), with a note.
    /// </summary>
    public Encoding? Encoding { get; init; }

    /// <summary>
    /// For an Excel workbook (.xlsx, .xls), the sheet to read, by name; null (the default) reads the visible sheet that
    /// holds the most values (the table, not a cover or description sheet), and the report's note names the sheets left unread.
    /// </summary>
    public string? Sheet { get; init; }

    /// <summary>Where a packed file (gzip, zip, workbook, ARFF) is unpacked, in a folder of its own deleted after; null is the system's temporary folder. Tests give a load its own folder, so other tests unpacking at once cannot change what they find left behind.</summary>
    internal string? UnpackInto { get; init; }

    /// <summary>The Excel sheet the rows come from (set when a workbook was written out as CSV), for the report.</summary>
    internal string? WorkbookSheet { get; init; }

    /// <summary>How the file itself was read (unpacked from a zip, read as Windows-1252): the first notes of the report.</summary>
    internal IReadOnlyList<string> FileNotes { get; init; } = [];

    /// <summary>The file separates fields by spaces and aligns its columns with runs of them: each run is one separator (set by the delimiter detection).</summary>
    internal bool AlignedWithSpaces { get; init; }

    /// <summary>Where a large file's loading progress goes (MB read); null uses <see cref="ProgressReporting.Default"/> (the notebook display).</summary>
    public IProgress<ProgressReport>? Progress { get; init; }

    /// <summary>Columns the schema does not name are read as Text, exactly as written, instead of inferred (batch scoring: extra columns never set a row aside).</summary>
    internal bool OtherColumnsAsText { get; init; }

    /// <summary>Keeps the file line where each loaded row starts (<see cref="LoadReport.RowLines"/>); the file is then read in one pass.</summary>
    internal bool KeepRowLines { get; init; }

    /// <summary>
    /// Keeps each typed column's fields as the file writes them too (<see cref="LoadReport.WrittenText"/>), so a scored
    /// file can give back 28/07/2019 or £1,234.50 as they came; the file is then read in one pass.
    /// </summary>
    internal bool KeepWrittenText { get; init; }

    /// <summary>Files from this many bytes are read in two halves at once whatever the core count; tests set it to exercise the split on small files.</summary>
    internal long? SplitFromBytes { get; init; }
}
