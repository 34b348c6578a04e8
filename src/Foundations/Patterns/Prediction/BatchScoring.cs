using System.Globalization;
using System.Text;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Patterns;

/// <summary>A row that could not be scored: the file line where it starts, the column at fault (when one is) and why.</summary>
public sealed record SetAsideRow(long Line, string Reason, string? Column = null);

/// <summary>
/// How many customers of a tagged file fell in one segment, and the segment's share and count of the customers it was
/// fitted on (null when the model file does not say).
/// </summary>
public sealed record SegmentShare(int Segment, string Name, long Customers, double Share, double? ShareAtFitting, long? CustomersAtFitting = null);

/// <summary>What a batch scoring did: rows read, scored and set aside (with reasons), unseen categories, and where the output went.</summary>
public sealed class ScoringReport
{
    internal ScoringReport(string input, string output, long rowsRead, long rowsScored, IReadOnlyList<SetAsideRow> setAside, string? setAsideFile,
        IReadOnlyDictionary<string, long> unseenCategories)
    {
        Input = input; Output = output; RowsRead = rowsRead; RowsScored = rowsScored; SetAside = setAside; SetAsideFile = setAsideFile;
        UnseenCategories = unseenCategories;
    }

    /// <summary>The file scored.</summary>
    public string Input { get; }
    /// <summary>The scores file written.</summary>
    public string Output { get; }
    /// <summary>Data rows read from the input (the header not counted).</summary>
    public long RowsRead { get; }
    /// <summary>Rows written to the output with a score.</summary>
    public long RowsScored { get; }
    /// <summary>Rows not scored, in file order, each with its line and reason; RowsRead = RowsScored + SetAside.Count.</summary>
    public IReadOnlyList<SetAsideRow> SetAside { get; }
    /// <summary>The CSV listing the set-aside rows with line, column and reason (null when none).</summary>
    public string? SetAsideFile { get; }
    /// <summary>
    /// Per category column, how many scored rows held a value the model never learned (unseen in training, or too rare
    /// to get its own code). They are scored as the model scores a missing value of that column: code 0.
    /// </summary>
    public IReadOnlyDictionary<string, long> UnseenCategories { get; }
    /// <summary>
    /// Per number column, rows whose field was a word the model's training file wrote for no value ("Exempt"): read as
    /// missing values and scored as the model learned to score a gap there.
    /// </summary>
    public IReadOnlyDictionary<string, long> WordsReadAsMissing { get; init; } = new Dictionary<string, long>();
    /// <summary>
    /// Per number column with a possible range in the model's recipe (a person's age from 0 to 120), rows whose value lay
    /// outside it: entry errors, read as missing values as in training and scored as a gap there.
    /// </summary>
    public IReadOnlyDictionary<string, long> OutsidePossibleRange { get; init; } = new Dictionary<string, long>();
    /// <summary>
    /// How the file was read, as the loader said it (a convention found or taken from the model's training file, a
    /// title above the header, a repeated column name renamed, a file read as Windows-1252); empty when it was plain.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();
    /// <summary>For a segmentation model, each segment's customers in this file beside its share at fitting; empty for a prediction model.</summary>
    public IReadOnlyList<SegmentShare> Segments { get; init; } = Array.Empty<SegmentShare>();
    /// <summary>What was done to each row kept: "scored", or "assigned a segment".</summary>
    internal string Done { get; init; } = "scored";
    /// <summary>The share of rows read that were set aside (0 when no rows were read).</summary>
    public double SetAsideShare => RowsRead == 0 ? 0 : (double)SetAside.Count / RowsRead;

