using System.Globalization;
using System.Text;

namespace Foundations.Patterns;

/// <summary>
/// Names and describes segments from their numbers: the largest standardized differences are turned into words
/// through a small banking vocabulary (age → young/older, savings balance → savers, missed payments → stretched
/// borrowers ...); a column the vocabulary does not know is named plainly ("high card spend 30d").
/// Nothing is written per planted segment: other data gets other names.
/// </summary>
public static class SegmentNaming
{
    // Quantity: a word for an amount (age, income, a balance), never for a yes/no column ("IncomeVerifiable" is not
    // "affluent"). Keywords are matched on the column's words ("NumOfProducts" → num, of, products), not inside them, so
    // "MARRIAGE" and "average_spend" are not ages.
    private sealed record Word(string[] Keywords, string? High, string? Low, bool Noun, bool Quantity = false);

    // Ordered: the first entry whose keyword occurs in a column name describes it.
    private static readonly Word[] Vocabulary =
    {
        new(new[] { "missed", "arrears", "arrear", "overdue", "delinquency", "delinquencies", "delinquent", "delinq" }, "stretched borrowers", null, true),
        new(new[] { "default" }, "high-risk borrowers", null, true),
        new(new[] { "savings balance", "saving balance", "deposit balance" }, "savers", null, true, Quantity: true),
        new(new[] { "mortgage" }, "homeowners", null, true),
        new(new[] { "credit card balance", "card balance", "utilisation", "utilization" }, "card borrowers", null, true, Quantity: true),
        new(new[] { "creditscore", "credit score" }, "strong-credit", "weak-credit", false, Quantity: true),
        new(new[] { "hascrcard", "has cr card", "has credit card", "has card", "hascard" }, "card-holding", "cardless", false),
        new(new[] { "age" }, "older", "young", false, Quantity: true),
        new(new[] { "income", "salary amount", "estimatedsalary", "estimated salary", "earnings" }, "affluent", "lower-income", false, Quantity: true),
        new(new[] { "days since", "inactive", "dormant" }, "dormant", "recently active", false),
        new(new[] { "active" }, "active", "inactive", false),
        new(new[] { "login", "digital", "app", "online" }, "digital", "offline", false),
        new(new[] { "branch" }, "branch-going", null, false),
        new(new[] { "call" }, "phone-reliant", null, false),
        new(new[] { "complaint" }, "dissatisfied", null, false),
        new(new[] { "tenure" }, "long-standing", "newer", false, Quantity: true),
        new(new[] { "product" }, "multi-product", "single-product", false, Quantity: true),
        new(new[] { "spend" }, "big-spending", "low-spending", false, Quantity: true),
        new(new[] { "checking balance", "current balance" }, "cash-rich", "low-balance", false, Quantity: true),
        new(new[] { "balance" }, "high-balance", "low-balance", false, Quantity: true),
    };

    /// <summary>
    /// The words of a column name that say what it measures, lower case: "DebtToIncomeRatio" → debt (a ratio is named by
    /// what is over the "to": a high debt-to-income ratio is no sign of affluence); "mths_since_last_delinq" → mths,
    /// since (a time since something: many months since the last delinquency is no sign of a stretched borrower).
    /// </summary>
    internal static IReadOnlyList<string> MeasuredWords(string column)
    {
        var words = FeatureDifference.Humanize(column).ToLowerInvariant()
            .Split(new[] { ' ', '.', '/', '(', ')', '[', ']', ':' }, StringSplitOptions.RemoveEmptyEntries).ToList();
        int since = words.IndexOf("since");
        if (since > 0) return words.Take(since + 1).ToList();
        int to = words.IndexOf("to");
        if (to < 0) to = words.IndexOf("per");
        return to > 0 ? words.Take(to).ToList() : words;
    }

    // A keyword's words occur one after the other in the column's; a word may carry a plural or a longer ending when
    // the keyword is long enough to be a stem ("complaints", "logins", "products"; "age" matches only "age" and "ages").
    private static bool Mentions(IReadOnlyList<string> words, string keyword)
    {
        var key = keyword.Split(' ');
        for (int start = 0; start + key.Length <= words.Count; start++)
        {
            bool all = true;
            for (int k = 0; k < key.Length && all; k++)
            {
                string w = words[start + k], kw = key[k];
                all = w == kw || w == kw + "s" || w == kw + "es" || kw.Length >= 5 && w.StartsWith(kw, StringComparison.Ordinal);
            }
            if (all) return true;
        }
        return false;
    }

