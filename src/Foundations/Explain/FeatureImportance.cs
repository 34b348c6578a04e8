using Foundations.Data;
using Foundations.Training;
using MathNet.Numerics.Distributions;

namespace Foundations.Explanation;

/// <summary>How much the test AUC falls when one input is shuffled: the mean over repeats and a 95% interval.</summary>
public sealed record FeatureImportance(string Feature, double AucDrop, double Low, double High);

/// <summary>Permutation importance: model-agnostic, measured on held-out rows.</summary>
public static class PermutationImportance
{
    /// <summary>
    /// Shuffles each input column of <paramref name="data"/> (which must carry a label) <paramref name="repeats"/> times
    /// and records the fall in AUC of <paramref name="score"/>. Sorted, most important first.
    /// </summary>
    public static IReadOnlyList<FeatureImportance> Of(Func<FeatureMatrix, double[]> score, FeatureMatrix data, int repeats = 5, int? seed = null)
    {
        Check(data, repeats);
        var replacement = new MatrixInputReplacement(score, data);
        return Of(replacement.Unchanged(), replacement.Permuted, data, repeats, seed);
    }

    /// <summary>
    /// The same, given the unshuffled scores and a way to score the rows with input j of row r taken from row order[r]
    /// (the deep model computes that from its first layer's product without a whole forward pass: <see cref="InputReplacement"/>).
    /// </summary>
    internal static IReadOnlyList<FeatureImportance> Of(double[] unshuffled, Func<int, int[], double[]> scoreShuffled, FeatureMatrix data, int repeats, int? seed)
    {
        Check(data, repeats);
        var labels = data.Label!.Select(v => (int)v).ToArray();
        double baseline = BinaryMetrics.Auc(unshuffled, labels);
        var rng = new Random(seed ?? Kit.Seed);
        var names = data.FeatureNames.ToArray();
        var result = new List<FeatureImportance>();
        for (int j = 0; j < names.Length; j++)
        {
            var drops = new double[repeats];
            for (int k = 0; k < repeats; k++)
            {
                var order = Enumerable.Range(0, data.Rows).ToArray();
                rng.Shuffle(order);
                drops[k] = baseline - BinaryMetrics.Auc(scoreShuffled(j, order), labels);
            }
            double mean = drops.Average();
            double sd = Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (repeats - 1));
            double half = StudentT975(repeats - 1) * sd / Math.Sqrt(repeats);
            result.Add(new FeatureImportance(names[j], mean, mean - half, mean + half));
        }
        return result.OrderByDescending(r => r.AucDrop).ToList();
    }

    private static void Check(FeatureMatrix data, int repeats)
    {
        if (data.Label is null) throw new ArgumentException("Permutation importance needs labelled rows.", nameof(data));
        if (repeats < 2) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "At least 2 repeats are needed for an interval.");
    }

    /// <summary>The 97.5% quantile of Student's t: the half-width of a 95% interval over few repeats (df 15 → 2.1314).</summary>
    internal static double StudentT975(int degreesOfFreedom) => StudentT.InvCDF(0, 1, degreesOfFreedom, 0.975);
}