    /// <summary>One paragraph: rows read, scored and set aside by reason, unseen categories by column.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{RowsRead:N0} rows read from {Input}: {RowsScored:N0} {Done} into {Output}, {SetAside.Count:N0} set aside");
        if (SetAside.Count > 0)
            sb.Append(c, $" ({SetAsideShare:P1}: {string.Join("; ", SetAside.GroupBy(s => Category(s.Reason)).Select(g => $"{g.Count()} × {g.Key}"))}), listed in {SetAsideFile}");
        sb.Append('.');
        if (Segments.Count > 0)
            sb.Append(" Segments, share of this file").Append(Segments.Any(x => x.ShareAtFitting is not null) ? " (at fitting)" : "").Append(": ")
              .Append(string.Join(", ", Segments.Select(x => $"{x.Name} {x.Share.ToString("P1", c)}" + (x.ShareAtFitting is { } f ? $" ({f.ToString("P1", c)})" : "")))).Append('.');
        if (UnseenCategories.Count > 0)
            sb.Append(" Values the model never learned, scored like a missing value: ")
              .Append(string.Join(", ", UnseenCategories.Select(kv => $"{kv.Key} {kv.Value.ToString("N0", c)}"))).Append('.');
        if (WordsReadAsMissing.Count > 0)
            sb.Append(" Words for no value read as missing values, as in the model's training file: ")
              .Append(string.Join(", ", WordsReadAsMissing.Select(kv => $"{kv.Key} {kv.Value.ToString("N0", c)}"))).Append('.');
        if (OutsidePossibleRange.Count > 0)
            sb.Append(" Values outside what is possible, read as missing values as in training: ")
              .Append(string.Join(", ", OutsidePossibleRange.Select(kv => $"{kv.Key} {kv.Value.ToString("N0", c)}"))).Append('.');
        if (Notes.Count > 0)
            sb.Append(" How the file was read: ").AppendJoin(" ", Notes.Select(n => n.EndsWith('.') ? n : n + "."));
        return sb.ToString();
    }

    private static string Category(string reason) => reason.Split(':')[0];

}

/// <summary>
/// Applies a saved model to a CSV file, row by row: a Prediction model scores it, a Segmentation model assigns each
/// customer a segment. The same entry point for notebooks and `foundations score`.
/// </summary>
public static class BatchScoring
{
    /// <summary>
    /// Reads <paramref name="inputCsv"/> with the model's saved schema (its columns and their kinds; other columns,
    /// the outcome among them, are carried through as text and never set a row aside), scores each row and writes the
    /// input columns, as the file wrote them, plus <c>score</c> and <c>reason_1..N</c> to <paramref name="outputCsv"/> atomically. A row that
    /// cannot be read or scored is set aside with its true file line, column and reason in
    /// <c>&lt;output&gt;.set-aside.csv</c> (a stale one from an earlier run is removed). An unusable input or model
    /// (missing column, broken quoting, empty file, output equal to input) is an error naming the file.
    /// </summary>
    public static ScoringReport ScoreCsv(TrainedPrediction model, string inputCsv, string outputCsv, int reasons = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(reasons);
        string name = model.Source is { } path ? $"The model '{path}'" : "The model";
        var probabilities = new List<double>();
        var reasonNames = new List<IReadOnlyList<Reason>>();
        return Apply(inputCsv, outputCsv, model.Schema, model.Recipe, name, "scored",
            (part, good, features) =>
            {
                var scored = model.ScoreWithReasons(part, good, features, reasons);
                foreach (var s in scored)
                {
                    probabilities.Add(s.Probability);
                    reasonNames.Add(s.Reasons);
                }
                return scored.Select(s => s.Row);
            },
            output =>
            {
                output.Columns.Add(new DoubleDataFrameColumn("score", probabilities));
                for (int k = 0; k < reasons; k++)
                {
                    int at = k;
                    output.Columns.Add(new StringDataFrameColumn($"reason_{k + 1}", reasonNames.Select(r => at < r.Count ? r[at].Feature : "")));
                }
            });
    }

