using Foundations.Data;
using Foundations.Patterns;
using Microsoft.Data.Analysis;

namespace Foundations.Monitor;

/// <summary>How one input feature moved between the reference and the current batch.</summary>
public sealed record FeatureDrift(
    string Name,
    bool IsNumeric,
    StabilityIndex Csi,
    TestResult Test,
    double MissingRateReference,
    double MissingRateCurrent,
    double OutOfRangeRate)
{
    /// <summary>The band of the feature's characteristic stability index.</summary>
    public StabilityBand Band => Csi.Band;

    /// <summary>The change in the share of missing values (current minus reference).</summary>
    public double MissingRateChange => MissingRateCurrent - MissingRateReference;

    /// <summary>Categories seen in the current batch but never in the reference.</summary>
    public IReadOnlyList<string> NewCategories => Csi.NewCategories;

    internal double[] ReferenceValues { get; init; } = Array.Empty<double>();
    internal double[] CurrentValues { get; init; } = Array.Empty<double>();
}

/// <summary>How long each period is when <see cref="Monitoring.SplitByPeriod"/> groups dates.</summary>
public enum PeriodLength
{
    /// <summary>Months for a column of months (every date the first of a month), quarters for other dates.</summary>
    AsWritten,
    Month,
    Quarter,
    Year,
}

