using Microsoft.Data.Analysis;

namespace Foundations.Data;

public static partial class Readiness
{
    /// <summary>The name of the check for a file with several rows per customer (or account): a split by rows lets the test flatter the model.</summary>
    public const string SeveralRowsPerCustomerCheck = "Several rows per customer";

    // Words that name whose row it is; a column named so, or left out of the inputs, may key one customer's rows.
    private static readonly HashSet<string> KeyWords = new(StringComparer.Ordinal)
    {
        "id", "key", "ref", "uuid", "guid", "customer", "client", "cust", "account", "acct", "member", "borrower", "applicant", "ssn",
    };

    /// <summary>A column whose repeated values mark one customer's rows, with the evidence.</summary>
    private sealed record RepeatedKey(ReadinessColumn Column, long RepeatedRows, double Within, double AtRandom);

    /// <summary>
    /// Columns whose repeated values mark the rows of one customer (a month of a customer's history, an instalment of a
    /// loan): rows sharing the value agree on far more of the other columns than two rows at random. A name shared by
    /// different people (the sample bank's 'name') repeats too, but its rows agree no more than chance, so it is no key.
    /// Candidates are the columns left out of the inputs and those named like a key; the strongest comes first.
    /// With <paramref name="groupBy"/> (the column the split keeps whole) only pairs of rows that share a value but not
    /// their <paramref name="groupBy"/> count: a key then matters only if it joins rows of different customer ids (one
    /// person under two ids), not because it repeats within a customer (an SSN) or by chance across customers (a name).
    /// </summary>
    private static List<RepeatedKey> RepeatedKeys(List<ReadinessColumn> inputs, List<ReadinessColumn> leftOut, ReadinessColumn? groupBy = null)
    {
        var all = inputs.Concat(leftOut).ToList();
        var compared = all.Where(c => !c.UniquePerRow && c.Present > 0).ToList();
        var found = new List<RepeatedKey>();
        foreach (var c in leftOut.Concat(inputs.Where(i => NameTokens(i.Name).Any(KeyWords.Contains))))
        {
            if (ReferenceEquals(c, groupBy)) continue;
            if (c.Type is not (ColumnType.Text or ColumnType.Category or ColumnType.Int32 or ColumnType.Int64) || c.Distinct < 20) continue;
            long repeatedRows = c.Counts.Values.Where(v => v > 1).Sum();
            if (repeatedRows * 10 < c.Present) continue;
            var others = compared.Where(o => !ReferenceEquals(o, c) && !ReferenceEquals(o, groupBy)).ToList();
            if (others.Count == 0) continue;
            var (sameKey, random) = Pairs(c.Keys, groupBy?.Keys);
            // Too few pairs to judge: with groupBy, the key stays within one customer id (nested in it).
            if (sameKey.Count < MinPairs) continue;
            double within = Agreement(others, sameKey), atRandom = Agreement(others, random);
            if (within - atRandom >= 0.25) found.Add(new RepeatedKey(c, repeatedRows, within, atRandom));
        }
        if (found.Count == 0) return found;
        // Of keys that mark the rows about as well, the one whose largest group is smallest: an SSN column writing one
        // placeholder for thousands of customers ('#F%$D@*&8') groups them wrongly where the customer id does not.
        double best = found.Max(k => k.Within - k.AtRandom);
        return found.OrderByDescending(k => k.Within - k.AtRandom >= best - 0.05).ThenBy(k => k.Column.TopCount)
            .ThenByDescending(k => k.Within - k.AtRandom).ThenBy(k => k.Column.Name, StringComparer.Ordinal).ToList();
    }

    private const int PairsCompared = 2000, MinPairs = 20;