    /// <summary>
    /// Reads <paramref name="inputCsv"/> with the segmentation model's saved schema, as <see cref="ScoreCsv"/> does, and
    /// writes the input columns, as the file wrote them, plus <c>segment</c> (1..K) and <c>segment_name</c> to <paramref name="outputCsv"/>
    /// atomically; a row that cannot be read or assigned is set aside with its line, column and reason in
    /// &lt;output&gt;.set-aside.csv. The nightly tagging of new customers with their segment.
    /// </summary>
    public static ScoringReport AssignCsv(TrainedSegmentation model, string inputCsv, string outputCsv)
    {
        ArgumentNullException.ThrowIfNull(model);
        var recipe = model.Recipe ?? throw new ArgumentException(
            "This segmentation model was fitted on a feature matrix, not a customer table: it has no recipe to read a CSV with. Build the customers' features with the same recipe and call Assign(FeatureMatrix).", nameof(model));
        string name = model.Source is { } path ? $"The segmentation model '{path}'" : "The segmentation model";
        var segments = new List<int>();
        var report = Apply(inputCsv, outputCsv, model.Schema, recipe, name, "assigned a segment",
            (_, good, features) =>
            {
                segments.AddRange(model.Assign(features));
                return Enumerable.Range(0, good.Length);
            },
            output =>
            {
                output.Columns.Add(new Int32DataFrameColumn("segment", segments));
                output.Columns.Add(new StringDataFrameColumn("segment_name", segments.Select(s => model.SegmentNames[s - 1])));
            });
        // Shares now beside shares at fitting: a segment that grows or empties is the first sign the customers changed.
        long fitted = model.SegmentSizes.Sum();
        return new ScoringReport(report.Input, report.Output, report.RowsRead, report.RowsScored, report.SetAside, report.SetAsideFile, report.UnseenCategories)
        {
            Done = report.Done,
            WordsReadAsMissing = report.WordsReadAsMissing,
            OutsidePossibleRange = report.OutsidePossibleRange,
            Notes = report.Notes,
            Segments = Enumerable.Range(1, model.K).Select(k =>
            {
                long customers = segments.Count(s => s == k);
                return new SegmentShare(k, model.SegmentNames[k - 1], customers, segments.Count == 0 ? 0 : (double)customers / segments.Count,
                    fitted > 0 ? (double)model.SegmentSizes[k - 1] / fitted : null, fitted > 0 ? model.SegmentSizes[k - 1] : null);
            }).ToArray(),
        };
    }

    /// <summary>
    /// The shared loop: reads the input with <paramref name="schema"/>, builds each chunk's features with
    /// <paramref name="recipe"/> (rows with problems set aside), lets <paramref name="apply"/> take the good rows of the
    /// chunk in order (it returns the positions among them it kept, in the order of its results), then
    /// <paramref name="addOutputs"/> adds the result columns to the kept rows, and writes both files.
    /// </summary>
    private static ScoringReport Apply(string inputCsv, string outputCsv, IReadOnlyList<RecipeColumn> schema, FittedRecipe recipe, string modelName, string done,
        Func<DataFrame, int[], FeatureMatrix, IEnumerable<int>> apply, Action<DataFrame> addOutputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputCsv);
        ArgumentException.ThrowIfNullOrEmpty(outputCsv);
        if (!File.Exists(inputCsv)) throw new FileNotFoundException($"No input file at '{inputCsv}' (full path {Path.GetFullPath(inputCsv)}).", inputCsv);
        string setAsidePath = SetAsidePath(outputCsv);
        if (AtomicFile.SamePath(inputCsv, outputCsv) || AtomicFile.SamePath(inputCsv, setAsidePath))
            throw new ArgumentException($"The output '{outputCsv}' is the input file: scoring would overwrite it. Give another output path.", nameof(outputCsv));
        if (Directory.Exists(outputCsv))
            throw new ArgumentException($"The output '{outputCsv}' is a folder: give a file name, such as {Path.Combine(outputCsv, "scores.csv")}.", nameof(outputCsv));

        var (frame, load) = LoadWithSchema(schema, modelName, inputCsv);
        var lines = load.RowLines!;
        var setAside = load.Quarantined.Select(q => new SetAsideRow(q.Line, $"unreadable: {q.Detail}", q.Column)).ToList();

