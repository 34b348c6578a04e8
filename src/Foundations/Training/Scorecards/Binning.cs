namespace Foundations.Training;

/// <summary>
/// Coarse classing of one characteristic: fine bins merged into few, large, well-separated bins. Numeric values are
/// cut at quantiles and merged to a monotone event rate where one fits; categories are ordered by event rate and
/// grouped with their neighbours. Missing values are binned by the caller, apart.
/// </summary>
internal static class Binning
{
    /// <summary>A run of adjacent fine bins: a value interval (numeric) or a set of categories, with its counts.</summary>
    internal sealed class Group
    {
        public double Upper;                   // numeric: the bin holds values ≤ Upper (and > the previous bin's Upper)
        public List<string> Categories = new();
        public long Count, Events;
        public double Rate => Count == 0 ? 0 : (double)Events / Count;

        public Group Merge(Group next) => new()
        {
            Upper = Math.Max(Upper, next.Upper),
            Categories = Categories.Concat(next.Categories).ToList(),
            Count = Count + next.Count,
            Events = Events + next.Events,
        };
    }

    /// <summary>Bins of a numeric characteristic (present values only), ordered by value, and the trend chosen.</summary>
    public static (List<Group> Groups, string Trend) Numeric(double[] values, int[] labels, long totalRows, ScorecardSettings settings)
    {
        var order = Enumerable.Range(0, values.Length).ToArray();
        var sorted = values.ToArray();
        Array.Sort(sorted, order);
        // Fine bins: cut points at quantiles, distinct, below the largest value so that no bin is empty.
        var cuts = new SortedSet<double>();
        for (int q = 1; q < settings.FineBins; q++)
        {
            double v = sorted[(int)((long)q * sorted.Length / settings.FineBins)];
            if (v < sorted[^1]) cuts.Add(v);
        }
        cuts.Add(double.PositiveInfinity);
        var groups = cuts.Select(c => new Group { Upper = c }).ToList();
        int g = 0;
        for (int k = 0; k < sorted.Length; k++)
        {
            while (sorted[k] > groups[g].Upper) g++;
            groups[g].Count++;
            groups[g].Events += labels[order[k]];
        }
        groups.RemoveAll(x => x.Count == 0);
        groups = EnforceMinShare(groups, (long)Math.Ceiling(settings.MinBinShare * totalRows));

        var free = ChiMerge(groups, settings.MaxBins);
        double freeIv = InformationValue(free);
        var ascending = CapBins(Monotone(groups, ascending: true), settings.MaxBins);
        var descending = CapBins(Monotone(groups, ascending: false), settings.MaxBins);
        double ascIv = InformationValue(ascending), descIv = InformationValue(descending);
        var (mono, monoIv, trend) = ascIv >= descIv ? (ascending, ascIv, "rising") : (descending, descIv, "falling");
        // A monotone trend is easier to defend and generalises better; keep it unless it gives up much of the signal (a U shape).
        if (monoIv >= 0.9 * freeIv || free.Count < 2) return (mono, mono.Count < 2 ? "flat" : trend);
        return (free, "not monotone");
    }

    /// <summary>
    /// Bins of a categorical characteristic (present values only), ordered by event rate. Every category is a fine bin,
    /// placed by its event rate shrunk toward the overall rate (a category seen a few times lands among the average ones
    /// instead of at an extreme); neighbours in that order are then merged until every bin holds the minimum share and
    /// adjacent bins differ, as numeric bins are. Pooling each rare category into one "other" bin instead would throw
    /// away a characteristic whose every category is rare (a branch code with hundreds of levels).
    /// </summary>
    public static List<Group> Categorical(string[] keys, int[] labels, long totalRows, ScorecardSettings settings)
    {
        long minCount = (long)Math.Ceiling(settings.MinBinShare * totalRows);
        var byCategory = new Dictionary<string, Group>(StringComparer.Ordinal);
        for (int r = 0; r < keys.Length; r++)
        {
            if (!byCategory.TryGetValue(keys[r], out var group)) byCategory[keys[r]] = group = new Group { Categories = { keys[r] } };
            group.Count++;
            group.Events += labels[r];
        }
        double overall = (double)labels.Sum() / labels.Length;
        // Ties by name, for the same bins every time.
        var groups = byCategory.Values
            .OrderBy(x => (x.Events + CategoryPrior * overall) / (x.Count + CategoryPrior))
            .ThenBy(x => x.Categories[0], StringComparer.Ordinal).ToList();
        groups = EnforceMinShare(groups, minCount);
        return ChiMerge(groups, settings.MaxBins);
    }

    /// <summary>Customers' worth of the overall event rate added to each category's own when categories are ordered.</summary>
    private const double CategoryPrior = 10;

