namespace Foundations.Data;

/// <summary>Distances between two samples of one column, shared by the readiness checks and model monitoring.</summary>
public static class SampleDistance
{
    /// <summary>
    /// Two-sample Kolmogorov–Smirnov statistic of two ascending samples: the largest gap between their empirical
    /// distribution functions. Every copy of a tied value is stepped past on both sides, so ties move both together.
    /// </summary>
    public static double KolmogorovSmirnov(double[] sortedX, double[] sortedY)
    {
        int i = 0, j = 0;
        double d = 0;
        while (i < sortedX.Length && j < sortedY.Length)
        {
            double v = Math.Min(sortedX[i], sortedY[j]);
            while (i < sortedX.Length && sortedX[i] == v) i++;
            while (j < sortedY.Length && sortedY[j] == v) j++;
            d = Math.Max(d, Math.Abs((double)i / sortedX.Length - (double)j / sortedY.Length));
        }
        return d;
    }
}
