using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Foundations.Data;
using Foundations.Patterns;
using Microsoft.Data.Analysis;

namespace Foundations.Monitor;

/// <summary>One light of a monitoring check: what was measured (the score, a feature, ranking, calibration), its figure and its band.</summary>
/// <param name="Check">score, feature, column, ranking or calibration.</param>
/// <param name="Name">The feature or measure it concerns.</param>
/// <param name="Measure">The figure's name: PSI, CSI, Gini, observed / expected.</param>
/// <param name="Value">The figure.</param>
/// <param name="Band">Stable, watch or act.</param>
/// <param name="Development">The development value the figure is judged against, for performance lights.</param>
/// <param name="PValue">How likely a gap this size is by chance: the feature's test, the ranking drop's or the calibration gap's p-value.</param>
public sealed record MonitoringLight(string Check, string Name, string Measure, double Value, StabilityBand Band, double? Development = null, double? PValue = null);

/// <summary>
/// One scheduled monitoring check: a batch scored by a saved model and compared with its fitted reference, with a light
/// per figure and the worst of them. The same object behind notebook 05 and `foundations monitor`.
/// </summary>
public sealed partial class MonitoringCheck
{
    /// <summary>The format written in the JSON summary.</summary>
    public const string SummaryFormat = "foundations.monitoring-summary/1";

    /// <summary>The report, summary and feature-table file names that <see cref="WriteTo"/> writes.</summary>
    public const string ReportFile = "monitoring.html", SummaryFile = "monitoring.json", FeaturesFile = "monitoring-features.csv";

    private MonitoringCheck() { }

    /// <summary>The batch's name (its file name, or the name given).</summary>
    public string Batch { get; private init; } = "";

    /// <summary>When the check ran (UTC).</summary>
    public DateTime CheckedAt { get; private init; }

    /// <summary>The model file's name, when the model came from a file.</summary>
    public string? ModelFileName { get; private init; }

    /// <summary>SHA-256 of the model file (lower-case hex), when the model came from a file.</summary>
    public string? ModelSha256 { get; private init; }

    /// <summary>The label the model predicts.</summary>
    public string Target { get; private init; } = "";

    /// <summary>The fitted reference the batch was compared with.</summary>
    public MonitoringReference Reference { get; private init; } = null!;

    /// <summary>Where the reference came from: saved with the model, a file, or fitted in this session.</summary>
    public string ReferenceSource { get; private init; } = "";

    /// <summary>Rows read from the batch (a file's data rows, or the frame's rows).</summary>
    public long RowsRead { get; private init; }

    /// <summary>Rows scored and compared.</summary>
    public long RowsCompared { get; private init; }

    /// <summary>Rows set aside (unreadable or unscorable), with line (file) or row (frame) and reason.</summary>
    public IReadOnlyList<SetAsideRow> SetAside { get; private init; } = Array.Empty<SetAsideRow>();

    /// <summary>Whether <see cref="SetAside"/> numbers file lines (true) or frame rows counted from 1 (false).</summary>
    public bool FromFile { get; private init; }

    /// <summary>Stability of the score and every feature against the reference.</summary>
    public MonitoringReport Report { get; private init; } = null!;

    /// <summary>Ranking and calibration against development, when the batch holds outcomes and the reference development performance.</summary>
    public PerformanceOverTime? Performance { get; private init; }

    /// <summary>Why performance was not measured, when it was not.</summary>
    public string? PerformanceNote { get; private init; }

    /// <summary>Every light, worst first.</summary>
    public IReadOnlyList<MonitoringLight> Lights { get; private init; } = Array.Empty<MonitoringLight>();

    /// <summary>The worst light: what a scheduler alerts on.</summary>
    public StabilityBand Worst => Lights.Select(l => l.Band).DefaultIfEmpty(StabilityBand.Stable).Max();

    /// <summary>
    /// Scores <paramref name="current"/> with <paramref name="model"/> (rows that cannot be scored are set aside with
    /// their reason) and compares it with <paramref name="reference"/>; when the batch holds the model's target and the
    /// reference its development performance, ranking and calibration are judged too.
    /// </summary>
    public static MonitoringCheck Of(TrainedPrediction model, MonitoringReference reference, DataFrame current, string batch = "current batch") =>
        Build(model, reference, current, batch, "fitted in this session", ModelFileOf(model), null, null, null);

