namespace Foundations.Training;

/// <summary>
/// One bin (attribute) of a characteristic: a value range, a set of categories or the missing values, with its
/// training counts, weight of evidence, share of the information value and points.
/// </summary>
/// <param name="Label">The bin as printed ("(30, 45]", "web, branch", "Missing").</param>
/// <param name="Lower">Numeric bins: values above this (null for the first bin: no lower bound).</param>
/// <param name="Upper">Numeric bins: values at or below this (null for the last bin: no upper bound).</param>
/// <param name="Categories">Categorical bins: the categories it holds.</param>
/// <param name="IsMissing">The bin of missing values.</param>
/// <param name="IsOther">The bin of categories never seen in training (scored as an average customer), or, in scorecards saved before categories were ordered by event rate, of rare categories.</param>
/// <param name="Count">Training customers in the bin.</param>
/// <param name="Events">Training events in the bin.</param>
/// <param name="EventRate">Events ÷ customers in the bin.</param>
/// <param name="Woe">Weight of evidence, ln(share of non-events ÷ share of events): positive means lower risk.</param>
/// <param name="InformationValue">The bin's share of the characteristic's information value.</param>
/// <param name="Points">Points a customer in this bin gets (unrounded).</param>
/// <param name="Adjustment">Log-odds of the event added to weight × WoE for this bin, for what the other characteristics already say (0 when the scorecard is not adjusted).</param>
public sealed record ScorecardBin(string Label, double? Lower, double? Upper, IReadOnlyList<string> Categories, bool IsMissing, bool IsOther,
    long Count, long Events, double EventRate, double Woe, double InformationValue, double Points, double Adjustment = 0)
{
    /// <summary>The bin's log-odds of the event in the scorecard, before the intercept: weight × WoE + adjustment.</summary>
    public double LogOdds(double coefficient) => coefficient * Woe + Adjustment;
}

/// <summary>How the scorecard's bins were adjusted, and the cross-validation that chose it.</summary>
/// <param name="Penalty">The ridge penalty kept; null: no adjustment (a plain WoE scorecard) did best.</param>
/// <param name="Folds">Folds of the cross-validation.</param>
/// <param name="Candidates">Every candidate with its cross-validated log loss and AUC, in the order tried (no adjustment first).</param>
public sealed record ScorecardAdjustment(double? Penalty, int Folds, IReadOnlyList<ScorecardCandidate> Candidates);

/// <summary>One candidate of the adjustment's cross-validation.</summary>
/// <param name="Penalty">The ridge penalty on the adjustments; null: no adjustment.</param>
/// <param name="LogLoss">Mean log loss on the held-out folds (lower is better; this decides).</param>
/// <param name="Auc">AUC of the held-out predictions of all folds together.</param>
public sealed record ScorecardCandidate(double? Penalty, double LogLoss, double Auc);

/// <summary>
/// One characteristic (a raw column) of the scorecard: how it was binned, how predictive it is, whether it is in
/// the model, and if not, why.
/// </summary>
/// <param name="Name">The column.</param>
/// <param name="Kind">"numeric", "date" (binned by date) or "categorical".</param>
/// <param name="Trend">How the event rate moves over the bins: "rising", "falling", "not monotone", "flat", or "grouped by event rate" for categories.</param>
/// <param name="Bins">The bins, in value order (numbers) or event-rate order (categories), then the missing bin.</param>
/// <param name="InformationValue">Information value: Σ (share of non-events − share of events) × WoE over the bins.</param>
/// <param name="Coefficient">Weight of the WoE code in the logistic regression (log-odds of the event); 0 when left out. A bin's own adjustment comes on top (<see cref="ScorecardBin.Adjustment"/>).</param>
/// <param name="LeftOutBecause">Null when the characteristic is in the scorecard; otherwise the reason in words.</param>
public sealed record ScorecardCharacteristic(string Name, string Kind, string Trend, IReadOnlyList<ScorecardBin> Bins, double InformationValue,
    double Coefficient, string? LeftOutBecause)
{
    /// <summary>Whether the characteristic is in the scorecard.</summary>
    public bool Selected => LeftOutBecause is null;
}

/// <summary>One line of the scorecard table as banks print it (<paramref name="Adjustment"/>: the bin's log-odds adjustment, 0 when not adjusted).</summary>
public sealed record ScorecardRow(string Characteristic, string Bin, long Count, double Share, double EventRate, double Woe,
    double InformationValue, double Points, double Adjustment);

/// <summary>Points a customer got on one characteristic, and how many fewer than the best bin would give.</summary>
public sealed record ScorecardPoints(string Characteristic, string Bin, double Points, double PointsLost);

/// <summary>A customer's score: the total, the probability of the event it stands for, points per characteristic and the reasons.</summary>
/// <param name="Row">The row's 0-based position in the frame scored.</param>
/// <param name="Score">Total points: higher means lower risk.</param>
/// <param name="Probability">Probability of the event the score stands for.</param>
/// <param name="Points">Points per characteristic in the scorecard.</param>
/// <param name="Reasons">The characteristics where the customer lost most points against the best bin, most first (adverse action reasons).</param>
public sealed record ScorecardScore(int Row, double Score, double Probability, IReadOnlyList<ScorecardPoints> Points, IReadOnlyList<ScorecardPoints> Reasons);
