using Foundations.Training;
using static TorchSharp.torch;

namespace Foundations.Patterns.Segmentation;

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
        long n = data.shape[0];
        if (assignments.Count != n) throw new ArgumentException($"assignments has {assignments.Count} rows but data has {n}.", nameof(assignments));
        if (sampleSize < 2) throw new ArgumentOutOfRangeException(nameof(sampleSize), sampleSize, "sampleSize must be at least 2.");
        int clusters = k > 0 ? k : assignments.Max() + 1;
        int[] rows = n <= sampleSize
            ? Enumerable.Range(0, (int)n).ToArray()
            : SampleRows((int)n, sampleSize, seed ?? Kit.Seed);

        using var scope = NewDisposeScope();
        var x = data.index_select(0, tensor(rows.Select(r => (long)r).ToArray(), device: data.device)).to(ScalarType.Float64);
        var labels = tensor(rows.Select(r => (long)assignments[r]).ToArray(), device: data.device);
        var oneHot = nn.functional.one_hot(labels, clusters).to(ScalarType.Float64); // [m, k]
        var counts = oneHot.sum(dim: 0); // [k]
        var norms = x.Squared().sum(1);
        double total = 0;
        const int chunk = 1024;
        for (int start = 0; start < rows.Length; start += chunk)
        {
            using var inner = NewDisposeScope();
            int length = Math.Min(chunk, rows.Length - start);
            var part = x.narrow(0, start, length);
            var distances = addmm(part.Squared().sum(1).unsqueeze(1).Plus(norms.unsqueeze(0)), part, x.t(), beta: 1, alpha: -2).AtLeast(0).sqrt();
            var sums = distances.mm(oneHot); // [length, k]: total distance to each cluster
            var own = labels.narrow(0, start, length);
            var ownCount = counts.index_select(0, own);
            // a: mean distance to the others in its own cluster (itself excluded); b: the nearest other cluster's mean.
            var a = sums.gather(1, own.unsqueeze(1)).squeeze(1) / ownCount.Plus(-1).AtLeast(1);
            var means = sums / counts.AtLeast(1).unsqueeze(0);
            var masked = means.FilledWhere(oneHot.narrow(0, start, length).to(ScalarType.Bool), double.PositiveInfinity);
            masked = masked.FilledWhere(counts.EqualTo(0).unsqueeze(0), double.PositiveInfinity);
            var b = masked.min(1).values;
            var s = (b - a) / maximum(a, b).AtLeast(1e-12);
            s = s.FilledWhere(ownCount.LessOrEqual(1), 0); // a customer alone in its cluster scores 0 by convention
            s = s.FilledWhere(b.isinf(), 0);     // only one cluster in the sample: nothing to be closer to
            total += s.sum().item<double>();
        }
        return (total / rows.Length, rows.Length);
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

    private static int[] SampleRows(int n, int size, int seed)
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
