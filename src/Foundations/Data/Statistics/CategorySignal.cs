using System.Globalization;

namespace Foundations.Data;

/// <summary>
/// Whether a category column with many values tells a yes/no outcome on customers it did not learn from. With
/// hundreds of values a column's own event rates always differ (a county code with 2,000 values and no effect looks
/// informative on the rows it was counted on), and a model given it learns that noise; the honest test is out of sample.
/// </summary>
public static class CategorySignal
{
    /// <summary>Above this many categories a column's signal is judged out of sample (the scorecard and PrepareFor agree).</summary>
    public const int ManyCategories = 50;

    /// <summary>
    /// Learns each category's event rate on one half of the rows (<see cref="HalfOf"/>), shrunk toward the overall
    /// rate as much as the spread between categories warrants (empirical Bayes), and measures on the other half how much
    /// it lowers the log loss below the overall rate alone; then the other way round. Values seen fewer than
    /// <paramref name="minCount"/> times in the learning half, missing values and values that half never saw share the
    /// overall rate, as they share code 0 in a model.
    /// </summary>
    /// <param name="keys">The column's values (null: missing).</param>
    /// <param name="events">The outcome, true for one of its two values.</param>
    /// <param name="minCount">Values seen fewer times than this are pooled, as <see cref="CategorizeStep"/> pools them.</param>
    /// <param name="groups">
    /// Each row's customer (any number per customer), for files with several rows per customer: a customer's rows then
    /// fall in one half, so a value repeated over a customer's months cannot pass by recalling that customer's outcome.
    /// </param>
    public static CategorySignalResult HeldOut(IReadOnlyList<string?> keys, IReadOnlyList<bool> events, int minCount = 1, IReadOnlyList<int>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(events);
        if (keys.Count != events.Count) throw new ArgumentException($"{keys.Count} values but {events.Count} outcomes.", nameof(events));
        var half = Halves(keys.Count, groups);   // checks that groups has one customer per value
        // Per fold: the summed gain of each category's held-out rows, kept per category because rows of one category
        // share one learned rate, so the standard error must count categories, not rows, as the independent units.
        double gainSum = 0, variance = 0;
        long heldRows = 0;
        bool spread = false;
        for (int fold = 0; fold < 2; fold++)
        {
            var (rates, overall) = LearnRates(keys, events, half, fold, minCount);
            spread |= rates.Count > 0;
            var gainOf = new Dictionary<string, (double Gain, long Rows)>(StringComparer.Ordinal);
            long pooledRows = 0, rows = 0;
            double foldGain = 0;
            for (int r = 0; r < keys.Count; r++)
            {
                if (half[r] != fold) continue;
                rows++;
                if (overall is <= 0 or >= 1) continue;   // one outcome in the learning half: nothing to gain
                bool e = events[r];
                double baseLoss = -Math.Log(e ? overall : 1 - overall);
                if (keys[r] is { } key && rates.TryGetValue(key, out double q))
                {
                    double gain = baseLoss + Math.Log(e ? q : 1 - q);
                    ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(gainOf, key, out _);
                    slot = (slot.Gain + gain, slot.Rows + 1);
                    foldGain += gain;
                }
                else pooledRows++;   // the overall rate: no gain
            }
            if (rows == 0) continue;
            double mean = foldGain / rows;
            // Rows with no learned rate gain exactly 0, each on its own: they share no estimate, so they are units of one row.
            double squares = pooledRows * mean * mean;
            foreach (var (gain, n) in gainOf.Values) squares += (gain - n * mean) * (gain - n * mean);
            gainSum += foldGain;
            variance += squares;
            heldRows += rows;
        }
        if (heldRows == 0) return new CategorySignalResult(0, 0, false);
        return new CategorySignalResult(gainSum / heldRows, Math.Sqrt(variance) / heldRows, spread);
    }

