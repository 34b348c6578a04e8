using Foundations.Training;

namespace Foundations.Tests.Training;

/// <summary>
/// The logistic regression's Newton fit adds each row's Hessian term either through its non-zero entries (one-hot rows)
/// or as whole rows in SIMD (dense rows). Whichever way a row goes, the fit must land on the optimum a plain textbook
/// Newton iteration finds.
/// </summary>
public class NewtonFitTests
{
    [Fact]
    public void Dense_and_one_hot_rows_together_reach_the_textbook_newton_optimum()
    {
        // 13 columns (not a multiple of any SIMD width): rows 0–299 dense numbers, rows 300–599 one number and a one-hot of 8.
        const int rows = 600, width = 13;
        var rng = new Random(5);
        var x = new float[rows * width];
        var y = new float[rows];
        var truth = Enumerable.Range(0, width).Select(j => Math.Sin(j + 1)).ToArray();
        for (int r = 0; r < rows; r++)
        {
            if (r < 300)
                for (int j = 0; j < width; j++) x[r * width + j] = (float)(rng.NextDouble() * 2 - 1);
            else
            {
                x[r * width] = (float)(rng.NextDouble() * 2 - 1);
                x[r * width + 5 + rng.Next(8)] = 1;
            }
            double z = -0.3;
            for (int j = 0; j < width; j++) z += truth[j] * x[r * width + j];
            y[r] = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }
        const double l2 = 1e-3;
        var (weights, intercept) = LogisticRegression.NewtonFit(x, y, rows, width, l2);
        var (expected, expectedIntercept) = Textbook(x, y, rows, width, l2);
        for (int j = 0; j < width; j++) Assert.Equal(expected[j], weights[j], 11);
        Assert.Equal(expectedIntercept, intercept, 11);
    }

    /// <summary>Plain Newton on the full d×d Hessian (the intercept last, unpenalised), solved by Gaussian elimination.</summary>
    private static (double[] Weights, double Intercept) Textbook(float[] x, float[] y, int rows, int width, double l2)
    {
        int d = width + 1;
        var theta = new double[d];
        for (int iteration = 0; iteration < 50; iteration++)
        {
            var g = new double[d];
            var h = new double[d, d];
            for (int r = 0; r < rows; r++)
            {
                var row = Enumerable.Range(0, d).Select(j => j < width ? (double)x[r * width + j] : 1).ToArray();
                double v = row.Select((value, j) => value * theta[j]).Sum(), p = 1 / (1 + Math.Exp(-v));
                for (int j = 0; j < d; j++)
                {
                    g[j] += (p - y[r]) * row[j] / rows;
                    for (int k = 0; k < d; k++) h[j, k] += p * (1 - p) * row[j] * row[k] / rows;
                }
            }
            for (int j = 0; j < width; j++) { g[j] += 2 * l2 * theta[j]; h[j, j] += 2 * l2; }
            var step = Solve(h, g);
            for (int j = 0; j < d; j++) theta[j] -= step[j];
        }
        return (theta[..width], theta[width]);
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int c = 0; c < n; c++)
        {
            int pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(m[r, c]));
            for (int k = 0; k < n; k++) (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
            (v[c], v[pivot]) = (v[pivot], v[c]);
            for (int r = c + 1; r < n; r++)
            {
                double f = m[r, c] / m[c, c];
                for (int k = c; k < n; k++) m[r, k] -= f * m[c, k];
                v[r] -= f * v[c];
            }
        }
        var s = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = v[r];
            for (int k = r + 1; k < n; k++) sum -= m[r, k] * s[k];
            s[r] = sum / m[r, r];
        }
        return s;
    }
}
