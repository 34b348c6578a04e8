using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>How well separated a clustering is: silhouette, Davies–Bouldin, and agreement with known groups (adjusted Rand index).</summary>
public static class ClusterQuality
{
    /// <summary>
    /// Mean silhouette (−1 … 1, higher is better): for each row, how much closer it is to its own cluster than to the
    /// nearest other one; exact over all pairs of the rows given; <see cref="Silhouette(Tensor, IReadOnlyList{int}, int, int, int?)"/>
    /// with a sample size computes it exactly on a seeded sample when the data is large.
    /// </summary>
    public static double Silhouette(Tensor data, IReadOnlyList<int> assignments) => Silhouette(data, assignments, int.MaxValue, 0, 0).Value;

    /// <summary>Mean silhouette, exact on a seeded random sample of at most <paramref name="sampleSize"/> rows (all rows when fewer).</summary>
    public static (double Value, int RowsUsed) Silhouette(Tensor data, IReadOnlyList<int> assignments, int sampleSize, int k = 0, int? seed = null)
    {
        if (assignments.Count != data.shape[0]) throw new ArgumentException($"assignments has {assignments.Count} rows but data has {data.shape[0]}.", nameof(assignments));
        if (sampleSize < 2) throw new ArgumentOutOfRangeException(nameof(sampleSize), sampleSize, "sampleSize must be at least 2.");
        using var scorer = new SilhouetteScorer(data, sampleSize, seed ?? Kit.Seed);
        return (scorer.Score(assignments, k > 0 ? k : assignments.Max() + 1), scorer.Rows);
    }

    /// <summary>Davies–Bouldin index (≥ 0, lower is better): average over clusters of the worst ratio of spread to separation.</summary>
    public static double DaviesBouldin(Tensor data, IReadOnlyList<int> assignments, Tensor centroids)
    {
        long n = data.shape[0], k = centroids.shape[0];
        if (assignments.Count != n) throw new ArgumentException($"assignments has {assignments.Count} rows but data has {n}.", nameof(assignments));
        if (k < 2) throw new ArgumentException("Davies–Bouldin needs at least two clusters.", nameof(centroids));
        using var scope = NewDisposeScope();
        var x = data.to(ScalarType.Float64);
        var c = centroids.to(ScalarType.Float64, x.device);
        var labels = tensor(assignments.Select(a => (long)a).ToArray(), device: x.device);
        var spreadSum = zeros(new[] { k }, ScalarType.Float64, device: x.device)
            .IndexAddInPlace(0, labels, (x - c.index_select(0, labels)).Squared().sum(1).sqrt());
        var spread = spreadSum / bincount(labels, minlength: k).to(ScalarType.Float64).AtLeast(1);
        var separation = cdist(c, c);
        var ratio = spread.unsqueeze(1).Plus(spread.unsqueeze(0)) / separation.AtLeast(1e-12);
        ratio = ratio.FilledWhere(eye(k, dtype: ScalarType.Bool, device: x.device), double.NegativeInfinity);
        return ratio.max(1).values.mean().item<double>();
    }

    /// <summary>
    /// Adjusted Rand index between two labellings of the same rows: 1 = identical groups (whatever the labels are
    /// called), about 0 = no better than chance. Used to check found segments against planted ones.
    /// </summary>
    public static double AdjustedRandIndex<TA, TB>(IReadOnlyList<TA> first, IReadOnlyList<TB> second) where TA : notnull where TB : notnull
    {
        if (first.Count != second.Count)
            throw new ArgumentException($"The labellings cover different rows: {first.Count} vs {second.Count}.", nameof(second));
        int n = first.Count;
        if (n < 2) throw new ArgumentException("The adjusted Rand index needs at least two rows.", nameof(first));
        var a = Codes(first, out int ka);
        var b = Codes(second, out int kb);
        var table = new long[ka, kb];
        var rowSums = new long[ka];
        var columnSums = new long[kb];
        for (int i = 0; i < n; i++) { table[a[i], b[i]]++; rowSums[a[i]]++; columnSums[b[i]]++; }
        static double Pairs(long m) => m * (m - 1) / 2.0;
        double index = 0;
        foreach (var cell in table) index += Pairs(cell);
        double rows = rowSums.Sum(Pairs), columns = columnSums.Sum(Pairs), all = Pairs(n);
        double expected = rows * columns / all, maximum = (rows + columns) / 2;
        // Both labellings put every row in one group (or every row alone): they agree perfectly.
        if (maximum == expected) return 1.0;
        return (index - expected) / (maximum - expected);
    }

