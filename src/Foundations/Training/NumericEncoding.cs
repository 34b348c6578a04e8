using Foundations.Data;

namespace Foundations.Training;

/// <summary>
/// What the network learns about its numeric inputs before training: a robust centre and scale per column (median
/// and interquartile range, as RealMLP scales), and quantile bin edges for the piecewise-linear encoding. Fitted on
/// the training rows only; copied into the network's buffers, so it is saved and loaded with the weights.
/// </summary>
internal sealed record NumericEncoding(float[] Center, float[] Scale, float[] BinLower, float[] BinInverseWidth)
{
    /// <summary>Fits the encoding of every numeric column of <paramref name="train"/> with <paramref name="bins"/> quantile bins each.</summary>
    public static NumericEncoding Fit(FeatureMatrix train, int bins)
    {
        int p = train.NumericColumns.Count, n = train.Rows, b = Math.Max(1, bins);
        var center = new float[p];
        var scale = new float[p];
        var lower = new float[p * b];
        var inverse = new float[p * b];
        var column = new float[n];
        for (int j = 0; j < p; j++)
        {
            for (int r = 0; r < n; r++) column[r] = train.Numeric[r * p + j];
            Array.Sort(column);
            if (n == 0) { scale[j] = 1; continue; }
            center[j] = (float)Quantile(column, 0.5);
            // IQR / 1.349 is one standard deviation for normal data; a column with most values equal falls back to the
            // range, and a constant one to 1 (it then enters as zero, never as NaN).
            double spread = (Quantile(column, 0.75) - Quantile(column, 0.25)) / 1.349;
            if (spread <= 1e-9) spread = (column[^1] - column[0]) / 2.0;
            scale[j] = spread <= 1e-9 ? 1f : (float)spread;
            for (int t = 0; t < bins; t++)
            {
                double from = Quantile(column, (double)t / bins), to = Quantile(column, (double)(t + 1) / bins);
                lower[j * b + t] = (float)from;
                // A bin of zero width (repeated values) encodes as 0: no information, and no division by zero.
                inverse[j * b + t] = to - from > 1e-9 ? (float)(1 / (to - from)) : 0f;
            }
        }
        return new NumericEncoding(center, scale, lower, inverse);
    }

    private static double Quantile(float[] sorted, double q)
    {
        double at = q * (sorted.Length - 1);
        int below = (int)Math.Floor(at);
        int above = Math.Min(sorted.Length - 1, below + 1);
        return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
    }
}
