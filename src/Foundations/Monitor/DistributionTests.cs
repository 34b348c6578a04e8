using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Foundations.Monitor;

/// <summary>A test statistic, its degrees of freedom (0 where the test has none) and its p-value.</summary>
public sealed record TestResult(string Test, double Statistic, int DegreesOfFreedom, double PValue);

/// <summary>Two-sample tests of whether a current batch comes from the same distribution as the reference.</summary>
public static class DistributionTests
{
    /// <summary>
    /// Two-sample Kolmogorov–Smirnov: the largest gap between the two empirical distribution functions, with the
    /// asymptotic p-value (Kolmogorov distribution, Stephens' small-sample correction). NaN values are left out.
    /// </summary>
    public static TestResult KolmogorovSmirnov(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var x = a.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        var y = b.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (x.Length == 0) throw new ArgumentException("The first sample has no non-missing values.", nameof(a));
        if (y.Length == 0) throw new ArgumentException("The second sample has no non-missing values.", nameof(b));
        double d = Data.SampleDistance.KolmogorovSmirnov(x, y);
        double n = (double)x.Length * y.Length / (x.Length + y.Length), root = Math.Sqrt(n);
        return new TestResult("Kolmogorov–Smirnov", d, 0, KolmogorovSurvival((root + 0.12 + 0.11 / root) * d));
    }

    /// <summary>
    /// Chi-squared test of homogeneity on category counts of the reference and the current batch (a 2 × k table);
    /// categories empty on both sides are left out; degrees of freedom = categories − 1.
    /// </summary>
    public static TestResult ChiSquared(IReadOnlyList<double> referenceCounts, IReadOnlyList<double> currentCounts)
    {
        if (referenceCounts.Count != currentCounts.Count)
            throw new ArgumentException($"Both sides need one count per category ({referenceCounts.Count} vs {currentCounts.Count}).", nameof(currentCounts));
        if (referenceCounts.Concat(currentCounts).Any(c => c < 0 || double.IsNaN(c)))
            throw new ArgumentException("Counts must be non-negative numbers.", nameof(referenceCounts));
        double refTotal = referenceCounts.Sum(), curTotal = currentCounts.Sum(), total = refTotal + curTotal;
        if (refTotal == 0) throw new ArgumentException("The reference counts are all zero.", nameof(referenceCounts));
        if (curTotal == 0) throw new ArgumentException("The current counts are all zero.", nameof(currentCounts));
        double statistic = 0;
        int categories = 0;
        for (int k = 0; k < referenceCounts.Count; k++)
        {
            double column = referenceCounts[k] + currentCounts[k];
            if (column == 0) continue;
            categories++;
            double expectedRef = refTotal * column / total, expectedCur = curTotal * column / total;
            statistic += Square(referenceCounts[k] - expectedRef) / expectedRef + Square(currentCounts[k] - expectedCur) / expectedCur;
        }
        int df = Math.Max(categories - 1, 0);
        return new TestResult("chi-squared", statistic, df, df == 0 ? 1.0 : ChiSquaredSurvival(statistic, df));
    }

    /// <summary>P(X ≥ x) for a chi-squared variable with <paramref name="degreesOfFreedom"/>: Q(df/2, x/2).</summary>
    public static double ChiSquaredSurvival(double x, int degreesOfFreedom)
    {
        if (degreesOfFreedom <= 0) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "degrees of freedom must be positive.");
        // The upper regularized gamma keeps tiny p-values exact where 1 − CDF would round to 0.
        return x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);
    }

    /// <summary>P(Z ≥ z) for a standard normal variable.</summary>
    public static double NormalUpperTail(double z) => Normal.CDF(0, 1, -z);

    /// <summary>P(K &gt; λ) for the Kolmogorov distribution: 2 Σ (−1)^(j−1) exp(−2 j² λ²).</summary>
    internal static double KolmogorovSurvival(double lambda)
    {
        if (lambda < 0.2) return 1.0; // the series converges slowly here and the value is 1 to many digits
        double sum = 0, sign = 1;
        for (int j = 1; j <= 100; j++)
        {
            double term = sign * Math.Exp(-2 * j * j * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-16) break;
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0.0, 1.0);
    }

    private static double Square(double v) => v * v;
}
