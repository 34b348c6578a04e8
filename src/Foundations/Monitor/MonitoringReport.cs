using System.Text;

namespace Foundations.Monitor;

/// <summary>The comparison of a current batch with the reference: score PSI, per-feature stability and tests, as a traffic-light report.</summary>
public sealed class MonitoringReport
{
    private readonly double[]? _referenceScores;
    private readonly double[]? _currentScores;

    /// <summary>The reference and current scores when both were given (the score distribution chart compares them).</summary>
    internal (double[] Reference, double[] Current)? Scores => _referenceScores is null || _currentScores is null ? null : (_referenceScores, _currentScores);

    internal MonitoringReport(IReadOnlyList<FeatureDrift> features, StabilityIndex? scorePsi, double[]? referenceScores, double[]? currentScores,
        long referenceRows, long currentRows, IReadOnlyList<string> skipped, IReadOnlyList<string> missingInCurrent, IReadOnlyList<string> newColumns)
    {
        Features = features.OrderByDescending(f => f.Csi.Value).ToArray();
        ScorePsi = scorePsi;
        _referenceScores = referenceScores;
        _currentScores = currentScores;
        ReferenceRows = referenceRows;
        CurrentRows = currentRows;
        SkippedColumns = skipped.ToArray();
        ColumnsMissingInCurrent = missingInCurrent.ToArray();
        NewColumns = newColumns.ToArray();
    }

    /// <summary>Every compared feature, most shifted first.</summary>
    public IReadOnlyList<FeatureDrift> Features { get; }

    /// <summary>PSI of the model scores, when scores were given.</summary>
    public StabilityIndex? ScorePsi { get; }

    /// <summary>Rows in the reference.</summary>
    public long ReferenceRows { get; }

    /// <summary>Rows in the current batch.</summary>
    public long CurrentRows { get; }

    /// <summary>Free-text columns (names, ids not excluded) that were not compared.</summary>
    public IReadOnlyList<string> SkippedColumns { get; }

    /// <summary>Reference columns absent from the current batch: a scoring pipeline would fail on them.</summary>
    public IReadOnlyList<string> ColumnsMissingInCurrent { get; }

    /// <summary>Columns only the current batch has.</summary>
    public IReadOnlyList<string> NewColumns { get; }

    /// <summary>The feature called <paramref name="name"/>.</summary>
    public FeatureDrift this[string name] => Features.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"No compared feature '{name}'. Compared: {string.Join(", ", Features.Select(f => f.Name))}.");

    /// <summary>How many features fall in <paramref name="band"/>.</summary>
    public int CountIn(StabilityBand band) => Features.Count(f => f.Band == band);

    /// <summary>
    /// What chance alone gives a 10-bin stability index when nothing changed, at these row counts: the index is then
    /// about χ²(9)·(1/n + 1/m) (Yurdakul, 2018), so it averages 9·(1/n + 1/m) and exceeds 16.9·(1/n + 1/m) one batch
    /// in twenty. Small batches read as drift by chance: 22 reference rows against 200 give 0.45 on average.
    /// </summary>
    public (double Mean, double OneInTwenty) ChanceLevel
    {
        get
        {
            double scale = ReferenceRows > 0 && CurrentRows > 0 ? 1.0 / ReferenceRows + 1.0 / CurrentRows : double.PositiveInfinity;
            return (9 * scale, 16.919 * scale);   // 16.919: the 95th percentile of χ² with 9 degrees of freedom
        }
    }

    /// <summary>A warning when chance alone can reach the watch line at these row counts; null when the batches are large enough.</summary>
    public string? SmallSampleCaution
    {
        get
        {
            var (mean, high) = ChanceLevel;
            if (high < Stability.WatchFrom) return null;
            return $"Caution: with {ReferenceRows:N0} reference rows and {CurrentRows:N0} current rows, chance alone gives a stability index of " +
                $"{Num(mean)} on average and above {Num(high)} one time in twenty (watch from {Num(Stability.WatchFrom)}, act above {Num(Stability.ActAbove)}), " +
                "so these bands say little; read the tests' p-values, or compare longer periods.";
        }
    }

    private static string Num(double v) => double.IsInfinity(v) ? "∞" : v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The overall light: the worst of the score band and the feature bands.</summary>
    public StabilityBand OverallBand =>
        Features.Select(f => f.Band).Append(ScorePsi?.Band ?? StabilityBand.Stable).Max();




    /// <summary>What each band means and what to do about it, in plain words.</summary>
    public static string ActionFor(StabilityBand band) => band switch
    {
        StabilityBand.Stable => "Stable (green, below 0.10): the population looks like the one the model learned from. Keep scoring; review at the next routine check.",
        StabilityBand.Watch => "Watch (amber, 0.10 to 0.25): a noticeable shift. Keep using the model, find out why the feature moved (new product, campaign, data change) and check again sooner; compare model performance as soon as outcomes arrive.",
        _ => "Act (red, above 0.25): the population has changed a lot. Check the data feed first (a broken field looks like drift); if the change is real, validate the model on recent outcomes and plan to retrain or recalibrate before relying on its scores.",
    };


    internal static string Percent(double share) => double.IsNaN(share) ? "" : (share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