    /// <summary>
    /// The half (0 or 1) row <paramref name="row"/> belongs to: a fixed hash of its position, so the halves are the same
    /// every run, yet owe nothing to the file's order. Alternating rows would not do: a file listing its values in turn
    /// (a round-robin extract, or two lines per application) puts every row of a value in the same half.
    /// </summary>
    public static int HalfOf(int row)
    {
        // SplitMix64's finaliser: every input bit moves every output bit.
        ulong z = (ulong)row + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 1);
    }

    /// <summary>Each row's half: by its position, or with <paramref name="groups"/> by its customer's number, so a customer's rows share one.</summary>
    public static int[] Halves(int rows, IReadOnlyList<int>? groups = null)
    {
        if (groups is not null && groups.Count != rows) throw new ArgumentException($"{rows} rows but {groups.Count} customers.", nameof(groups));
        var half = new int[rows];
        for (int r = 0; r < rows; r++) half[r] = HalfOf(groups is null ? r : groups[r]);
        return half;
    }

    /// <summary>The learning half's shrunk rate per category (only categories seen <paramref name="minCount"/> times) and its overall rate.</summary>
    private static (Dictionary<string, double> Rates, double Overall) LearnRates(IReadOnlyList<string?> keys, IReadOnlyList<bool> events, int[] half, int fold, int minCount)
    {
        var counts = new Dictionary<string, (long Rows, long Events)>(StringComparer.Ordinal);
        long rows = 0, eventCount = 0;
        for (int r = 0; r < keys.Count; r++)
        {
            if (half[r] == fold) continue;
            rows++;
            if (events[r]) eventCount++;
            if (keys[r] is not { } key) continue;
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
            slot = (slot.Rows + 1, slot.Events + (events[r] ? 1 : 0));
        }
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        if (rows == 0) return (rates, double.NaN);
        double overall = (double)eventCount / rows;
        var kept = counts.Where(kv => kv.Value.Rows >= Math.Max(1, minCount)).ToList();
        long keptRows = kept.Sum(kv => kv.Value.Rows);
        if (keptRows == 0 || overall is <= 0 or >= 1) return (rates, overall);
        // Method of moments: the spread of the categories' rates around the overall rate, less what binomial noise alone
        // would give, is the spread of their true rates (τ²); a category's rate is then its own count of rows worth of
        // evidence against p(1 − p)/τ² rows' worth of the overall rate. No spread beyond noise: every category gets the overall rate.
        double spread = 0, noise = 0;
        foreach (var (_, (n, e)) in kept)
        {
            double rate = (double)e / n;
            spread += n * (rate - overall) * (rate - overall);
            noise += overall * (1 - overall);
        }
        double tau2 = (spread - noise) / keptRows;
        if (!(tau2 > 0)) return (rates, overall);
        double prior = overall * (1 - overall) / tau2;
        foreach (var (key, (n, e)) in kept) rates[key] = (e + prior * overall) / (n + prior);
        return (rates, overall);
    }
}

/// <summary>
/// The held-out gain of a category column: how much knowing the category lowers the log loss per customer below the
/// overall rate alone (in nats; 0 when the categories are shrunk to the overall rate), and its standard error.
/// <paramref name="RatesDifferBeyondChance"/> is false when in neither half the categories' rates differ more than
/// binomial noise alone would make them differ (then every category gets the overall rate and the gain is 0).
/// </summary>
public sealed record CategorySignalResult(double LogLossGain, double StandardError, bool RatesDifferBeyondChance)
{
    /// <summary>
    /// The gain exceeds one standard error. A loose bar on purpose: keeping a column of noise costs a model a little
    /// (it can learn the noise), leaving out a real driver costs more, so only a column that shows no gain is left out.
    /// </summary>
    public bool Predicts => LogLossGain > StandardError;

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "held-out log-loss gain {0:+0.00000;-0.00000;0} ± {1:0.00000} per customer", LogLossGain, StandardError);
}
