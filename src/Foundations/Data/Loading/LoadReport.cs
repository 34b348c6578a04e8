using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>One column as loaded: its name in the frame, its type, and where the type came from.</summary>
/// <param name="Name">The column name in the frame (renamed when the header repeated it).</param>
/// <param name="Type">The type it was loaded as.</param>
/// <param name="FromSchema">True when the schema gave the type, false when it was inferred.</param>
/// <param name="Missing">How many loaded rows have no value in it.</param>
public sealed record LoadedColumn(string Name, ColumnType Type, bool FromSchema, long Missing)
{
    /// <summary>Of <see cref="Missing"/>, rows whose field was one of the column's words for no value ("Exempt").</summary>
    public long NoValueWordRows { get; init; }
}

/// <summary>What happened while loading a file: rows read, loaded and set aside (with reasons), column types and notes. Always available, so no row is dropped silently.</summary>
public sealed class LoadReport
{
    internal LoadReport(string file, char delimiter, long bytes, long rowsRead, long rowsLoaded, IReadOnlyList<QuarantinedRow> quarantined,
        IReadOnlyList<LoadedColumn> columns, IReadOnlyList<string> notes)
    {
        File = file;
        Delimiter = delimiter;
        Bytes = bytes;
        RowsRead = rowsRead;
        RowsLoaded = rowsLoaded;
        Quarantined = quarantined;
        Columns = columns;
        Notes = notes;
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var q in quarantined) counts[q.Reason] = counts.GetValueOrDefault(q.Reason) + 1;
        ReasonCounts = counts;
    }

    /// <summary>The file (or source name) loaded.</summary>
    public string File { get; }

    /// <summary>The delimiter used (given or detected); '\0' for typed files (Parquet, Arrow).</summary>
    public char Delimiter { get; }

    /// <summary>The sheet read when the file is an Excel workbook (its rows were written as CSV, so <see cref="Delimiter"/> is the kit's comma); null otherwise.</summary>
    public string? Sheet { get; init; }

    /// <summary>The size of the file in bytes (0 for a stream of unknown length).</summary>
    public long Bytes { get; }

    /// <summary>Data rows read from the file (the header not counted).</summary>
    public long RowsRead { get; }

    /// <summary>Rows now in the frame.</summary>
    public long RowsLoaded { get; }

    /// <summary>Rows set aside; RowsRead = RowsLoaded + RowsQuarantined.</summary>
    public long RowsQuarantined => Quarantined.Count;

    /// <summary>The rows set aside, in file order, with their line, reason and raw text.</summary>
    public IReadOnlyList<QuarantinedRow> Quarantined { get; }

    /// <summary>How many rows were set aside for each reason ("ragged row", "wrong type", ...).</summary>
    public IReadOnlyDictionary<string, int> ReasonCounts { get; }

    /// <summary>The 1-based file line where each loaded row starts, when the load kept them (batch scoring does).</summary>
    internal IReadOnlyList<long>? RowLines { get; init; }

    /// <summary>Each typed column's fields as the file writes them, by column name, when the load kept them (batch scoring does).</summary>
    internal IReadOnlyDictionary<string, StringDataFrameColumn>? WrittenText { get; init; }

    /// <summary>The columns of the frame with their types.</summary>
    public IReadOnlyList<LoadedColumn> Columns { get; }

    /// <summary>Things the loader did that the user should know (renamed duplicate headers, NaN read as missing, widened types).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>One line: "customers.csv: 5,000 rows read, 4,998 loaded, 2 quarantined (ragged row: 2)".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Path.GetFileName(File)}: {RowsRead:N0} rows read, {RowsLoaded:N0} loaded, {RowsQuarantined:N0} quarantined");
        if (ReasonCounts.Count > 0)
            sb.Append(" (").Append(string.Join(", ", ReasonCounts.Select(kv => $"{kv.Key}: {kv.Value.ToString("N0", CultureInfo.InvariantCulture)}"))).Append(')');
        return sb.ToString();
    }


    /// <summary>
    /// A quarantined row's text as a report may show it: the fields of identifier columns masked, and personal-looking
    /// values in the rest. When the fields do not line up with the header (a ragged row), every field that is not a
    /// plain number is masked when the file has an identifier column, since which column a field belongs to is unknown.
    /// </summary>
    internal string MaskedRaw(string raw)
    {
        if (Disclosure.ShowIdentifiers) return raw;
        char delimiter = Delimiter == '\0' ? ',' : Delimiter;
        var fields = raw.Split(delimiter);
        bool aligned = fields.Length == Columns.Count;
        bool anyIdentifier = Columns.Any(c => Disclosure.IsIdentifier(c.Name));
        for (int i = 0; i < fields.Length; i++)
        {
            bool identifier = aligned ? Disclosure.IsIdentifier(Columns[i].Name)
                : anyIdentifier && !double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _) && fields[i].Trim().Length > 0;
            fields[i] = identifier ? Disclosure.Mask(fields[i]) : PersonalData.MaskWithin(fields[i]);
        }
        return string.Join(delimiter, fields);
    }

    /// <summary>The detail, with the value at fault masked when it sits in an identifier column.</summary>
    internal static string MaskedDetail(QuarantinedRow q)
    {
        if (Disclosure.ShowIdentifiers) return q.Detail;
        string detail = q.Column is not null && q.Value is { Length: > 0 } v && Disclosure.IsIdentifier(q.Column)
            ? q.Detail.Replace(v, Disclosure.Mask(v), StringComparison.Ordinal) : q.Detail;
        return PersonalData.MaskWithin(detail);
    }
}
