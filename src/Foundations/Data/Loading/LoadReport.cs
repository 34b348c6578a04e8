using System.Globalization;
using System.Text;
using Foundations.Interactive;

namespace Foundations.Data;

/// <summary>One column as loaded: its name in the frame, its type, and where the type came from.</summary>
/// <param name="Name">The column name in the frame (renamed when the header repeated it).</param>
/// <param name="Type">The type it was loaded as.</param>
/// <param name="FromSchema">True when the schema gave the type, false when it was inferred.</param>
/// <param name="Missing">How many loaded rows have no value in it.</param>
public sealed record LoadedColumn(string Name, ColumnType Type, bool FromSchema, long Missing);

/// <summary>What happened while loading a file: rows read, loaded and set aside (with reasons), column types and notes. Always available, so no row is dropped silently.</summary>
public sealed class LoadReport : IHtmlReport
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

    /// <summary>The report as an HTML fragment: totals, reasons, column types, notes and the first quarantined rows.</summary>
    public string ToHtml()
    {
        var h = new StringBuilder();
        h.Append("<div class=\"fn-load-report\"><h4>Load report: ").Append(Html.Escape(Path.GetFileName(File))).Append("</h4>");
        h.Append(CultureInfo.InvariantCulture, $"<p>{RowsRead:N0} rows read, {RowsLoaded:N0} loaded, {RowsQuarantined:N0} quarantined");
        // Typed files (Parquet, Arrow) have no delimiter: '\0' marks that.
        if (Delimiter != '\0') h.Append("; delimiter ").Append(Html.Escape(Delimiter == '\t' ? "tab" : Delimiter.ToString()));
        h.Append("</p>");
        if (ReasonCounts.Count > 0)
        {
            h.Append("<table class=\"fn-table\"><tr><th>Reason</th><th>Rows</th></tr>");
            foreach (var (reason, count) in ReasonCounts)
                h.Append("<tr><td>").Append(Html.Escape(reason)).Append("</td><td>").Append(count.ToString("N0", CultureInfo.InvariantCulture)).Append("</td></tr>");
            h.Append("</table>");
        }
        h.Append("<table class=\"fn-table\"><tr><th>Column</th><th>Type</th><th>From</th><th>Missing</th></tr>");
        foreach (var c in Columns)
            h.Append("<tr><td>").Append(Html.Escape(c.Name)).Append("</td><td>").Append(c.Type).Append("</td><td>")
             .Append(c.FromSchema ? "schema" : "inferred").Append("</td><td>").Append(c.Missing.ToString("N0", CultureInfo.InvariantCulture)).Append("</td></tr>");
        h.Append("</table>");
        if (Notes.Count > 0)
        {
            h.Append("<ul>");
            foreach (var n in Notes) h.Append("<li>").Append(Html.Escape(n)).Append("</li>");
            h.Append("</ul>");
        }
        if (Quarantined.Count > 0)
        {
            const int shown = 20;
            h.Append("<table class=\"fn-table\"><tr><th>Line</th><th>Reason</th><th>Detail</th><th>Raw text</th></tr>");
            foreach (var q in Quarantined.Take(shown))
            {
                var raw = MaskedRaw(q.RawText);
                raw = raw.Length > 200 ? raw[..200] + "…" : raw;
                h.Append("<tr><td>").Append(q.Line.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Html.Escape(q.Reason))
                 .Append("</td><td>").Append(Html.Escape(MaskedDetail(q))).Append("</td><td><code>").Append(Html.Escape(raw)).Append("</code></td></tr>");
            }
            h.Append("</table>");
            if (Quarantined.Count > shown)
                h.Append(CultureInfo.InvariantCulture, $"<p>… and {Quarantined.Count - shown:N0} more quarantined rows (see LoadReport.Quarantined).</p>");
        }
        return h.Append("</div>").ToString();
    }

    /// <summary>
    /// A quarantined row's text as a report may show it: the fields of identifier columns masked, and personal-looking
    /// values in the rest. When the fields do not line up with the header (a ragged row), every field that is not a
    /// plain number is masked when the file has an identifier column, since which column a field belongs to is unknown.
    /// </summary>
    private string MaskedRaw(string raw)
    {
        if (NotebookDisplay.ShowIdentifiers) return raw;
        char delimiter = Delimiter == '\0' ? ',' : Delimiter;
        var fields = raw.Split(delimiter);
        bool aligned = fields.Length == Columns.Count;
        bool anyIdentifier = Columns.Any(c => NotebookDisplay.IsIdentifier(c.Name));
        for (int i = 0; i < fields.Length; i++)
        {
            bool identifier = aligned ? NotebookDisplay.IsIdentifier(Columns[i].Name)
                : anyIdentifier && !double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _) && fields[i].Trim().Length > 0;
            fields[i] = identifier ? NotebookDisplay.Mask(fields[i]) : PersonalData.MaskWithin(fields[i]);
        }
        return string.Join(delimiter, fields);
    }

    /// <summary>The detail, with the value at fault masked when it sits in an identifier column.</summary>
    private static string MaskedDetail(QuarantinedRow q)
    {
        if (NotebookDisplay.ShowIdentifiers) return q.Detail;
        string detail = q.Column is not null && q.Value is { Length: > 0 } v && NotebookDisplay.IsIdentifier(q.Column)
            ? q.Detail.Replace(v, NotebookDisplay.Mask(v), StringComparison.Ordinal) : q.Detail;
        return PersonalData.MaskWithin(detail);
    }
}
