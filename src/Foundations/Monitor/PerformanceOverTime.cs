using Foundations.Data;
using System.Globalization;
using System.Text;
using Foundations.Training;

namespace Foundations.Monitor;

/// <summary>
/// How well the model ranked and how well it was calibrated in one period, once that period's outcomes arrived.
/// </summary>
/// <param name="Period">The period's name, as given (for example "2026-Q3").</param>
/// <param name="Rows">Customers scored in the period.</param>
/// <param name="Events">Customers with the outcome (label 1).</param>
/// <param name="Auc">Area under the ROC curve.</param>
/// <param name="AucLow">Lower end of the 95% interval of the AUC (Hanley–McNeil standard error).</param>
/// <param name="AucHigh">Upper end of that interval.</param>
/// <param name="Ks">Kolmogorov–Smirnov separation between events and non-events.</param>
/// <param name="ExpectedRate">The mean predicted probability: the event rate the model expected.</param>
/// <param name="ObservedRate">The event rate that happened.</param>
/// <param name="CalibrationPValue">Two-sided p-value that the observed events differ from the expected ones by chance alone.</param>
/// <param name="AucStandardError">The AUC's standard error (Hanley–McNeil); NaN when unknown.</param>
public sealed record PeriodPerformance(string Period, int Rows, int Events, double Auc, double AucLow, double AucHigh, double Ks,
    double ExpectedRate, double ObservedRate, double CalibrationPValue, double AucStandardError = double.NaN)
{
    /// <summary>Gini = 2·AUC − 1, the ranking power banks usually quote.</summary>
    public double Gini => 2 * Auc - 1;

    /// <summary>Observed over expected events (1 = calibrated; 1.3 = 30% more events than the model said).</summary>
    public double ObservedToExpected => ObservedRate / ExpectedRate;
}

/// <summary>
/// Performance over time: each period's Gini, KS and calibration beside the development values, with a light per
/// period. Built period by period as outcomes arrive; every step returns a new object.
/// </summary>
public sealed class PerformanceOverTime
{
    /// <summary>A period is amber when its Gini is more than this share below development (10% relative).</summary>
    public const double GiniWatchDrop = 0.10;

    /// <summary>A period is red when its Gini is more than this share below development (20% relative).</summary>
    public const double GiniActDrop = 0.20;

    /// <summary>Amber when observed/expected events leave 0.9–1.1 and the gap is not chance (p below 0.05).</summary>
    public const double CalibrationWatch = 0.10;

    /// <summary>Red when observed/expected events leave 0.75–1.25 and the gap is not chance.</summary>
    public const double CalibrationAct = 0.25;

    private readonly PeriodPerformance[] _periods;

    private PerformanceOverTime(PeriodPerformance development, PeriodPerformance[] periods)
    {
        Development = development;
        _periods = periods;
    }

    /// <summary>The development (reference) period the others are judged against.</summary>
    public PeriodPerformance Development { get; }

    /// <summary>The later periods, in the order they were added.</summary>
    public IReadOnlyList<PeriodPerformance> Periods => _periods;

    /// <summary>The period called <paramref name="period"/>.</summary>
    public PeriodPerformance this[string period] => _periods.FirstOrDefault(p => p.Period == period)
        ?? throw new KeyNotFoundException($"No period '{period}'. Periods: {string.Join(", ", _periods.Select(p => p.Period))}.");

    /// <summary>Starts tracking from the development sample: its scores (probabilities) and outcomes (0/1).</summary>
    public static PerformanceOverTime From(string developmentPeriod, IReadOnlyList<double> scores, IReadOnlyList<int> outcomes) =>
        new(Measure(developmentPeriod, scores, outcomes), Array.Empty<PeriodPerformance>());

    /// <summary>Starts tracking from development performance measured before (a saved monitoring reference carries it).</summary>
    public static PerformanceOverTime From(PeriodPerformance development)
    {
        ArgumentNullException.ThrowIfNull(development);
        return new(development, Array.Empty<PeriodPerformance>());
    }