    /// <summary>Merges every bin smaller than <paramref name="minCount"/> into the neighbour whose event rate is closer.</summary>
    private static List<Group> EnforceMinShare(List<Group> groups, long minCount)
    {
        groups = groups.ToList();
        while (groups.Count > 1)
        {
            int smallest = -1;
            for (int i = 0; i < groups.Count; i++)
                if (groups[i].Count < minCount && (smallest < 0 || groups[i].Count < groups[smallest].Count)) smallest = i;
            if (smallest < 0) break;
            int with = smallest == 0 ? 1 : smallest == groups.Count - 1 ? smallest - 1
                : Math.Abs(groups[smallest - 1].Rate - groups[smallest].Rate) <= Math.Abs(groups[smallest + 1].Rate - groups[smallest].Rate) ? smallest - 1 : smallest + 1;
            MergeAt(groups, Math.Min(smallest, with));
        }
        return groups;
    }

    /// <summary>Pool-adjacent-violators: merges neighbours until the event rate only rises (or only falls) with the value.</summary>
    private static List<Group> Monotone(List<Group> groups, bool ascending)
    {
        var result = groups.ToList();
        for (int i = 0; i + 1 < result.Count;)
        {
            bool violates = ascending ? result[i].Rate > result[i + 1].Rate : result[i].Rate < result[i + 1].Rate;
            if (!violates) { i++; continue; }
            MergeAt(result, i);
            if (i > 0) i--; // the merged bin may now violate with its left neighbour
        }
        return result;
    }

    /// <summary>ChiMerge: merges the adjacent pair least different in event rate until at most <paramref name="maxBins"/> remain and every pair differs significantly (χ² &gt; 3.84, p &lt; 0.05).</summary>
    private static List<Group> ChiMerge(List<Group> groups, int maxBins)
    {
        var result = groups.ToList();
        while (result.Count > 1)
        {
            int best = 0;
            double lowest = double.PositiveInfinity;
            for (int i = 0; i + 1 < result.Count; i++)
            {
                double chi = ChiSquare(result[i], result[i + 1]);
                if (chi < lowest) (lowest, best) = (chi, i);
            }
            if (result.Count <= maxBins && lowest > 3.841) break;
            MergeAt(result, best);
        }
        return result;
    }

    /// <summary>Merges the most alike adjacent bins until at most <paramref name="maxBins"/> remain (keeps a monotone trend monotone).</summary>
    private static List<Group> CapBins(List<Group> groups, int maxBins)
    {
        var result = groups.ToList();
        while (result.Count > maxBins)
        {
            int best = 0;
            double lowest = double.PositiveInfinity;
            for (int i = 0; i + 1 < result.Count; i++)
            {
                double chi = ChiSquare(result[i], result[i + 1]);
                if (chi < lowest) (lowest, best) = (chi, i);
            }
            MergeAt(result, best);
        }
        return result;
    }

    private static void MergeAt(List<Group> groups, int i)
    {
        groups[i] = groups[i].Merge(groups[i + 1]);
        groups.RemoveAt(i + 1);
    }

    /// <summary>Pearson's χ² of the 2×2 table (bin × event) of two adjacent bins.</summary>
    private static double ChiSquare(Group a, Group b)
    {
        double n = a.Count + b.Count, events = a.Events + b.Events, nonEvents = n - events;
        if (events == 0 || nonEvents == 0) return 0;
        double chi = 0;
        foreach (var x in new[] { a, b })
        {
            double expectedEvents = x.Count * events / n, expectedNon = x.Count * nonEvents / n;
            chi += (x.Events - expectedEvents) * (x.Events - expectedEvents) / expectedEvents;
            chi += (x.Count - x.Events - expectedNon) * (x.Count - x.Events - expectedNon) / expectedNon;
        }
        return chi;
    }

    /// <summary>Information value of a set of bins with the 0.5 smoothing of <see cref="Woe"/>.</summary>
    internal static double InformationValue(IReadOnlyList<Group> groups)
    {
        long events = groups.Sum(x => x.Events), nonEvents = groups.Sum(x => x.Count - x.Events);
        return groups.Sum(x => Iv(x.Count - x.Events, x.Events, nonEvents, events, groups.Count));
    }

    /// <summary>
    /// Weight of evidence, ln(share of all non-events ÷ share of all events), with 0.5 added to each count so that a bin
    /// with one class only still gets a finite weight. Positive: fewer events than average (lower risk).
    /// </summary>
    internal static double Woe(long binNonEvents, long binEvents, long nonEvents, long events, int bins) =>
        Math.Log((binNonEvents + 0.5) / (nonEvents + 0.5 * bins)) - Math.Log((binEvents + 0.5) / (events + 0.5 * bins));

    /// <summary>A bin's contribution to the information value: (share of non-events − share of events) × WoE.</summary>
    internal static double Iv(long binNonEvents, long binEvents, long nonEvents, long events, int bins) =>
        ((binNonEvents + 0.5) / (nonEvents + 0.5 * bins) - (binEvents + 0.5) / (events + 0.5 * bins)) * Woe(binNonEvents, binEvents, nonEvents, events, bins);
}
