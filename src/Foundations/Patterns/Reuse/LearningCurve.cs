using System.Globalization;

namespace Foundations.Patterns;

/// <summary>Test AUC of one start at one number of labelled customers, over seeds.</summary>
/// <param name="Labelled">Labelled customers the network learned from.</param>
/// <param name="Start">Where its trunk started.</param>
/// <param name="Aucs">Test AUC of every seed, in seed order.</param>
/// <param name="Mean">Mean AUC over seeds.</param>
/// <param name="Low">Lower end of the 95% interval (mean − t·s/√seeds; the mean itself with one seed).</param>
/// <param name="High">Upper end of the 95% interval.</param>
/// <param name="All">Whether this point used every labelled customer of the pool.</param>
public sealed record CurvePoint(int Labelled, TransferStart Start, IReadOnlyList<double> Aucs, double Mean, double Low, double High, bool All)
{
    internal static CurvePoint Of(int labelled, TransferStart start, IReadOnlyList<double> aucs, bool all)
    {
        double mean = aucs.Average();
        if (aucs.Count < 2) return new CurvePoint(labelled, start, aucs.ToArray(), mean, mean, mean, all);
        double sd = Math.Sqrt(aucs.Sum(a => (a - mean) * (a - mean)) / (aucs.Count - 1));
        double half = StudentT975(aucs.Count - 1) * sd / Math.Sqrt(aucs.Count);
        return new CurvePoint(labelled, start, aucs.ToArray(), mean, mean - half, mean + half, all);
    }

    /// <summary>The 97.5% quantile of Student's t with <paramref name="df"/> degrees of freedom (two-sided 95%).</summary>
    internal static double StudentT975(int df) => df switch
    {
        1 => 12.706, 2 => 4.303, 3 => 3.182, 4 => 2.776, 5 => 2.571, 6 => 2.447, 7 => 2.365, 8 => 2.306, 9 => 2.262,
        10 => 2.228, <= 15 => 2.131, <= 20 => 2.086, <= 30 => 2.042, _ => 1.96,
    };
}

/// <summary>
/// How test AUC grows with the number of labelled customers, from scratch and from the encoder: plain data (its HTML
/// and chart live in the presentation layer).
/// </summary>
/// <param name="Target">The outcome predicted.</param>
/// <param name="Points">Every (labelled, start) point, by size then start.</param>
/// <param name="Seeds">Seeds per point.</param>
/// <param name="TestRows">Customers in the fixed test set.</param>
/// <param name="TestEvents">Events among them.</param>
/// <param name="PoolRows">Customers the labelled sets were drawn from (the encoder learned from them without labels).</param>
public sealed record LearningCurve(string Target, IReadOnlyList<CurvePoint> Points, int Seeds, int TestRows, int TestEvents, int PoolRows)
{
    /// <summary>The sizes on the curve, smallest first.</summary>
    public IReadOnlyList<int> Sizes => Points.Select(p => p.Labelled).Distinct().Order().ToArray();

    /// <summary>The starts compared.</summary>
    public IReadOnlyList<TransferStart> Starts => Points.Select(p => p.Start).Distinct().ToArray();

    /// <summary>The point for <paramref name="labelled"/> customers and <paramref name="start"/>; an error naming the sizes there are.</summary>
    public CurvePoint this[int labelled, TransferStart start] =>
        Points.FirstOrDefault(p => p.Labelled == labelled && p.Start == start)
        ?? throw new ArgumentException($"The curve has no {start} point at {labelled} labelled customers (sizes: {string.Join(", ", Sizes)}; starts: {string.Join(", ", Starts)}).");

    /// <summary>Metric name of a point, as logged: auc_scratch_500, auc_transfer_500, auc_frozen_500 (the whole pool: _all).</summary>
    public static string MetricName(CurvePoint point) =>
        $"auc_{point.Start switch { TransferStart.Scratch => "scratch", TransferStart.Frozen => "frozen", _ => "transfer" }}_{(point.All ? "all" : point.Labelled.ToString(CultureInfo.InvariantCulture))}";

    /// <summary>Every point's mean AUC under its metric name (<see cref="MetricName"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Metrics => Points.Select(p => KeyValuePair.Create(MetricName(p), p.Mean)).ToArray();

    /// <summary>
    /// One sentence per size in plain words: the gain from the encoder over scratch, and whether the intervals overlap
    /// (then the curve does not show a difference at that size).
    /// </summary>
    public IReadOnlyList<string> InWords(TransferStart against = TransferStart.FineTuned)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        foreach (int n in Sizes)
        {
            var scratch = this[n, TransferStart.Scratch];
            var other = this[n, against];
            double gain = other.Mean - scratch.Mean;
            string who = scratch.All ? $"all {n.ToString("#,0", c)}" : n.ToString("#,0", c);
            string verdict = other.Low > scratch.High ? "a clear gain"
                : scratch.Low > other.High ? "a clear loss: here the encoder does not help"
                : Math.Abs(gain) < 0.005 ? "no difference"
                : "within the noise of the seeds (the intervals overlap)";
            string how = against == TransferStart.Frozen ? "the encoder frozen (head only)" : against == TransferStart.Scratch ? "scratch" : "starting from the encoder";
            lines.Add($"With {who} labelled customers, {how} gets AUC {other.Mean.ToString("0.000", c)} " +
                      $"({other.Low.ToString("0.000", c)}–{other.High.ToString("0.000", c)}) instead of {scratch.Mean.ToString("0.000", c)} " +
                      $"({scratch.Low.ToString("0.000", c)}–{scratch.High.ToString("0.000", c)}) from scratch: {(gain >= 0 ? "+" : "")}{gain.ToString("0.000", c)}, {verdict}.");
        }
        return lines;
    }
}