    /// <summary>Differences weaker than this many standard deviations are not used even to tell two names apart.</summary>
    private const double Telling = 0.2;

    private sealed record Descriptor(string Word, bool Noun, FeatureDifference Source);

    /// <summary>
    /// The profiles with a generated name, the evidence for it and a one-paragraph description each. Names are unique:
    /// when two segments would share one, each takes the next feature that tells it apart from the others.
    /// </summary>
    internal static IReadOnlyList<SegmentProfile> Name(IReadOnlyList<SegmentProfile> profiles, IReadOnlyList<FeatureDifference[]>? differences = null)
    {
        var pools = profiles.Select((p, i) => Descriptors(p, differences is null ? p.Distinguishing : differences[i])).ToList();
        var chosen = pools.Select(pool => Initial(pool)).ToList();
        for (int round = 0; round < 4; round++)
        {
            var names = chosen.Select(Compose).ToList();
            var clashes = names.Select((name, i) => (name, i)).GroupBy(x => x.name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList();
            if (clashes.Count == 0) break;
            foreach (var group in clashes)
            {
                var members = group.Select(x => x.i).ToList();
                foreach (int i in members)
                {
                    // The next word this segment has and none of the others in the clash uses.
                    var others = members.Where(j => j != i).SelectMany(j => chosen[j].Select(d => d.Word)).ToHashSet();
                    var next = pools[i].FirstOrDefault(d => !chosen[i].Contains(d) && !others.Contains(d.Word) && !(d.Noun && chosen[i].Any(c => c.Noun)));
                    if (next is not null) chosen[i] = chosen[i].Append(next).ToList();
                }
            }
        }
        var named = profiles.Select((p, i) => p with
        {
            Name = chosen[i].Count == 0 ? $"Typical customers ({p.Segment})" : Compose(chosen[i]),
            Evidence = string.Join("; ", chosen[i].Select(d => d.Source).Distinct().Select(d => d.Brief())),
        }).ToList();
        // Still equal after every telling feature: only a number is left to tell them apart.
        foreach (var group in named.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList())
            foreach (var p in group)
                named[named.IndexOf(p)] = p with { Name = $"{p.Name} ({p.Segment})" };
        return named.Select(p => p with { Description = Describe(p) }).ToList();
    }

    /// <summary>A short name from the largest differences, behaviour first, for example "Young digital customers".</summary>
    public static string NameOf(SegmentProfile profile)
    {
        var chosen = Initial(Descriptors(profile, profile.Distinguishing));
        return chosen.Count == 0 ? $"Typical customers ({profile.Segment})" : Compose(chosen);
    }

    /// <summary>At most two adjectives and one noun, in the pool's order.</summary>
    private static List<Descriptor> Initial(IReadOnlyList<Descriptor> pool)
    {
        var chosen = new List<Descriptor>();
        foreach (var d in pool.Where(d => Math.Abs(d.Source.StandardizedDifference) >= SegmentProfiler.Notable))
        {
            if (d.Noun ? chosen.Any(c => c.Noun) : chosen.Count(c => !c.Noun) >= 2) continue;
            chosen.Add(d);
            if (chosen.Count(c => !c.Noun) == 2 && chosen.Any(c => c.Noun)) break;
        }
        return chosen;
    }

    private static string Compose(IReadOnlyList<Descriptor> words)
    {
        var adjectives = words.Where(w => !w.Noun).Select(w => w.Word).Distinct();
        string noun = words.FirstOrDefault(w => w.Noun)?.Word ?? "customers";
        return Capitalize(string.Join(" ", adjectives.Append(noun)));
    }

    /// <summary>
    /// Every word a segment could be named by, one per column: columns the segments were formed on (behaviour) first,
    /// then those only described (who the customers are), each group by the size of the difference.
    /// </summary>
    private static IReadOnlyList<Descriptor> Descriptors(SegmentProfile profile, IEnumerable<FeatureDifference> differences)
    {
        var list = new List<Descriptor>();
        var candidates = differences
            .Where(d => d.Column != profile.OutcomeColumn && Math.Abs(d.StandardizedDifference) >= Telling)
            .Where(d => d.Category is null || d.StandardizedDifference > 0)
            .GroupBy(d => d.Column)
            .Select(g => g.OrderByDescending(d => Math.Abs(d.StandardizedDifference)).First())
            .OrderByDescending(d => d.FormsSegments)
            .ThenByDescending(d => Math.Abs(d.StandardizedDifference));
        foreach (var d in candidates)
        {
            var word = WordFor(d);
            if (word is not null && !list.Any(w => w.Word == word.Value.Word)) list.Add(new Descriptor(word.Value.Word, word.Value.Noun, d));
        }
        return list;
    }

    internal static (string Word, bool Noun)? WordFor(FeatureDifference d)
    {
        bool high = d.StandardizedDifference > 0;
        if (d.Category is not null)
        {
            // A category over-represented in the segment: "retired", "mobile-first". Short codes (a band "B")
            // say nothing in a name; they stay in the description.
            if (d.Category.Length <= 2) return null;
            string value = d.Category.Replace('_', '-');
            return (d.Column.Contains("channel", StringComparison.OrdinalIgnoreCase) ? $"{value}-first" : value, false);
        }
        var measured = MeasuredWords(d.Column);
        var entry = Vocabulary.FirstOrDefault(v => !(v.Quantity && d.IsYesNo) && v.Keywords.Any(k => Mentions(measured, k)));
        if (entry is not null)
        {
            var word = high ? entry.High : entry.Low;
            return word is null ? null : (word, entry.Noun);
        }
        // Not in the vocabulary: the column's own words, "savings-holding" for a yes/no column, "high-tenure" for a number.
        var label = FeatureDifference.Humanize(d.Column).Trim();
        var words = label.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (d.IsYesNo)
        {
            string verb = words.Count > 1 ? words[0].ToLowerInvariant() : "";
            var rest = verb is "has" or "is" or "with" ? words.Skip(1) : words;
            string thing = string.Join("-", rest);
            return (verb == "has" ? (high ? $"{thing}-holding" : $"no-{thing}") : high ? thing : $"non-{thing}", false);
        }
        if (words.Count > 3) return null;
        return ($"{(high ? "high" : "low")}-{string.Join("-", words)}", false);
    }

    /// <summary>One paragraph in plain words, every figure taken from the profile.</summary>
    public static string Describe(SegmentProfile p)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append($"{p.Name}: {p.Size.ToString("#,0", c)} customers ({p.Share.ToString("0%", c)} of all). ");
        if (p.Distinguishing.Count == 0)
            text.Append("They look like the customer base as a whole: no feature differs by more than a third of a standard deviation. ");
        else
        {
            text.Append("Compared with all customers they stand out on ");
            text.Append(string.Join("; ", p.Distinguishing.Select(d => d.Describe())));
            text.Append(". ");
        }
        if (p.OutcomeRate is double rate && p.PopulationOutcomeRate is double population)
        {
            string relative = population <= 0 ? "" : rate > population * 1.5 ? ", well above the average"
                : rate > population * 1.1 ? ", above the average" : rate < population / 1.5 ? ", well below the average"
                : rate < population / 1.1 ? ", below the average" : ", close to the average";
            string interval = p.OutcomeLow is double low && p.OutcomeHigh is double high ? $" (95% interval {low.ToString("0.0%", c)}–{high.ToString("0.0%", c)})" : "";
            string lift = p.Lift is double l ? $", lift {l.ToString("0.00", c)}" : "";
            text.Append($"Their {FeatureDifference.Humanize(p.OutcomeColumn!)} rate is {rate.ToString("0.0%", c)}{interval} against {population.ToString("0.0%", c)} overall{lift}{relative}. ");
        }
        if (p.KeyFigures.Count > 0)
            text.Append("On average: " + string.Join(", ", p.KeyFigures.Select(k => $"{k.Label} {k.Format(k.SegmentValue)}")) + ".");
        return text.ToString().TrimEnd();
    }

    internal static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
