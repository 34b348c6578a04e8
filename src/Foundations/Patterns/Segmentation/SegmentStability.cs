using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>How often a segmentation comes back when k-means is refitted on subsamples of the customers.</summary>
/// <param name="MeanAri">Mean adjusted Rand index between each refit's segments (every customer placed by it) and the full segments.</param>
/// <param name="Returns">Resamples whose adjusted Rand index is at least <see cref="SegmentStability.ComesBack"/>.</param>
/// <param name="Aris">The adjusted Rand index of every resample.</param>
public sealed record StabilityMeasure(double MeanAri, int Returns, IReadOnlyList<double> Aris);

/// <summary>Stability of segments over seeded subsamples, and the choice of k from stability and silhouette.</summary>
public static class SegmentStability
{
    /// <summary>The adjusted Rand index from which a refit counts as the same segments coming back.</summary>
    public const double ComesBack = 0.8;

    /// <summary>
    /// Refits k-means on <paramref name="resamples"/> seeded subsamples of <paramref name="share"/> of the rows of
    /// <paramref name="data"/>, places every row at its nearest refitted centre and compares with <paramref name="full"/>.
    /// Same seed, same figures.
    /// </summary>
    public static StabilityMeasure Measure(Tensor data, KMeansFit full, int resamples = 10, double share = 0.8, int restarts = 3, int maxIterations = 100, int? seed = null, Device? device = null)
    {
        if (resamples < 2) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "resamples must be at least 2.");
        if (!(share is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(share), share, "share must lie strictly between 0 and 1.");
        int n = (int)data.shape[0];
        int size = Math.Max(full.K, (int)Math.Round(share * n));
        // Fixed arithmetic, not HashCode.Combine (randomised per process): the same seed gives the same resamples in every process.
        var rng = new Random(unchecked((seed ?? Kit.Seed) * 1_000_003 + full.K * 7919));
        var aris = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            using var scope = NewDisposeScope();
            var rows = Subsample(n, size, rng);
            var part = data.index_select(0, tensor(rows, device: data.device));
            var refit = KMeans.Fit(part, full.K, restarts, maxIterations, rng.Next(), device);
            var placed = KMeans.Assign(data, refit.CentroidTensor(device ?? data.device));
            aris[b] = ClusterQuality.AdjustedRandIndex(placed, full.Assignments);
        }
        return new StabilityMeasure(aris.Average(), aris.Count(a => a >= ComesBack), aris);
    }

    /// <summary>
    /// The k to keep: the best silhouette among the k whose segments come back (mean adjusted Rand index at least
    /// <see cref="ComesBack"/>); when none does, the most stable k; without stability figures, the best silhouette.
    /// </summary>
    public static int Choose(IReadOnlyList<KChoice> choices)
    {
        if (choices.Count == 0) throw new ArgumentException("No k was tried.", nameof(choices));
        var measured = choices.Where(c => !double.IsNaN(c.Stability)).ToList();
        if (measured.Count == 0) return choices.MaxBy(c => c.Silhouette)!.K;
        var stable = measured.Where(c => c.Stability >= ComesBack).ToList();
        return stable.Count > 0 ? stable.MaxBy(c => c.Silhouette)!.K : measured.MaxBy(c => c.Stability)!.K;
    }

    private static long[] Subsample(int n, int size, Random rng)
    {
        var order = new long[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = 0; i < size; i++)
        {
            int j = rng.Next(i, n);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var sample = order[..size];
        Array.Sort(sample);
        return sample;
    }
}