    /// <summary>
    /// Up to 2,000 pairs of rows sharing a key (one pair per key, keys spread evenly) and as many pairs with different
    /// keys. A key's pair is two of its rows drawn at random (seeded): the first two rows would, in a file sorted by
    /// customer, be one customer's months even for a name many customers share. With <paramref name="groups"/>, the two
    /// rows of a pair must differ in it.
    /// </summary>
    private static (List<(int, int)> SameKey, List<(int, int)> Random) Pairs(string?[] keys, string?[]? groups = null)
    {
        var rowsOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] is not { } k) continue;
            if (!rowsOf.TryGetValue(k, out var rows)) rowsOf[k] = rows = new List<int>();
            rows.Add(i);
        }
        var rng = new Random(7);
        var same = new List<(int, int)>();
        foreach (var rows in rowsOf.Values)   // first-seen order: the same file gives the same pairs
        {
            if (rows.Count < 2) continue;
            int a = rows[rng.Next(rows.Count)];
            var partners = groups is null ? rows.Where(r => r != a).ToList() : rows.Where(r => groups[r] != groups[a]).ToList();
            if (partners.Count == 0) continue;
            same.Add((a, partners[rng.Next(partners.Count)]));
        }
        int stride = Math.Max(1, (same.Count + PairsCompared - 1) / PairsCompared);
        same = same.Where((_, i) => i % stride == 0).ToList();
        // Rows half the file apart: deterministic, and in a file sorted by customer never the same one.
        var random = new List<(int, int)>();
        int n = keys.Length, step = Math.Max(1, n / PairsCompared);
        for (int a = 0; a < n && random.Count < same.Count; a += step)
        {
            int b = (a + n / 2) % n;
            if (a != b && !(keys[a] is { } ka && ka == keys[b])) random.Add((a, b));
        }
        return (same, random);
    }

    /// <summary>The mean share of columns, among those both rows hold, on which the two rows of a pair agree.</summary>
    private static double Agreement(List<ReadinessColumn> columns, List<(int A, int B)> pairs)
    {
        double sum = 0;
        int counted = 0;
        foreach (var (a, b) in pairs)
        {
            int both = 0, equal = 0;
            foreach (var c in columns)
            {
                if (c.Keys[a] is not { } x || c.Keys[b] is not { } y) continue;
                both++;
                if (x == y) equal++;
            }
            if (both == 0) continue;
            sum += (double)equal / both;
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /// <summary>
    /// One line when rows of one customer would be split between train and test: red unless <paramref name="groupBy"/>
    /// keeps them whole; green when it does.
    /// </summary>
    private static IEnumerable<ReadinessCheck> SeveralRowsChecks(List<RepeatedKey> keys, ReadinessColumn? groupBy)
    {
        if (groupBy is not null)
        {
            long repeated = groupBy.Counts.Values.Where(v => v > 1).Sum();
            yield return Make(ReadinessArea.Leakage, SeveralRowsPerCustomerCheck, Light.Green,
                $"The split keeps rows sharing a '{groupBy.Name}' in one part (groupBy): {groupBy.Distinct:N0} values, {repeated:N0} of {groupBy.Present:N0} rows share theirs with another row.",
                "Nothing to do: the test measures customers the model has not seen.", groupBy.Name);
        }
        if (keys.Count == 0) yield break;
        var best = keys[0];
        var c = best.Column;
        string also = keys.Count == 1 ? "" : $" ({string.Join(", ", keys.Skip(1).Select(k => $"'{k.Column.Name}'"))} {(keys.Count == 2 ? "repeats" : "repeat")} the same way)";
        if (groupBy is not null)
        {
            // Kept whole by groupBy, yet joined across it: one customer under several ids, split between train and test.
            yield return Make(ReadinessArea.Leakage, SeveralRowsPerCustomerCheck, Light.Red,
                $"'{c.Name}' joins rows of different '{groupBy.Name}' values: rows sharing a '{c.Name}' but not a '{groupBy.Name}' agree on {Pct(best.Within)} of the other columns, two rows at random on {Pct(best.AtRandom)}. One customer seems to have several '{groupBy.Name}' values, and groupBy keeps only each value whole{also}.",
                $"Group by the column that names the customer: SplitTrainTest(0.2, stratifyBy: target, groupBy: \"{c.Name}\") (notebooks: -p groupBy={c.Name}), or one that joins both.",
                keys.Select(k => k.Column.Name).ToArray());
            yield break;
        }
        yield return Make(ReadinessArea.Leakage, SeveralRowsPerCustomerCheck, Light.Red,
            $"'{c.Name}' repeats: {c.Distinct:N0} values in {c.Present:N0} rows ({(double)c.Present / c.Distinct:0.#} rows each); rows sharing one agree on {Pct(best.Within)} of the other columns, two rows at random on {Pct(best.AtRandom)}. They are one customer's (or account's) rows{also}.",
            $"Split with each customer's rows in one part: SplitTrainTest(0.2, stratifyBy: target, groupBy: \"{c.Name}\") (notebooks: -p groupBy={c.Name}). Split by rows, the same customer sits in train and test, and the test flatters the model.",
            keys.Select(k => k.Column.Name).ToArray());
    }

    /// <summary>
    /// For a train and a test part: how many test rows belong to a customer (by a key found as above) who is also in train.
    /// </summary>
    private static IEnumerable<ReadinessCheck> SharedCustomerChecks(List<RepeatedKey> keys, DataFrame test)
    {
        foreach (var key in keys.Take(1))
        {
            var c = key.Column;
            if (test.Columns.IndexOf(c.Name) < 0) continue;
            var seen = c.Counts.Keys.ToHashSet(StringComparer.Ordinal);
            long both = FrameOps.Keys(test[c.Name]).Count(k => k is not null && seen.Contains(k));
            double share = (double)both / Math.Max(1, test.Rows.Count);
            yield return both == 0
                ? Make(ReadinessArea.TrainTest, SeveralRowsPerCustomerCheck, Light.Green,
                    $"No test row has a '{c.Name}' that is also in train: each customer's rows are in one part.", "Nothing to do.", c.Name)
                : Make(ReadinessArea.TrainTest, SeveralRowsPerCustomerCheck, share >= 0.01 ? Light.Red : Light.Amber,
                    $"{both:N0} test rows ({Pct(share)}) belong to a '{c.Name}' that also has rows in train.",
                    $"Split with each customer's rows in one part (SplitTrainTest(..., groupBy: \"{c.Name}\")); otherwise the test flatters the model.", c.Name);
        }
    }
}