        var modelFrame = new DataFrame(schema.Select(c => frame.Columns[c.Name]).ToList());
        var keep = new List<int>();
        const int chunk = 2048;
        for (int start = 0; start < frame.Rows.Count; start += chunk)
        {
            var rows = Enumerable.Range(start, (int)Math.Min(chunk, frame.Rows.Count - start)).ToArray();
            var part = Take(modelFrame, rows);
            // A missing or non-finite feature concerns its row only: it is listed, and the rest of the chunk is scored.
            var problems = new List<RowProblem>();
            var features = ModelCall(modelName, () => recipe.BuildFeatures(part, null, null, problems));
            var bad = new HashSet<int>();
            foreach (var p in problems.OrderBy(p => p.Row))
                if (bad.Add(p.Row)) setAside.Add(new SetAsideRow(lines[rows[p.Row]], p.Reason, p.Column));
            var good = Enumerable.Range(0, rows.Length).Where(r => !bad.Contains(r)).ToArray();
            if (good.Length == 0) continue;
            var applied = ModelCall(modelName, () => apply(part, good, bad.Count == 0 ? features : features.Take(good)).ToArray());
            keep.AddRange(applied.Select(g => rows[good[g]]));
        }

        // The input's columns go back as the file wrote them (28/07/2019, £1,234.50, 13.5%, Exempt), not as the model read
        // them: the scored file is the customer's own with the results beside it, ready to join back on any column.
        var written = load.WrittenText!;
        var asWritten = new DataFrame(frame.Columns.Select(c => written.TryGetValue(c.Name, out var text) ? text : c));
        var output = Take(asWritten, keep.ToArray());
        addOutputs(output);
        var unseen = UnseenCategories(recipe, schema, output);
        CsvExport.Write(output, outputCsv);
        setAside.Sort((a, b) => a.Line.CompareTo(b.Line));
        string? setAsideFile = null;
        if (setAside.Count > 0)
        {
            setAsideFile = setAsidePath;
            CsvExport.WriteRows(setAsideFile, new[] { "line", "column", "reason" }, setAside.Select(s => new object?[] { s.Line, s.Column ?? "", s.Reason }));
        }
        else if (File.Exists(setAsidePath))
            File.Delete(setAsidePath); // an earlier run's list would describe rows this run scored
        Experiments.Run.Current.Artifact(outputCsv);
        // Counted over the rows read (a row set aside for another column may hold one too): what the file wrote, by column.
        var words = load.Columns.Where(c => c.NoValueWordRows > 0).ToDictionary(c => c.Name, c => c.NoValueWordRows, StringComparer.Ordinal);
        // A code the recipe reads first (999 for "unknown") is a code, not an entry error: not counted again here.
        var outside = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var range in recipe.Steps.OfType<FittedOutsideAsMissing>())
        {
            if (frame.Columns.IndexOf(range.Column) < 0 || !ColumnTypes.IsNumeric(frame.Columns[range.Column])) continue;
            var codes = recipe.Steps.OfType<FittedCodeAsMissing>().Where(c => c.Column == range.Column).SelectMany(c => c.Codes).ToHashSet();
            long rows = ColumnTypes.ToDoubles(frame.Columns[range.Column]).LongCount(v => (v < range.Lowest || v > range.Highest) && !codes.Contains(v));
            if (rows > 0) outside[range.Column] = rows;
        }
        return new ScoringReport(inputCsv, outputCsv, load.RowsRead, keep.Count, setAside, setAsideFile, unseen)
        {
            Done = done, WordsReadAsMissing = words, OutsidePossibleRange = outside, Notes = load.Notes,
        };
    }

    /// <summary>Where the set-aside rows of <paramref name="outputCsv"/> are listed: scores.csv → scores.set-aside.csv.</summary>
    public static string SetAsidePath(string outputCsv) => Path.ChangeExtension(outputCsv, ".set-aside.csv");

    /// <summary>
    /// Reads <paramref name="inputCsv"/> with a model's saved schema: its columns typed, with the words for no value and
    /// the conventions its training file used; every other column text when scoring (carried through as written), or
    /// inferred when monitoring (the outcome is read as in training). Row lines are kept.
    /// </summary>
    internal static (DataFrame Frame, LoadReport Report) LoadWithSchema(IReadOnlyList<RecipeColumn> modelSchema, string modelName, string inputCsv, bool scoring = true)
    {
        var schema = new CsvSchema();
        foreach (var column in modelSchema)
        {
            if (column.NoValueWords is { Count: > 0 } words) schema.ReadAsMissing(column.Name, words);
            if (column.WrittenAs is { } names && WrittenAs.FromNames(names, column.Kind, out _) is { } written) schema.WrittenLike(column.Name, written);
            schema[column.Name] = column.Kind switch
            {
                "number" => ColumnType.Double,
                "boolean" => ColumnType.Boolean,
                "date-time" => ColumnType.DateTime,
                "text" => ColumnType.Text,
                var other => throw new InvalidDataException($"{modelName}: its schema gives column '{column.Name}' the kind '{other}', which this kit cannot read. The model file is damaged or from another version."),
            };
        }
        LoadResult loaded;
        try
        {
            loaded = Csv.Load(inputCsv, new CsvOptions { OnBadRow = BadRows.Quarantine, Schema = schema, OtherColumnsAsText = scoring, KeepRowLines = true, KeepWrittenText = scoring });
        }
        catch (CsvLoadException e) when (e.Reason == "schema")
        {
            var header = Csv.Load(inputCsv, new CsvOptions { OnBadRow = BadRows.Quarantine, InferenceRows = 1, OtherColumnsAsText = true }).Frame.Columns.Select(c => c.Name).ToHashSet();
            var missing = modelSchema.Where(c => !header.Contains(c.Name)).ToArray();
            // A name that differs only in case (AGE for age) is the likeliest cause: say which, so the fix is a rename.
            var nearly = missing.Select(c => (c.Name, Header: header.FirstOrDefault(h => string.Equals(h, c.Name, StringComparison.OrdinalIgnoreCase))))
                .Where(p => p.Header is not null).Select(p => $"'{p.Name}' is '{p.Header}' there").ToArray();
            throw new InvalidDataException($"{inputCsv}: cannot {(scoring ? "score" : "check it")}, the header lacks {string.Join(", ", missing.Select(c => $"'{c.Name}' ({c.Kind})"))}."
                + (nearly.Length > 0 ? $" Names must match exactly: {string.Join("; ", nearly)}." : "")
                + $" The model needs: {string.Join(", ", modelSchema.Select(s => s.Name))}.", e);
        }
        // An unterminated quote makes the rest of the file one row: scoring what came before would hide that the batch was cut.
        if (loaded.Report.Quarantined.FirstOrDefault(q => q.Reason == CsvLoader.UnterminatedQuote) is { } open)
            throw new InvalidDataException($"{inputCsv} line {open.Line}: {open.Detail}. Fix the quoting and score the file again; nothing was written.");
        return (loaded.Frame, loaded.Report);
    }

    /// <summary>Counts, per Categorize or OneHot column, the scored rows whose value is not in the recipe's vocabulary.</summary>
    private static IReadOnlyDictionary<string, long> UnseenCategories(FittedRecipe recipe, IReadOnlyList<RecipeColumn> schema, DataFrame scored)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var inputs = schema.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var vocabularies = recipe.Steps.SelectMany(s => s switch
        {
            FittedCategorize c => c.Columns.Select((name, i) => (name, c.Categories[i])),
            FittedOneHot o => o.Columns.Select((name, i) => (name, o.Categories[i])),
            _ => Enumerable.Empty<(string, IReadOnlyList<string>)>(),
        });
        foreach (var (name, categories) in vocabularies)
        {
            if (!inputs.Contains(name) || scored.Columns.IndexOf(name) < 0) continue;
            var known = categories.ToHashSet(StringComparer.Ordinal);
            long n = FrameOps.KeySequence(scored.Columns[name]).LongCount(v => v is not null && !known.Contains(v));
            if (n > 0) counts[name] = n;
        }
        return counts;
    }

    /// <summary>
    /// Runs a call into the model. Row problems were already taken out, so anything thrown here is the model's fault
    /// (an inconsistent recipe, weights that do not fit), not a row's: it stops the batch instead of setting every row aside.
    /// </summary>
    private static T ModelCall<T>(string modelName, Func<T> call)
    {
        try { return call(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{modelName} cannot score this input: {e.Message.TrimEnd('.')}. The model file may be damaged or inconsistent: restore it or save the model again.", e);
        }
    }

    private static DataFrame Take(DataFrame frame, int[] rows)
    {
        var index = new Int32DataFrameColumn("index", rows);
        return frame[index];
    }
}