/// <summary>Compares a current batch with the reference a model was developed on.</summary>
public static class Monitoring
{
    /// <summary>
    /// Compares every shared column of <paramref name="reference"/> and <paramref name="current"/> except those in
    /// <paramref name="exclude"/> (identifiers, labels): numbers and booleans by decile PSI and Kolmogorov–Smirnov,
    /// categories by category-share PSI and chi-squared; free-text columns are listed as skipped. Scores, when given,
    /// are compared by PSI too.
    /// </summary>
    public static MonitoringReport Compare(DataFrame reference, DataFrame current, double[]? referenceScores = null,
        double[]? currentScores = null, params string[] exclude)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if ((referenceScores is null) != (currentScores is null))
            throw new ArgumentException("Give scores for both the reference and the current batch, or for neither.",
                referenceScores is null ? nameof(referenceScores) : nameof(currentScores));
        var excluded = new HashSet<string>(exclude, StringComparer.Ordinal);
        var currentNames = current.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in excluded)
            if (!reference.Columns.Any(c => c.Name == name) && !currentNames.Contains(name))
                throw new ArgumentException($"Column '{name}' to exclude is in neither frame.", nameof(exclude));

        if (referenceScores is not null) MonitoringReference.CheckScores(referenceScores, nameof(referenceScores));
        if (currentScores is not null) MonitoringReference.CheckScores(currentScores, nameof(currentScores));
        // One code path: learn the reference, then compare, exactly as a saved reference would.
        var present = reference.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var fitted = MonitoringReference.Fit(reference, referenceScores, null, excluded.Where(present.Contains), Array.Empty<string>(), strict: false);
        return fitted.Compare(current, currentScores, excluded);
    }

    /// <summary>
    /// Learns a monitoring reference from <paramref name="development"/> data: decile bins of every numeric column,
    /// the categories of every categorical one, the bins of the model's <paramref name="scores"/> and, with
    /// <paramref name="outcomes"/> (0/1), the development Gini and calibration. Columns in <paramref name="exclude"/> and
    /// identifier columns (id, *_id, name, ...; see <see cref="Disclosure.IsIdentifier(string)"/>) are left out.
    /// </summary>
    public static MonitoringReference Fit(DataFrame development, double[]? scores = null, IReadOnlyList<int>? outcomes = null, params string[] exclude) =>
        MonitoringReference.Fit(development, scores, outcomes, exclude, Array.Empty<string>(), strict: true);

    /// <summary>
    /// How far the segment shares of a tagged file (<see cref="BatchScoring.AssignCsv"/>) moved from the shares at
    /// fitting: the stability index over segments, with its band (stable below 0.10, act above 0.25) and each segment's
    /// contribution. A file tagged by a model saved before the sizes were kept cannot be compared: refused, saying so.
    /// </summary>
    public static StabilityIndex SegmentShift(ScoringReport tagged)
    {
        ArgumentNullException.ThrowIfNull(tagged);
        if (tagged.Segments.Count == 0)
            throw new ArgumentException("This report holds no segments: it comes from scoring, not from tagging a file with a segmentation model.", nameof(tagged));
        if (tagged.Segments.Any(s => s.ShareAtFitting is null || s.CustomersAtFitting is null))
            throw new ArgumentException("The segmentation model file does not keep its segment sizes at fitting (saved by an earlier version): train and save it again to compare shares.", nameof(tagged));
        if (tagged.RowsScored == 0) throw new ArgumentException("No row of the file was tagged: there are no shares to compare.", nameof(tagged));
        return Stability.FromCounts(tagged.Segments.Select(s => s.Name).ToArray(), tagged.Segments.Select(s => s.ShareAtFitting!.Value).ToArray(),
            tagged.Segments.Select(s => (double)s.Customers).ToArray(), Array.Empty<string>());
    }

    /// <summary>
    /// Whether the segment shares of a tagged file differ from those at fitting by more than chance: the chi-squared
    /// test of homogeneity on the two sets of counts (segments − 1 degrees of freedom). The stability index says how
    /// far the shares moved; this says how sure that is. On a few hundred customers an index of 0.1 can be chance
    /// alone (it is then about χ²(k − 1) · (1/n + 1/m)), and on a million a shift too small to matter is "significant".
    /// </summary>
    public static TestResult SegmentShareTest(ScoringReport tagged)
    {
        SegmentShift(tagged); // the same checks: a tagged file, sizes kept, rows tagged
        return DistributionTests.ChiSquared(tagged.Segments.Select(s => (double)s.CustomersAtFitting!.Value).ToArray(),
            tagged.Segments.Select(s => (double)s.Customers).ToArray());
    }

    /// <summary>
    /// Learns a monitoring reference for an alert agent: the facts (<see cref="TransactionStream.Facts"/>) of the later
    /// half of the <paramref name="days"/> it learned from. Save it with the agent (<c>SaveWith(agentPath)</c>) and compare
    /// later days with it (<c>Compare(review.Facts)</c>; `foundations alerts` does).
    /// </summary>
    /// <remarks>
    /// Account histories start on the file's first day, so on the first days every country, channel and category is new
    /// and amounts have no usual level yet: against all the training days, the sample's held-out days read "act" on new
    /// merchant categories; against the later half, "stable". The length of each account's history is left out: it
    /// grows every day by design, so it would always read as drift.
    /// </remarks>
    public static MonitoringReference FitActivity(TransactionStream stream, IReadOnlyList<DateOnly> days)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0) throw new ArgumentException("Give the days the agent learned from (split.Training).", nameof(days));
        var ordered = days.Distinct().Order().ToArray();
        var matured = ordered.Skip(ordered.Length / 2).ToArray();
        return MonitoringReference.Fit(stream.Facts(matured), null, null, new[] { "history length" }, Array.Empty<string>(), strict: true);
    }

    /// <summary>
    /// Learns a monitoring reference for <paramref name="model"/> from its <paramref name="development"/> data: the model's
    /// scores, and its development performance when the frame holds the target. The target, <paramref name="exclude"/>
    /// and <paramref name="idColumns"/> (besides the usual identifier names) are never compared.
    /// </summary>
    public static MonitoringReference Fit(TrainedPrediction model, DataFrame development, IEnumerable<string>? idColumns = null, params string[] exclude)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(development);
        var scores = model.Score(WithoutColumn(development, model.Target));
        int[]? outcomes = development.Columns.IndexOf(model.Target) >= 0 ? MonitoringCheck.OutcomesOf(model, development.Columns[model.Target], out _) : null;
        // A loan still running has no outcome yet: the development performance is measured on the rows that have one.
        // An empty value is not that: it is a gap in the development data, refused.
        int empty = outcomes is null ? 0 : Enumerable.Range(0, outcomes.Length).Count(r => outcomes[r] < 0 && IsEmpty(development.Columns[model.Target][r]));
        if (empty > 0)
            throw new ArgumentException($"Column '{model.Target}' is missing for {empty} development rows; the development performance needs every outcome.", nameof(development));
        var excluded = outcomes is null ? exclude : exclude.Append(model.Target);
        return MonitoringReference.Fit(development, scores, outcomes, excluded, idColumns ?? Array.Empty<string>(), strict: true);
    }

    /// <summary>
    /// Splits one file into periods by <paramref name="periodColumn"/>: dates by calendar quarter ("2026-Q1"), or by month
    /// ("2026-01") when every date is the first of a month (a month column such as "2026-01" or "Dec-2011"), any other
    /// value as it is; periods in order (dates by time, other values ordinally). Rows without a period are left out.
    /// </summary>
    /// <remarks>
    /// <paramref name="length"/> chooses the periods of a date column instead (<see cref="PeriodLength.AsWritten"/>: months
    /// for a month column, quarters for other dates). Longer periods give each comparison more rows: a month of a small
    /// loan book is a few hundred loans, too few for stable bands.
    /// </remarks>
    public static IReadOnlyList<(string Period, DataFrame Rows)> SplitByPeriod(DataFrame frame, string periodColumn, PeriodLength length = PeriodLength.AsWritten)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Columns.IndexOf(periodColumn) < 0)
            throw new ArgumentException($"Period column '{periodColumn}' is not in the data (it has: {string.Join(", ", frame.Columns.Select(c => c.Name))}).", nameof(periodColumn));
        var column = frame.Columns[periodColumn];
        // A column of months names monthly batches; quarters would merge them.
        if (length != PeriodLength.AsWritten && column is not PrimitiveDataFrameColumn<DateTime>)
            throw new ArgumentException($"Period column '{periodColumn}' does not hold dates, so it cannot be grouped by {length.ToString().ToLowerInvariant()}; its values are the periods as written.", nameof(length));
        bool monthColumn = column is PrimitiveDataFrameColumn<DateTime> dates && Enumerable.Range(0, (int)dates.Length)
            .All(r => dates[r] is not DateTime t || (t.Day == 1 && t.TimeOfDay == TimeSpan.Zero));
        var by = length != PeriodLength.AsWritten ? length : monthColumn ? PeriodLength.Month : PeriodLength.Quarter;
        var keys = new (string Name, long Order)[column.Length];
        for (long r = 0; r < column.Length; r++)
            keys[r] = column[r] switch
            {
                null => (null!, 0),
                DateTime t when by == PeriodLength.Month => ($"{t.Year}-{t.Month:00}", t.Year * 12L + t.Month - 1),
                DateTime t when by == PeriodLength.Year => ($"{t.Year}", t.Year),
                DateTime t => ($"{t.Year}-Q{(t.Month - 1) / 3 + 1}", t.Year * 4L + (t.Month - 1) / 3),
                var v => (Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!, 0),
            };
        var groups = Enumerable.Range(0, keys.Length).Where(r => keys[r].Name is not null)
            .GroupBy(r => keys[r].Name, StringComparer.Ordinal)
            .OrderBy(g => keys[g.First()].Order).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, frame[new Int32DataFrameColumn("index", g.ToArray())])).ToArray();
        if (groups.Length < 2)
            throw new ArgumentException($"Period column '{periodColumn}' holds {groups.Length} period(s); monitoring needs a first period and at least one later one.", nameof(periodColumn));
        return groups;
    }

    /// <summary>Reads a period length as a notebook parameter writes it: month, quarter or year; empty for as written.</summary>
    public static PeriodLength ParsePeriodLength(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" => PeriodLength.AsWritten,
        "month" or "months" or "monthly" => PeriodLength.Month,
        "quarter" or "quarters" or "quarterly" => PeriodLength.Quarter,
        "year" or "years" or "yearly" => PeriodLength.Year,
        _ => throw new ArgumentException($"periodLength '{text}' is not month, quarter or year (or empty: as the period column is written).", "periodLength"),
    };

    private static bool IsEmpty(object? value) => value is null || value is double d && double.IsNaN(d) || value is float f && float.IsNaN(f);

    internal static DataFrame WithoutColumn(DataFrame frame, string column) =>
        frame.Columns.IndexOf(column) < 0 ? frame : new DataFrame(frame.Columns.Where(c => c.Name != column));
}
