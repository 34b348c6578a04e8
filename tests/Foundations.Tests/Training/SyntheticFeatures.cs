using Foundations.Data;

namespace Foundations.Tests.Training;

/// <summary>Small hand-built feature matrices with a known signal, for training and explanation tests.</summary>
internal static class SyntheticFeatures
{
    /// <summary>
    /// Three numeric inputs (x0 carries the signal, x1 and x2 are noise) and one channel column (A, B, C, D; "C" is risky).
    /// The event is drawn with log-odds 2·x0 (unless categoricalOnly) + 3 if channel is C else −1, plus <paramref name="bias"/>.
    /// </summary>
    public static FeatureMatrix Make(int rows, int seed, bool categoricalOnly = false, double bias = 0)
    {
        var rng = new Random(seed);
        var names = new[] { "x0", "x1", "x2" };
        var numeric = new float[rows * 3];
        var categorical = new long[rows];
        var label = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < 3; j++) numeric[r * 3 + j] = (float)Gaussian(rng);
            categorical[r] = 1 + rng.Next(4);
            double z = (categoricalOnly ? 0 : 2 * numeric[r * 3]) + (categorical[r] == 3 ? 3 : -1) + bias;
            label[r] = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1f : 0f;
        }
        var channel = new CategoricalFeature("channel", 5, new[] { "A", "B", "C", "D" });
        return new FeatureMatrix(rows, names, numeric, new[] { channel }, categorical, label, "event");
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