    // A model loaded from a file is named by it in the report; one trained in this session has no file yet.
    private static string? ModelFileOf(TrainedPrediction model) => model?.Source is { } file ? Path.GetFileName(file) : null;

    /// <summary>
    /// The nightly check on files: the model at <paramref name="modelPath"/> (its SHA-256 recorded), the reference saved
    /// with it or at <paramref name="referencePath"/>, and the batch <paramref name="currentCsv"/> (bad rows set aside, counted).
    /// </summary>
    public static MonitoringCheck OfFiles(string modelPath, string currentCsv, string? referencePath = null)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"--model: no model file at '{modelPath}'.", modelPath);
        if (!File.Exists(currentCsv)) throw new FileNotFoundException($"--current: no file at '{currentCsv}'.", currentCsv);
        if (referencePath is not null && !File.Exists(referencePath)) throw new FileNotFoundException($"--reference: no file at '{referencePath}'.", referencePath);
        string sha;
        using (var stream = File.OpenRead(modelPath)) sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        var model = TrainedPrediction.Load(modelPath);
        MonitoringReference reference;
        string source;
        if (referencePath is not null) { reference = MonitoringReference.Load(referencePath); source = Path.GetFileName(referencePath); }
        else if (MonitoringReference.IsSavedWith(modelPath)) { reference = MonitoringReference.Load(modelPath); source = "saved with the model"; }
        else throw new ArgumentException($"--model: '{modelPath}' carries no monitoring reference; pass --reference, or fit one and save it with reference.SaveWith(modelPath) (notebook 05 does).");
        var (frame, load) = BatchScoring.LoadWithSchema(model.Schema, $"The model '{modelPath}'", currentCsv, scoring: false);
        return Build(model, reference, frame, Path.GetFileName(currentCsv), source, Path.GetFileName(modelPath), sha, load, currentCsv);
    }

    /// <summary>Checks the batch in <paramref name="currentCsv"/> (bad rows set aside with their line, counted) against <paramref name="reference"/>.</summary>
    public static MonitoringCheck Of(TrainedPrediction model, MonitoringReference reference, string currentCsv)
    {
        if (!File.Exists(currentCsv)) throw new FileNotFoundException($"No current batch at '{currentCsv}'.", currentCsv);
        var (frame, load) = BatchScoring.LoadWithSchema(model.Schema, model.Source is { } file ? $"The model '{file}'" : "The model", currentCsv, scoring: false);
        return Build(model, reference, frame, Path.GetFileName(currentCsv), "fitted in this session", ModelFileOf(model), null, load, currentCsv);
    }

    private static MonitoringCheck Build(TrainedPrediction model, MonitoringReference reference, DataFrame current, string batch, string source,
        string? modelFile, string? sha, LoadReport? load, string? path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var setAside = new List<SetAsideRow>();
        var lines = new long[current.Rows.Count];
        if (load is not null)
        {
            setAside.AddRange(load.Quarantined.Select(q => new SetAsideRow(q.Line, $"unreadable: {q.Reason} {(q.Column is null ? "" : $"(column '{q.Column}')")}".Trim())));
            // The loader kept each row's true line (quoted line breaks and blank lines counted).
            for (int r = 0; r < lines.Length; r++) lines[r] = load.RowLines![r];
        }
        else
            for (int r = 0; r < lines.Length; r++) lines[r] = r + 1;

        // A missing model input concerns every row: the batch is unusable, named by column.
        foreach (var column in model.Schema)
            if (current.Columns.IndexOf(column.Name) < 0)
                throw new ArgumentException($"{batch}: cannot score, column '{column.Name}' ({column.Kind}) is missing. The model expects: {string.Join(", ", model.Schema.Select(s => s.Name))}.", column.Name);

        var scoring = Monitoring.WithoutColumn(current, model.Target);
        var kept = new List<int>();
        var scores = new List<double>();
        const int chunk = 2048;
        for (int start = 0; start < scoring.Rows.Count; start += chunk)
        {
            var rows = Enumerable.Range(start, (int)Math.Min(chunk, scoring.Rows.Count - start)).ToArray();
            try
            {
                scores.AddRange(model.Score(Take(scoring, rows)));
                kept.AddRange(rows);
            }
            catch (ArgumentException)
            {
                // Some row of this chunk cannot be scored: score one by one so only the bad rows are set aside.
                foreach (var r in rows)
                {
                    try { scores.Add(model.Score(Take(scoring, new[] { r }))[0]); kept.Add(r); }
                    catch (ArgumentException e) { setAside.Add(new SetAsideRow(lines[r], "unscorable: " + e.Message.Replace(" at row 0", ""))); }
                }
            }
        }
        long rowsRead = load?.RowsRead ?? current.Rows.Count;
        if (kept.Count == 0)
            throw new ArgumentException($"{batch}: none of its {rowsRead:N0} rows could be scored ({setAside.FirstOrDefault()?.Reason ?? "no rows"}).");

        var compared = Take(current, kept.ToArray());
        var scoreArray = scores.ToArray();
        var report = reference.Score is null ? reference.Compare(compared) : reference.Compare(compared, scoreArray);

        PerformanceOverTime? performance = null;
        string? note = null;
        if (compared.Columns.IndexOf(model.Target) < 0) note = $"The batch has no '{model.Target}' column: performance waits for outcomes.";
        else if (reference.Development is null) note = "The reference holds no development performance (it was fitted without outcomes).";
        else
        {
            var outcomes = OutcomesOf(model, compared.Columns[model.Target], out int missing);
            var known = Enumerable.Range(0, outcomes.Length).Where(i => outcomes[i] >= 0).ToArray();
            int events = known.Count(i => outcomes[i] == 1);
            if (events == 0 || events == known.Length)
                note = $"{known.Length:N0} rows have an outcome and {events:N0} of them the event: ranking needs both outcomes.";
            else
            {
                performance = PerformanceOverTime.From(reference.Development).Then(batch, known.Select(i => scoreArray[i]).ToArray(), known.Select(i => outcomes[i]).ToArray());
                if (missing > 0) note = $"{missing:N0} compared rows have no outcome yet; performance is measured on the {known.Length:N0} that have one.";
            }
        }

        var lights = new List<MonitoringLight>();
        if (report.ScorePsi is { } psi) lights.Add(new("score", "score", "PSI", psi.Value, psi.Band));
        lights.AddRange(report.Features.Select(f => new MonitoringLight("feature", f.Name, "CSI", f.Csi.Value, f.Band, PValue: f.Test.PValue)));
        // A reference column gone from the batch is a changed data feed until shown otherwise.
        lights.AddRange(report.ColumnsMissingInCurrent.Select(c => new MonitoringLight("column", c, "missing from the batch", 1, StabilityBand.Act)));
        if (performance is not null)
        {
            var period = performance.Periods[0];
            lights.Add(new("ranking", "ranking", "Gini", period.Gini, BandOf(performance.RankingLightOf(period)), performance.Development.Gini, performance.RankingDropPValue(period)));
            lights.Add(new("calibration", "calibration", "observed / expected events", period.ObservedToExpected,
                BandOf(PerformanceOverTime.CalibrationLightOf(period)), 1.0, period.CalibrationPValue));
        }

        return new MonitoringCheck
        {
            Batch = batch, CheckedAt = DateTime.UtcNow, ModelFileName = modelFile, ModelSha256 = sha, Target = model.Target,
            Reference = reference, ReferenceSource = source, RowsRead = rowsRead, RowsCompared = kept.Count,
            SetAside = setAside.OrderBy(s => s.Line).ToArray(), FromFile = path is not null, Report = report, Performance = performance,
            PerformanceNote = note, Lights = lights.OrderByDescending(l => l.Band).ToArray(),
        };
    }

    /// <summary>What a band asks of the reader, for a stability or a performance light.</summary>
    public static string ActionFor(MonitoringLight light) => (light.Check, light.Band) switch
    {
        ("ranking" or "calibration", StabilityBand.Stable) => "Performs as at development: nothing to do.",
        ("ranking", StabilityBand.Watch) => "Ranks customers noticeably less well than at development: tell the model owner and check again with the next outcomes.",
        ("ranking", _) => "Ranks customers much less well than at development: validate the model on these outcomes and plan a retrain before relying on its ranking.",
        ("calibration", StabilityBand.Watch) => "Events differ from what the model expected: check again with the next outcomes and recalibrate if the gap stays.",
        ("calibration", _) => "Far more or fewer events than the model expected: recalibrate before using its probabilities (cut-offs, pricing, provisions).",
        ("column", _) => "The column is gone from the batch: check the data feed before anything else.",
        _ => MonitoringReport.ActionFor(light.Band),
    };

    /// <summary>One sentence: the worst light and the lights that caused it.</summary>
    public string Verdict()
    {
        var act = Lights.Where(l => l.Band == StabilityBand.Act).Select(l => l.Name).ToArray();
        var watch = Lights.Where(l => l.Band == StabilityBand.Watch).Select(l => l.Name).ToArray();
        string caution = Report.SmallSampleCaution is { } c ? " " + c : "";
        if (act.Length == 0 && watch.Length == 0)
            return $"All {Lights.Count} lights are stable: the batch looks like the data the model was developed on." + caution;
        var parts = new List<string>();
        if (act.Length > 0) parts.Add($"act on {string.Join(", ", act)}");
        if (watch.Length > 0) parts.Add($"watch {string.Join(", ", watch)}");
        return $"{Lights.Count(l => l.Band == StabilityBand.Stable)} of {Lights.Count} lights are stable; " + string.Join("; ", parts) + "." + caution;
    }


    /// <summary>
    /// Writes <see cref="ReportFile"/> (the page <paramref name="page"/> renders: the notebook layer's
    /// <c>Reports.Page</c>), <see cref="SummaryFile"/> and <see cref="FeaturesFile"/> into <paramref name="folder"/>, each atomically.
    /// </summary>
    public IReadOnlyList<string> WriteTo(string folder, Func<MonitoringCheck, string> page)
    {
        var report = Path.Combine(folder, ReportFile);
        var summary = Path.Combine(folder, SummaryFile);
        var features = Path.Combine(folder, FeaturesFile);
        AtomicFile.Write(features, s => { using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true); w.Write(FeaturesCsv()); });
        AtomicFile.Write(report, s => { using var w = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true); w.Write(page(this)); });
        // The summary last: a scheduler that sees it can trust the report beside it.
        AtomicFile.Write(summary, WriteJson);
        return new[] { report, summary, features };
    }

    /// <summary>The features table as CSV; text from data is neutralised so a spreadsheet never runs it as a formula.</summary>
    public string FeaturesCsv()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        CsvExport.WriteRows(text,
            new[] { "feature", "kind", "light", "csi", "test", "statistic", "p_value", "missing_reference", "missing_current", "out_of_range", "new_categories" },
            Report.Features.Select(f => new object?[]
            {
                f.Name, f.IsNumeric ? "numeric" : "category", Word(f.Band), f.Csi.Value, f.Test.Test, f.Test.Statistic, f.Test.PValue,
                f.MissingRateReference, f.MissingRateCurrent, f.OutOfRangeRate, string.Join("; ", f.NewCategories),
            }), newLine: "\n");
        return text.ToString();
    }

    private void WriteJson(Stream stream)
    {
        var c = CultureInfo.InvariantCulture;
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("format", SummaryFormat);
        w.WriteString("checkedAt", CheckedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", c));
        w.WriteString("batch", Batch);
        w.WriteString("worst", Word(Worst));
        w.WriteString("verdict", Verdict());
        w.WriteStartObject("model");
        if (ModelFileName is not null) w.WriteString("file", ModelFileName);
        if (ModelSha256 is not null) w.WriteString("sha256", ModelSha256);
        w.WriteString("target", Target);
        w.WriteEndObject();
        w.WriteStartObject("reference");
        w.WriteString("source", ReferenceSource);
        w.WriteString("fittedAt", Reference.FittedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", c));
        w.WriteNumber("rows", Reference.Rows);
        w.WriteEndObject();
        w.WriteStartObject("rows");
        w.WriteNumber("read", RowsRead);
        w.WriteNumber("compared", RowsCompared);
        w.WriteNumber("setAside", SetAside.Count);
        w.WriteStartObject("setAsideReasons");
        foreach (var g in SetAside.GroupBy(s => s.Reason.Split(':')[0]).OrderBy(g => g.Key, StringComparer.Ordinal)) w.WriteNumber(g.Key, g.Count());
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("features");
        foreach (var band in new[] { StabilityBand.Stable, StabilityBand.Watch, StabilityBand.Act }) w.WriteNumber(Word(band), Report.CountIn(band));
        w.WriteEndObject();
        if (PerformanceNote is not null) w.WriteString("performanceNote", PerformanceNote);
        w.WriteStartArray("lights");
        foreach (var light in Lights)
        {
            w.WriteStartObject();
            w.WriteString("check", light.Check);
            w.WriteString("name", light.Name);
            w.WriteString("measure", light.Measure);
            w.WriteNumber("value", Math.Round(light.Value, 6));
            if (light.Development is { } d) w.WriteNumber("development", Math.Round(d, 6));
            if (light.PValue is { } pValue) w.WriteNumber("pValue", pValue);
            w.WriteString("light", Word(light.Band));
            w.WriteString("action", ActionFor(light));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static string PValueText(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The word for a band: stable, watch or act.</summary>
    public static string Word(StabilityBand band) => band.ToString().ToLowerInvariant();

    private static StabilityBand BandOf(Light light) => light switch { Light.Green => StabilityBand.Stable, Light.Amber => StabilityBand.Watch, _ => StabilityBand.Act };

    /// <summary>
    /// Outcomes as 0/1, with −1 where missing; a text or coded label counts the model's positive labels as 1, its negative
    /// labels as 0 and any other value as missing (no outcome yet: a loan still running, an application withdrawn).
    /// </summary>
    internal static int[] OutcomesOf(TrainedPrediction model, DataFrameColumn column, out int missing)
    {
        var result = new int[column.Length];
        missing = 0;
        bool text = column.DataType == typeof(string);
        if (text && model.PositiveLabel is null)
            throw new ArgumentException($"Outcome column '{column.Name}' holds text but the model has no positive label; outcomes must be 0/1 or true/false.", column.Name);
        if (!text && !ColumnTypes.IsNumeric(column) && column.DataType != typeof(bool))
            throw new ArgumentException($"Outcome column '{column.Name}' holds {column.DataType.Name}; outcomes must be 0/1 or true/false.", column.Name);
        // A number outcome coded other than 0/1 (a mortgage register's action codes) reads its labels as numbers, as in training.
        var positives = text ? null : model.PositiveLabels.Select(v => FittedRecipe.NumberLabel(column.Name, v)!.Value).ToArray();
        // A negative label that is no number (a text model's "Fully Paid") can match no number.
        var negatives = text ? null : model.NegativeLabels
            .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) ? n : double.NaN).Where(n => !double.IsNaN(n)).ToArray();
        for (long r = 0; r < column.Length; r++)
        {
            if (text)
            {
                var v = column[r] as string;
                // A value the model never saw as an outcome ("Current" beside "Charged Off" and "Fully Paid") has no outcome yet.
                bool yes = v is not null && model.PositiveLabels.Contains(v);
                bool known = yes || v is not null && (model.NegativeLabels.Count == 0 || model.NegativeLabels.Contains(v));
                if (!known) { result[r] = -1; missing++; } else result[r] = yes ? 1 : 0;
                continue;
            }
            double x = ColumnTypes.NumberAt(column, r);
            if (double.IsNaN(x)) { result[r] = -1; missing++; }
            else if (positives!.Length > 0)
            {
                if (positives.Contains(x)) result[r] = 1;
                else if (negatives!.Length == 0 || negatives.Contains(x)) result[r] = 0;
                else { result[r] = -1; missing++; }
            }
            else if (x is 0 or 1) result[r] = (int)x;
            else throw new ArgumentException($"Outcome column '{column.Name}' holds {x.ToString(CultureInfo.InvariantCulture)} at row {r}; outcomes must be 0 or 1.", column.Name);
        }
        return result;
    }

    private static DataFrame Take(DataFrame frame, int[] rows) => frame[new Int32DataFrameColumn("index", rows)];

}
