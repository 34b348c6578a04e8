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
    private sealed record Word(string[] Keywords, string? High, string? Low, bool Noun);

    // Ordered: the first entry whose keyword occurs in a column name describes it.
    private static readonly Word[] Vocabulary =
    {
        new(new[] { "missed", "arrear", "overdue", "delinquen" }, "stretched borrowers", null, true),
        new(new[] { "default" }, "high-risk borrowers", null, true),
        new(new[] { "savings_balance", "saving_balance", "savings balance", "deposit_balance" }, "savers", null, true),
        new(new[] { "mortgage" }, "homeowners", null, true),
        new(new[] { "credit_card_balance", "card_balance", "utilisation", "utilization" }, "card borrowers", null, true),
        new(new[] { "creditscore", "credit_score", "credit score" }, "strong-credit", "weak-credit", false),
        new(new[] { "hascrcard", "has_credit_card", "has_card", "hascard" }, "card-holding", "cardless", false),
        new(new[] { "age" }, "older", "young", false),
        new(new[] { "income", "salary_amount", "estimatedsalary", "estimated_salary", "earnings" }, "affluent", "lower-income", false),
        new(new[] { "days_since", "inactive", "dormant" }, "dormant", "recently active", false),
        new(new[] { "active" }, "active", "inactive", false),
        new(new[] { "login", "digital", "app_", "online" }, "digital", "offline", false),
        new(new[] { "branch" }, "branch-going", null, false),
        new(new[] { "call" }, "phone-reliant", null, false),
        new(new[] { "complaint" }, "dissatisfied", null, false),
        new(new[] { "tenure" }, "long-standing", "newer", false),
        new(new[] { "product" }, "multi-product", "single-product", false),
        new(new[] { "spend" }, "big-spending", "low-spending", false),
        new(new[] { "checking_balance", "current_balance" }, "cash-rich", "low-balance", false),
        new(new[] { "balance" }, "high-balance", "low-balance", false),
    };

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
        var entry = Vocabulary.FirstOrDefault(v => v.Keywords.Any(k => d.Column.Contains(k, StringComparison.OrdinalIgnoreCase)));
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