    /// <summary>Adds a later period whose outcomes have arrived; returns a new object.</summary>
    public PerformanceOverTime Then(string period, IReadOnlyList<double> scores, IReadOnlyList<int> outcomes)
    {
        if (period == Development.Period || _periods.Any(p => p.Period == period))
            throw new ArgumentException($"Period '{period}' is already tracked; give each period its own name.", nameof(period));
        return new(Development, _periods.Append(Measure(period, scores, outcomes)).ToArray());
    }

    /// <summary>Adds a later period, reading its outcomes from a 0/1 (or true/false) column of the scored frame.</summary>
    public PerformanceOverTime Then(string period, IReadOnlyList<double> scores, Microsoft.Data.Analysis.DataFrameColumn outcomes) =>
        Then(period, scores, Outcomes(period, outcomes));

    /// <summary>Starts tracking from the development sample, reading its outcomes from a 0/1 (or true/false) column.</summary>
    public static PerformanceOverTime From(string developmentPeriod, IReadOnlyList<double> scores, Microsoft.Data.Analysis.DataFrameColumn outcomes) =>
        From(developmentPeriod, scores, Outcomes(developmentPeriod, outcomes));

    /// <summary>
    /// The light for a period's ranking: its Gini against the development Gini, amber or red only when the drop is
    /// also beyond chance (one-sided p below 0.05 from the two AUCs' standard errors), as for calibration.
    /// </summary>
    public Light RankingLightOf(PeriodPerformance period)
    {
        double relativeDrop = (Development.Gini - period.Gini) / Development.Gini;
        var light = relativeDrop > GiniActDrop ? Light.Red : relativeDrop > GiniWatchDrop ? Light.Amber : Light.Green;
        return light != Light.Green && RankingDropPValue(period) >= 0.05 ? Light.Green : light;
    }

    /// <summary>
    /// One-sided p-value that a period's AUC is this far below development by chance alone: a normal approximation to
    /// the difference of two independent samples' AUCs (Hanley–McNeil errors); 0 when either error is unknown.
    /// </summary>
    public double RankingDropPValue(PeriodPerformance period)
    {
        double se = Math.Sqrt(Development.AucStandardError * Development.AucStandardError + period.AucStandardError * period.AucStandardError);
        if (!double.IsFinite(se) || se <= 0) return 0;
        double z = (Development.Auc - period.Auc) / se;
        return DistributionTests.NormalUpperTail(z);
    }

    /// <summary>The light for a period's calibration: observed against expected events, ignoring gaps chance explains.</summary>
    public static Light CalibrationLightOf(PeriodPerformance period)
    {
        if (period.CalibrationPValue >= 0.05) return Light.Green;
        double gap = Math.Abs(period.ObservedToExpected - 1);
        return gap > CalibrationAct ? Light.Red : gap > CalibrationWatch ? Light.Amber : Light.Green;
    }

    /// <summary>The worse of the ranking and calibration lights.</summary>
    public Light LightOf(PeriodPerformance period) => (Light)Math.Max((int)RankingLightOf(period), (int)CalibrationLightOf(period));



    /// <summary>One sentence per period that moved, in plain words.</summary>
    public IReadOnlyList<string> Findings()
    {
        var findings = new List<string>();
        foreach (var p in _periods)
        {
            if (RankingLightOf(p) != Light.Green)
                findings.Add($"In {p.Period} the model ranked customers less well: Gini {p.Gini:0.000} against {Development.Gini:0.000} at development " +
                    $"({(Development.Gini - p.Gini) / Development.Gini:0%} lower).");
            if (CalibrationLightOf(p) != Light.Green)
                findings.Add($"In {p.Period} {p.ObservedRate:0.0%} of customers had the outcome where the model expected {p.ExpectedRate:0.0%} " +
                    $"({p.ObservedToExpected:0.00} times as many; a gap this size happens by chance with p {(p.CalibrationPValue < 0.0001 ? "" : "= ")}{PValue(p.CalibrationPValue)}).");
        }
        if (findings.Count == 0)
            findings.Add("Every period ranks and is calibrated like the development sample: no action needed.");
        return findings;
    }


