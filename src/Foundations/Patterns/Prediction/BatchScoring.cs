using System.Text;
using Foundations.Data;
using Foundations.Interactive;
using Microsoft.Data.Analysis;

namespace Foundations.Patterns.Prediction;

/// <summary>A row that could not be scored, with where it came from and why.</summary>
public sealed record SetAsideRow(long Line, string Reason);

/// <summary>What a batch scoring did: rows read, scored and set aside (with reasons), and where the output went.</summary>
public sealed class ScoringReport : IHtmlReport
{
    internal ScoringReport(string input, string output, long rowsRead, long rowsScored, IReadOnlyList<SetAsideRow> setAside, string? setAsideFile)
    {
        Input = input; Output = output; RowsRead = rowsRead; RowsScored = rowsScored; SetAside = setAside; SetAsideFile = setAsideFile;
    }

    public string Input { get; }
    public string Output { get; }
    public long RowsRead { get; }
    public long RowsScored { get; }
    public IReadOnlyList<SetAsideRow> SetAside { get; }
    /// <summary>The CSV listing the set-aside rows with line and reason (null when none).</summary>
    public string? SetAsideFile { get; }

    public override string ToString() => $"{RowsRead:N0} rows read from {Input}: {RowsScored:N0} scored into {Output}, {SetAside.Count:N0} set aside" +
        (SetAside.Count == 0 ? "." : $" ({string.Join("; ", SetAside.GroupBy(s => s.Reason.Split(':')[0]).Select(g => $"{g.Count()} × {g.Key}"))}), listed in {SetAsideFile}.");

    public string ToHtml() => $"<div class=\"fn-scoring\"><p>{Html.Escape(ToString())}</p>" +
        (SetAside.Count == 0 ? "" : Html.Table(new[] { "line", "reason" }, SetAside.Take(20).Select(s => new object?[] { s.Line, s.Reason }), "Rows set aside (first 20)")) + "</div>";
}

/// <summary>Scores a CSV file with a saved Prediction model: the same entry point for notebooks and `foundations score`.</summary>
public static class BatchScoring
{
    /// <summary>
    /// Reads <paramref name="inputCsv"/> (bad rows quarantined, not fatal), scores each row with <paramref name="model"/>
    /// and writes the input columns plus <c>score</c> and <c>reason_1..N</c> to <paramref name="outputCsv"/>. Rows that
    /// cannot be loaded or scored are set aside with their line and reason in <c>&lt;output&gt;.set-aside.csv</c>.
    /// </summary>
    public static ScoringReport ScoreCsv(TrainedPrediction model, string inputCsv, string outputCsv, int reasons = 3)
    {
        var (frame, load) = Csv.Load(inputCsv, new CsvOptions { OnBadRow = BadRows.Quarantine });
        var setAside = load.Quarantined.Select(q => new SetAsideRow(q.Line, $"unreadable: {q.Reason} {q.Detail}".Trim())).ToList();
        // The loader keeps data rows in file order; line numbers of loaded rows are those not quarantined.
        var quarantinedLines = load.Quarantined.Select(q => q.Line).ToHashSet();
        var lines = new List<long>();
        for (long line = 2; lines.Count < frame.Rows.Count; line++) if (!quarantinedLines.Contains(line)) lines.Add(line);

        // Schema problems (a missing column) concern every row: fail with the model's message naming the column.
        foreach (var column in model.Schema)
            if (frame.Columns.IndexOf(column.Name) < 0)
                throw new ArgumentException($"{inputCsv}: cannot score, column '{column.Name}' ({column.Kind}) is missing. The model expects: {string.Join(", ", model.Schema.Select(s => s.Name))}.", column.Name);

        var scored = new List<(int Row, ScoredRow Score)>();
        const int chunk = 2048;
        for (int start = 0; start < frame.Rows.Count; start += chunk)
        {
            var rows = Enumerable.Range(start, (int)Math.Min(chunk, frame.Rows.Count - start)).ToArray();
            try
            {
                var part = Take(frame, rows);
                scored.AddRange(model.ScoreWithReasons(part, reasons).Select(s => (rows[s.Row], s)));
            }
            catch (ArgumentException)
            {
                // Some row in this chunk cannot be scored: score one by one so only the bad rows are set aside.
                foreach (var r in rows)
                {
                    try { scored.Add((r, model.ScoreWithReasons(Take(frame, new[] { r }), reasons)[0])); }
                    catch (ArgumentException e) { setAside.Add(new SetAsideRow(lines[r], e.Message.Replace(" at row 0", ""))); }
                }
            }
        }

        var keep = scored.Select(s => s.Row).ToArray();
        var output = Take(frame, keep);
        output.Columns.Add(new DoubleDataFrameColumn("score", scored.Select(s => s.Score.Probability)));
        for (int k = 0; k < reasons; k++)
        {
            int at = k;
            output.Columns.Add(new StringDataFrameColumn($"reason_{k + 1}", scored.Select(s => at < s.Score.Reasons.Count ? s.Score.Reasons[at].Feature : "")));
        }
        CsvExport.Write(output, outputCsv);
        string? setAsideFile = null;
        if (setAside.Count > 0)
        {
            setAsideFile = Path.ChangeExtension(outputCsv, ".set-aside.csv");
            var sb = new StringBuilder("line,reason\n");
            foreach (var s in setAside.OrderBy(s => s.Line)) sb.Append(s.Line).Append(',').Append(CsvExport.Cell(s.Reason)).Append('\n');
            File.WriteAllText(setAsideFile, sb.ToString());
        }
        Experiments.Run.Current.Artifact(outputCsv);
        return new ScoringReport(inputCsv, outputCsv, load.RowsRead, scored.Count, setAside.OrderBy(s => s.Line).ToList(), setAsideFile);
    }

    private static DataFrame Take(DataFrame frame, int[] rows)
    {
        var index = new Int32DataFrameColumn("index", rows);
        return frame[index];
    }
}