    private static int[] Codes<T>(IReadOnlyList<T> labels, out int distinct) where T : notnull
    {
        var map = new Dictionary<T, int>();
        var codes = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            if (!map.TryGetValue(labels[i], out int code)) map[labels[i]] = code = map.Count;
            codes[i] = code;
        }
        distinct = map.Count;
        return codes;
    }

    internal static int[] SampleRows(int n, int size, int seed)
    {
        // A partial Fisher–Yates shuffle: a uniform sample without replacement, same seed same rows.
        var rng = new Random(seed);
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < size; i++)
        {
            int j = rng.Next(i, n);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var sample = order.Take(size).ToArray();
        Array.Sort(sample);
        return sample;
    }
}

/// <summary>
/// The pairwise distances of a seeded sample of rows, computed once and reused to score the silhouette of every
/// clustering of the same data (every k tried): the distances are the costly part and do not depend on k.
/// </summary>
internal sealed class SilhouetteScorer : IDisposable
{
    private readonly int[] _rows;
    private readonly Tensor _distances; // [m, m], float64

    public SilhouetteScorer(Tensor data, int sampleSize, int seed)
    {
        long n = data.shape[0];
        _rows = n <= sampleSize ? Enumerable.Range(0, (int)n).ToArray() : ClusterQuality.SampleRows((int)n, sampleSize, seed);
        using var scope = NewDisposeScope();
        // Scalars made explicitly and kept alive for the native calls (TorchSharp does not keep implicit ones alive).
        using var minusTwo = (-2.0).ToScalar();
        using var one = 1.0.ToScalar();
        using var zero = 0.0.ToScalar();
        var x = data.index_select(0, tensor(_rows.Select(r => (long)r).ToArray(), device: data.device)).to(ScalarType.Float64);
        var norms = x.mul(x).sum(1);
        var parts = new List<Tensor>();
        const int chunk = 1024;
        for (int start = 0; start < _rows.Length; start += chunk)
        {
            int length = Math.Min(chunk, _rows.Length - start);
            var squared = norms.narrow(0, start, length).unsqueeze(1).add(norms.unsqueeze(0), one).add(x.narrow(0, start, length).mm(x.t()), minusTwo);
            parts.Add(squared.clamp_min(zero).sqrt());
        }
        _distances = cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>How many rows the silhouette is computed on.</summary>
    public int Rows => _rows.Length;

    /// <summary>Mean silhouette of <paramref name="assignments"/> (one cluster 0 … clusters−1 per row of the data) over the sampled rows.</summary>
    public double Score(IReadOnlyList<int> assignments, int clusters)
    {
        int m = _rows.Length;
        var labels = _rows.Select(r => assignments[r]).ToArray();
        double[] sums;
        using (var scope = NewDisposeScope())
        {
            var oneHot = nn.functional.one_hot(tensor(labels.Select(l => (long)l).ToArray(), device: _distances.device), clusters).to(ScalarType.Float64);
            sums = _distances.mm(oneHot).cpu().data<double>().ToArray(); // [m, clusters]: total distance to each cluster
        }
        var counts = new int[clusters];
        foreach (int l in labels) counts[l]++;
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            int own = labels[i];
            // a: mean distance to the others in its own cluster (itself excluded); b: the nearest other cluster's mean.
            double a = sums[i * clusters + own] / Math.Max(1, counts[own] - 1), b = double.PositiveInfinity;
            for (int c = 0; c < clusters; c++)
                if (c != own && counts[c] > 0) b = Math.Min(b, sums[i * clusters + c] / counts[c]);
            // A customer alone in its cluster, or only one cluster in the sample: 0 by convention.
            if (counts[own] <= 1 || double.IsInfinity(b)) continue;
            total += (b - a) / Math.Max(Math.Max(a, b), 1e-12);
        }
        return total / m;
    }

    public void Dispose() => _distances.Dispose();
}
