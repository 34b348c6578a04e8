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
