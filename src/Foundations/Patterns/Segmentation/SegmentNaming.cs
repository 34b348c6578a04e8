using System.Globalization;
using System.Text;

namespace Foundations.Patterns.Segmentation;

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
        new(new[] { "age" }, "older", "young", false),
        new(new[] { "income", "salary_amount", "earnings" }, "affluent", "lower-income", false),
        new(new[] { "days_since", "inactive", "dormant" }, "dormant", "recently active", false),
        new(new[] { "login", "digital", "app_", "online" }, "digital", "offline", false),
        new(new[] { "branch" }, "branch-going", null, false),
        new(new[] { "call" }, "phone-reliant", null, false),
        new(new[] { "complaint" }, "dissatisfied", null, false),
        new(new[] { "tenure" }, "long-standing", "newer", false),
        new(new[] { "product" }, "multi-product", "single-product", false),
        new(new[] { "spend" }, "big-spending", "low-spending", false),
        new(new[] { "checking_balance", "current_balance" }, "cash-rich", "low-balance", false),
    };

    /// <summary>The profiles with a generated name and a one-paragraph description each (names made unique).</summary>
    internal static IReadOnlyList<SegmentProfile> Name(IReadOnlyList<SegmentProfile> profiles)
    {
        var named = profiles.Select(p => p with { Name = NameOf(p) }).ToList();
        foreach (var group in named.GroupBy(p => p.Name).Where(g => g.Count() > 1).ToList())
            foreach (var p in group)
                named[named.IndexOf(p)] = p with { Name = $"{p.Name} ({p.Segment})" };
        return named.Select(p => p with { Description = Describe(p) }).ToList();
    }

    /// <summary>A short name from the largest differences, for example "Young digital customers".</summary>
    public static string NameOf(SegmentProfile profile)
    {
        var adjectives = new List<string>();
        string? noun = null;
        foreach (var d in profile.Distinguishing.Take(6))
        {
            bool high = d.StandardizedDifference > 0;
            string? word;
            bool isNoun;
            if (d.Category is not null)
            {
                // A category over-represented in the segment: "retired", "mobile-first". Short codes (a band "B")
                // say nothing in a name; they stay in the description.
                if (d.Category.Length <= 2) continue;
                string value = d.Category.Replace('_', '-');
                word = d.Column.Contains("channel", StringComparison.OrdinalIgnoreCase) ? $"{value}-first" : value;
                isNoun = false;
            }
            else
            {
                var entry = Vocabulary.FirstOrDefault(v => v.Keywords.Any(k => d.Column.Contains(k, StringComparison.OrdinalIgnoreCase)));
                word = entry is null ? null : high ? entry.High : entry.Low;
                isNoun = entry?.Noun ?? false;
            }
            if (word is null) continue;
            if (isNoun) noun ??= word;
            else if (adjectives.Count < 2 && !adjectives.Contains(word)) adjectives.Add(word);
            if (noun is not null && adjectives.Count == 2) break;
        }
        if (adjectives.Count == 0 && noun is null)
        {
            // Nothing the vocabulary knows: name it by its largest difference in plain words.
            var first = profile.Distinguishing.FirstOrDefault();
            return first is null ? $"Typical customers ({profile.Segment})"
                : Capitalize($"{(first.StandardizedDifference > 0 ? "high" : "low")} {first.Label} customers");
        }
        return Capitalize(string.Join(" ", adjectives.Append(noun ?? "customers")));
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
            text.Append($"Their {FeatureDifference.Humanize(p.OutcomeColumn!)} rate is {rate.ToString("0.0%", c)} against {population.ToString("0.0%", c)} overall{relative}. ");
        }
        if (p.KeyFigures.Count > 0)
            text.Append("On average: " + string.Join(", ", p.KeyFigures.Select(k => $"{k.Label} {k.Format(k.SegmentValue)}")) + ".");
        return text.ToString().TrimEnd();
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
