namespace Foundations.Training;

/// <summary>
/// How to build a points scorecard (settings only; <see cref="Scorecard.Fit(Microsoft.Data.Analysis.DataFrame, string, string?, ScorecardSettings?, string?)"/> learns). The defaults follow common
/// bank practice: 20 points to double the odds, 600 points at odds of 50 goods to 1 bad, bins of at least 5% of
/// customers, characteristics with information value below 0.02 left out, and of two WoE-coded characteristics
/// correlated above 0.7 the weaker one left out. Each bin's points may then be adjusted for what the other
/// characteristics already say, as far as cross-validation on the training customers shows it pays.
/// </summary>
public sealed record ScorecardSettings
{
    /// <summary>The characteristics (raw columns) to consider; empty: every column but identifiers and the target.</summary>
    public IReadOnlyList<string> Characteristics { get; init; } = Array.Empty<string>();
    /// <summary>Points to double the odds (PDO).</summary>
    public double PointsToDoubleOdds { get; init; } = 20;
    /// <summary>The score given at <see cref="BaseOdds"/>.</summary>
    public double BaseScore { get; init; } = 600;
    /// <summary>Odds of non-event to event (good to bad) that score <see cref="BaseScore"/>.</summary>
    public double BaseOdds { get; init; } = 50;
    /// <summary>
    /// Fine quantile bins a numeric characteristic starts from before bins are merged. Ten bins of a tenth each hold
    /// enough events that merging follows the signal rather than noise (twenty lost 0.003–0.01 AUC in validation on the
    /// benchmark tasks; see docs/benchmarks.md).
    /// </summary>
    public int FineBins { get; init; } = 10;
    /// <summary>Most bins a characteristic keeps (besides its missing bin).</summary>
    public int MaxBins { get; init; } = 8;
    /// <summary>Smallest share of training customers in a bin; rarer categories are pooled.</summary>
    public double MinBinShare { get; init; } = 0.05;
    /// <summary>Characteristics with a lower information value are left out.</summary>
    public double MinInformationValue { get; init; } = 0.02;
    /// <summary>Of two characteristics whose WoE codes correlate above this (absolute), the one with the lower IV is left out.</summary>
    public double MaxCorrelation { get; init; } = 0.7;
    /// <summary>Ridge penalty of the logistic regression on WoE (per coefficient, on the mean log loss).</summary>
    public double Ridge { get; init; } = 1e-4;
    /// <summary>
    /// Ridge penalties tried for the bins' adjustments: with a penalty, each bin's log-odds may move from weight × WoE
    /// (the WoE of a bin describes that characteristic alone; the adjustment accounts for what the characteristics
    /// selected beside it already say) and the penalty keeps the move small. The candidates and "no adjustment" are
    /// compared by cross-validated log loss on the training customers, and the best is kept. Empty: never adjust.
    /// </summary>
    public IReadOnlyList<double> AdjustmentPenalties { get; init; } = new[] { 0.03, 0.01, 0.003 };
    /// <summary>Folds of the cross-validation that chooses the adjustment (stratified by the outcome).</summary>
    public int CrossValidationFolds { get; init; } = 4;
}
