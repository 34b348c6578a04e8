namespace Foundations.Data;

/// <summary>
/// Rows held out a whole group at a time (a customer's months, a loan's instalments), as scikit-learn's
/// StratifiedGroupKFold does: the test split and the deep model's validation rows both use it, so neither measures
/// rows of a customer the model learned from.
/// </summary>
internal static class GroupedHoldout
{
    /// <summary>
    /// The rows of whole groups making up about <paramref name="share"/> of each class's rows. A group counts in the class
    /// most of its rows hold (ties: the first in ordinal order); groups are taken in seeded order, per class in ordinal
    /// order, until the class's share is reached. <paramref name="groupOf"/> numbers each row's group.
    /// </summary>
    public static List<int> Take(IReadOnlyList<int> groupOf, IReadOnlyList<string> classOf, double share, Random rng)
    {
        var groups = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < groupOf.Count; i++)
        {
            if (!groups.TryGetValue(groupOf[i], out var rows)) groups[groupOf[i]] = rows = new List<int>();
            rows.Add(i);
        }
        string ClassOf(List<int> rows) => rows.GroupBy(r => classOf[r]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var taken = new List<int>();
        foreach (var stratum in groups.Values.GroupBy(ClassOf).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var members = stratum.ToArray();
            rng.Shuffle(members);
            int wanted = (int)Math.Round(members.Sum(g => g.Count) * share, MidpointRounding.AwayFromZero), count = 0;
            foreach (var group in members)
            {
                if (count >= wanted) break;
                taken.AddRange(group);
                count += group.Count;
            }
        }
        taken.Sort();
        return taken;
    }

    /// <summary>Each row's group number: rows sharing a key share one (keys numbered in ordinal order), a row without a key is a group of its own.</summary>
    public static int[] Number(IReadOnlyList<string?> keys)
    {
        var numbers = keys.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        int next = numbers.Count;
        return keys.Select(k => k is null ? next++ : numbers[k]).ToArray();
    }
}
