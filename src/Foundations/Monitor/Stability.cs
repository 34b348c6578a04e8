
namespace Foundations.Monitor;

/// <summary>The usual stability bands: below 0.10 stable, 0.10 to 0.25 watch, above 0.25 act.</summary>
public enum StabilityBand { Stable, Watch, Act }

/// <summary>One bin of a stability index: its label, the shares on each side and what it adds to the index.</summary>
public sealed record StabilityBin(string Label, double ReferenceShare, double CurrentShare, double Contribution);

/// <summary>A population (or characteristic) stability index with its bins and the categories new in the current batch.</summary>
public sealed record StabilityIndex(double Value, IReadOnlyList<StabilityBin> Bins, IReadOnlyList<string> NewCategories)
{
    /// <summary>The band the index falls in.</summary>
    public StabilityBand Band => Stability.BandOf(Value);
}

/// <summary>Population Stability Index on numbers (decile bins of the reference) and on categories (category shares).</summary>
public static class Stability
{
    /// <summary>Below this the population is stable.</summary>
    public const double WatchFrom = 0.10;

    /// <summary>Above this the shift calls for action.</summary>
    public const double ActAbove = 0.25;

    /// <summary>
    /// The share used in place of an empty bin (0.01%): PSI takes ln(current/reference), which is infinite when a
    /// side is empty, so an empty bin counts as this small share instead. Shares are not renormalised afterwards.
    /// </summary>
    public const double EmptyBinShare = 1e-4;

    /// <summary>The band of an index value.</summary>
    public static StabilityBand BandOf(double index) =>
        index < WatchFrom ? StabilityBand.Stable : index <= ActAbove ? StabilityBand.Watch : StabilityBand.Act;

    /// <summary>The traffic light of a band: stable green, watch amber, act red.</summary>
    public static Light LightOf(StabilityBand band) => band switch
    {
        StabilityBand.Stable => Light.Green,
        StabilityBand.Watch => Light.Amber,
        _ => Light.Red,
    };

    /// <summary>
    /// The decile edges of the reference: the values at 10%, 20%, ... 90% of the sorted reference (the smallest value
    /// with at least that share at or below it), repeated values kept once. Bins are right-closed: (-inf, e1], (e1, e2], ..., (e_last, +inf).
    /// </summary>
    public static double[] DecileEdges(IReadOnlyList<double> reference)
    {
        var sorted = Finite(reference, nameof(reference)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0) throw new ArgumentException("The reference has no non-missing values to bin.", nameof(reference));
        var edges = new List<double>();
        for (int k = 1; k <= 9; k++)
        {
            double edge = sorted[(int)Math.Ceiling(k * sorted.Length / 10.0) - 1];
            if (edges.Count == 0 || edge > edges[^1]) edges.Add(edge);
        }
        return edges.ToArray();
    }

    /// <summary>PSI of numeric values (missing values, NaN, are left out: their change is reported apart) over decile bins of the reference.</summary>
    public static StabilityIndex Psi(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var edges = DecileEdges(reference);
        return PsiAgainst(edges, CountBins(Finite(reference, nameof(reference)), edges), current);
    }

    /// <summary>PSI of <paramref name="current"/> against reference bins already learned: the decile edges and the reference's count per bin.</summary>
    internal static StabilityIndex PsiAgainst(double[] edges, double[] refCounts, IReadOnlyList<double> current)
    {
        var cur = Finite(current, nameof(current)).ToArray();
        if (cur.Length == 0) throw new ArgumentException("The current batch has no non-missing values to bin.", nameof(current));
        var curCounts = CountBins(cur, edges);
        var labels = new string[edges.Length + 1];
        for (int b = 0; b <= edges.Length; b++)
            labels[b] = b == 0 ? $"≤ {edges[0]:G4}" : b == edges.Length ? $"> {edges[^1]:G4}" : $"({edges[b - 1]:G4}, {edges[b]:G4}]";
        return FromCounts(labels, refCounts, curCounts, Array.Empty<string>());
    }

    /// <summary>PSI over category shares (the characteristic stability index of a categorical feature); missing (null) values are left out.</summary>
    public static StabilityIndex Csi(IEnumerable<string?> reference, IEnumerable<string?> current)
    {
        var refCounts = Count(reference);
        var curCounts = Count(current);
        if (refCounts.Count == 0) throw new ArgumentException("The reference has no non-missing categories.", nameof(reference));
        if (curCounts.Count == 0) throw new ArgumentException("The current batch has no non-missing categories.", nameof(current));
        return CsiAgainst(refCounts, curCounts);
    }

    /// <summary>CSI of current category counts against the reference's counts.</summary>
    internal static StabilityIndex CsiAgainst(IReadOnlyDictionary<string, long> refCounts, IReadOnlyDictionary<string, long> curCounts)
    {
        var newCategories = curCounts.Keys.Where(c => !refCounts.ContainsKey(c)).OrderBy(c => c, StringComparer.Ordinal).ToArray();
        var categories = refCounts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key)
            .Concat(newCategories).ToArray();
        return FromCounts(categories,
            categories.Select(c => (double)refCounts.GetValueOrDefault(c)).ToArray(),
            categories.Select(c => (double)curCounts.GetValueOrDefault(c)).ToArray(), newCategories);
    }

    internal static double[] CountBins(IEnumerable<double> values, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        foreach (var v in values)
        {
            // First edge at or above the value: right-closed bins.
            int i = Array.BinarySearch(edges, v);
            counts[i >= 0 ? i : ~i]++;
        }
        return counts;
    }

    internal static Dictionary<string, long> Count(IEnumerable<string?> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in values)
            if (v is not null) counts[v] = counts.GetValueOrDefault(v) + 1;
        return counts;
    }

    internal static StabilityIndex FromCounts(string[] labels, double[] refCounts, double[] curCounts, IReadOnlyList<string> newCategories)
    {
        double refTotal = refCounts.Sum(), curTotal = curCounts.Sum();
        var bins = new StabilityBin[labels.Length];
        double psi = 0;
        for (int b = 0; b < labels.Length; b++)
        {
            double r = Math.Max(refCounts[b] / refTotal, EmptyBinShare), c = Math.Max(curCounts[b] / curTotal, EmptyBinShare);
            double contribution = (c - r) * Math.Log(c / r);
            psi += contribution;
            bins[b] = new StabilityBin(labels[b], refCounts[b] / refTotal, curCounts[b] / curTotal, contribution);
        }
        return new StabilityIndex(psi, bins, newCategories);
    }

    internal static IEnumerable<double> Finite(IEnumerable<double> values, string parameter)
    {
        foreach (var v in values)
        {
            if (double.IsInfinity(v)) throw new ArgumentException("Infinite values cannot be binned; fix or remove them first.", parameter);
            if (!double.IsNaN(v)) yield return v;
        }
    }
}
