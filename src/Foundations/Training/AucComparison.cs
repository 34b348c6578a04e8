using System.Globalization;

namespace Foundations.Training;

/// <summary>
/// Two models' AUCs on the same test customers and DeLong's test of their difference: the difference, its 95% interval
/// and the two-sided p-value. The AUCs are correlated (same customers), which DeLong's variance accounts for.
/// </summary>
/// <param name="Model">The model whose AUC comes first in the difference.</param>
/// <param name="Baseline">The model it is compared with.</param>
/// <param name="ModelAuc">AUC of <paramref name="Model"/>.</param>
/// <param name="BaselineAuc">AUC of <paramref name="Baseline"/>.</param>
/// <param name="Difference">AUC of <paramref name="Model"/> minus AUC of <paramref name="Baseline"/>.</param>
/// <param name="StandardError">DeLong's standard error of the difference.</param>
/// <param name="Lower">Lower end of the 95% interval of the difference.</param>
/// <param name="Upper">Upper end of the 95% interval of the difference.</param>
/// <param name="PValue">Two-sided p-value of "the two AUCs are equal".</param>
public sealed record AucComparison(string Model, string Baseline, double ModelAuc, double BaselineAuc, double Difference,
    double StandardError, double Lower, double Upper, double PValue)
{
    /// <summary>Whether the difference is significant at the 5% level (the 95% interval excludes 0).</summary>
    public bool Significant => PValue < 0.05;

    /// <summary>
    /// DeLong, DeLong and Clarke-Pearson (1988) for two correlated AUCs, computed with the O(n log n) midrank
    /// algorithm of Sun and Xu (2014). Ties count one half, as in <see cref="Foundations.Data.BinaryMetrics.Auc"/>.
    /// </summary>
    public static AucComparison DeLong(IReadOnlyList<double> modelScores, IReadOnlyList<double> baselineScores, IReadOnlyList<int> labels,
        string model = "model", string baseline = "baseline")
    {
        ArgumentNullException.ThrowIfNull(modelScores);
        ArgumentNullException.ThrowIfNull(baselineScores);
        ArgumentNullException.ThrowIfNull(labels);
        if (modelScores.Count != labels.Count || baselineScores.Count != labels.Count)
            throw new ArgumentException($"The scores ({modelScores.Count} and {baselineScores.Count} values) and labels ({labels.Count}) must be of one length.", nameof(labels));
        var positives = new List<int>();
        var negatives = new List<int>();
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] == 1) positives.Add(i);
            else if (labels[i] == 0) negatives.Add(i);
            else throw new ArgumentException($"labels[{i}] is {labels[i]}; labels must be 0 or 1.", nameof(labels));
        }
        int m = positives.Count, n = negatives.Count;
        if (m < 2 || n < 2)
            throw new ArgumentException($"DeLong's test needs at least two events and two non-events; found {m} and {n}.", nameof(labels));

        var (aucA, v10A, v01A) = Components(modelScores, positives, negatives);
        var (aucB, v10B, v01B) = Components(baselineScores, positives, negatives);
        // Var(A − B) = (S10_AA + S10_BB − 2·S10_AB)/m + (S01_AA + S01_BB − 2·S01_AB)/n: the variance of the differences
        // of the structural components is exactly that combination.
        double variance = SampleVariance(v10A, v10B) / m + SampleVariance(v01A, v01B) / n;
        double difference = aucA - aucB;
        double se = Math.Sqrt(Math.Max(variance, 0));
        double p = se == 0 ? (difference == 0 ? 1 : 0) : 2 * NormalUpperTail(Math.Abs(difference) / se);
        const double z975 = 1.959963984540054;
        return new AucComparison(model, baseline, aucA, aucB, difference, se, difference - z975 * se, difference + z975 * se, Math.Min(1, p));
    }

    /// <summary>A sentence with the difference, its interval and p-value (for example "AUC 0.004 higher than lightgbm's (95% CI −0.002 to 0.010, p = 0.18)").</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        string direction = Difference >= 0 ? "higher" : "lower";
        return string.Format(c, "AUC {0:0.000} {1} than {2}'s (95% CI {3} to {4}, p = {5})",
            Math.Abs(Difference), direction, Baseline, Signed(Lower), Signed(Upper), FormatP(PValue));
    }

    /// <summary>A p-value as reports print it: two significant digits, "&lt; 0.001" below a thousandth.</summary>
    public static string FormatP(double p) =>
        p < 0.001 ? "< 0.001" : p.ToString(p < 0.01 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    private static string Signed(double v) => (v < 0 ? "\u2212" : "") + Math.Abs(v).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The AUC and the structural components V10 (one per event) and V01 (one per non-event), from midranks.</summary>
    private static (double Auc, double[] V10, double[] V01) Components(IReadOnlyList<double> scores, List<int> positives, List<int> negatives)
    {
        int m = positives.Count, n = negatives.Count;
        var x = positives.Select(i => Checked(scores[i], i)).ToArray();
        var y = negatives.Select(i => Checked(scores[i], i)).ToArray();
        var z = x.Concat(y).ToArray();
        var tx = MidRanks(x);
        var ty = MidRanks(y);
        var tz = MidRanks(z);
        var v10 = new double[m];
        var v01 = new double[n];
        double sum = 0;
        // V10_i: the share of non-events scored below event i (ties half) = (rank among all − rank among events) / n.
        for (int i = 0; i < m; i++) { v10[i] = (tz[i] - tx[i]) / n; sum += tz[i]; }
        // V01_j: the share of events scored above non-event j = 1 − (rank among all − rank among non-events) / m.
        for (int j = 0; j < n; j++) v01[j] = 1 - (tz[m + j] - ty[j]) / m;
        double auc = (sum - m * (m + 1) / 2.0) / ((double)m * n);
        return (auc, v10, v01);
    }

    private static double Checked(double score, int row) =>
        double.IsNaN(score) ? throw new ArgumentException($"Score of row {row} is NaN; DeLong's test needs a score for every row.") : score;

    /// <summary>1-based ranks with ties given the mean of the ranks they span.</summary>
    internal static double[] MidRanks(double[] values)
    {
        int count = values.Length;
        var order = Enumerable.Range(0, count).ToArray();
        Array.Sort(values.ToArray(), order);
        var ranks = new double[count];
        int k = 0;
        while (k < count)
        {
            int j = k;
            while (j + 1 < count && values[order[j + 1]] == values[order[k]]) j++;
            double rank = (k + j) / 2.0 + 1;
            for (int t = k; t <= j; t++) ranks[order[t]] = rank;
            k = j + 1;
        }
        return ranks;
    }

    /// <summary>Sample variance (n − 1) of a − b.</summary>
    private static double SampleVariance(double[] a, double[] b)
    {
        int count = a.Length;
        double mean = 0;
        for (int i = 0; i < count; i++) mean += a[i] - b[i];
        mean /= count;
        double sum = 0;
        for (int i = 0; i < count; i++) { double d = a[i] - b[i] - mean; sum += d * d; }
        return sum / (count - 1);
    }

    /// <summary>P(Z &gt; z) for a standard normal Z, from the complementary error function.</summary>
    internal static double NormalUpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>
    /// erfc(x) by W. J. Cody's rational approximations (relative error below 1e-15 on the ranges used), so p-values
    /// down to 1e-300 are exact enough to print.
    /// </summary>
    internal static double Erfc(double x)
    {
        if (x < 0) return 2 - Erfc(-x);
        if (x < 0.5)
        {
            double t = x * x;
            double top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
            double bottom = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
            return 1 - x * top / bottom;
        }
        if (x < 4)
        {
            double top = (((((((2.15311535474403846e-8 * x + 0.564188496988670089) * x + 8.88314979438837594) * x + 66.1191906371416295) * x
                + 298.635138197400131) * x + 881.952221241769090) * x + 1712.04761263407058) * x + 2051.07837782607147) * x + 1230.33935479799725;
            double bottom = (((((((x + 15.7449261107098347) * x + 117.693950891312499) * x + 537.181101862009858) * x + 1621.38957456669019) * x
                + 3290.79923573345963) * x + 4362.61909014324716) * x + 3439.36767414372164) * x + 1230.33935480374942;
            return Math.Exp(-x * x) * top / bottom;
        }
        if (x > 27) return 0;
        {
            double t = 1 / (x * x);
            double top = ((((0.0163153871373020978 * t + 0.305326634961232344) * t + 0.360344899949804439) * t + 0.125781726111229246) * t + 0.0160837851487422766) * t + 6.58749161529837803e-4;
            double bottom = ((((t + 2.56852019228982242) * t + 1.87295284992346725) * t + 0.527905102951428412) * t + 0.0605183413124413191) * t + 0.00233520497626869185;
            return Math.Exp(-x * x) / x * (0.564189583547756287 - t * top / bottom);
        }
    }
}