    // Performance words, not the stability words a bare badge carries.

    internal static string PValue(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static int[] Outcomes(string period, Microsoft.Data.Analysis.DataFrameColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (!Data.ColumnTypes.IsNumeric(column) && Data.ColumnTypes.Of(column) != Data.ColumnType.Boolean)
            throw new ArgumentException($"Period '{period}': outcome column '{column.Name}' holds {column.DataType.Name}; it must hold 0/1 or true/false.", "outcomes");
        var values = Data.ColumnTypes.ToDoubles(column);
        int missing = Array.FindIndex(values, double.IsNaN);
        if (missing >= 0)
            throw new ArgumentException($"Period '{period}': outcome column '{column.Name}' is missing at row {missing}; score only customers whose outcome is known.", "outcomes");
        int other = Array.FindIndex(values, v => v is not (0 or 1));
        if (other >= 0)
            throw new ArgumentException($"Period '{period}': outcome column '{column.Name}' holds {values[other]} at row {other}; outcomes must be 0 or 1.", "outcomes");
        return values.Select(v => (int)v).ToArray();
    }

    private static PeriodPerformance Measure(string period, IReadOnlyList<double> scores, IReadOnlyList<int> outcomes)
    {
        if (string.IsNullOrWhiteSpace(period)) throw new ArgumentException("Give the period a name.", nameof(period));
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (scores.Count != outcomes.Count)
            throw new ArgumentException($"Period '{period}': {scores.Count} scores but {outcomes.Count} outcomes; give one outcome per score.", nameof(outcomes));
        for (int i = 0; i < scores.Count; i++)
        {
            if (!(scores[i] >= 0 && scores[i] <= 1))
                throw new ArgumentException($"Period '{period}': score at row {i} is {scores[i]}; scores must be probabilities between 0 and 1.", nameof(scores));
            if (outcomes[i] is not (0 or 1))
                throw new ArgumentException($"Period '{period}': outcome at row {i} is {outcomes[i]}; outcomes must be 0 or 1.", nameof(outcomes));
        }
        int events = outcomes.Count(o => o == 1);
        int nonEvents = outcomes.Count - events;
        if (events == 0 || nonEvents == 0)
            throw new ArgumentException($"Period '{period}' has {events} events in {outcomes.Count} rows; ranking needs both outcomes in every period.", nameof(outcomes));

        double auc = BinaryMetrics.Auc(scores, outcomes);
        // Hanley & McNeil (1982): the AUC's standard error from the AUC and the two class sizes.
        double q1 = auc / (2 - auc), q2 = 2 * auc * auc / (1 + auc);
        double se = Math.Sqrt((auc * (1 - auc) + (events - 1) * (q1 - auc * auc) + (nonEvents - 1) * (q2 - auc * auc)) / ((double)events * nonEvents));

        // Calibration: observed events against the sum of predicted probabilities, a normal approximation to the
        // Poisson-binomial count whose variance is the sum of p(1 − p).
        double expected = scores.Sum(), variance = scores.Sum(p => p * (1 - p));
        double z = variance > 0 ? (events - expected) / Math.Sqrt(variance) : 0;
        double pValue = DistributionTests.ChiSquaredSurvival(z * z, 1);

        return new PeriodPerformance(period, outcomes.Count, events, auc, Math.Max(0, auc - 1.96 * se), Math.Min(1, auc + 1.96 * se),
            BinaryMetrics.Ks(scores, outcomes), expected / outcomes.Count, events / (double)outcomes.Count, pValue, se);
    }
}
