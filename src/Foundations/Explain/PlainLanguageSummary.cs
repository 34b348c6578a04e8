using System.Globalization;
using Foundations.Data;
using Foundations.Interactive;

namespace Foundations.Explain;

/// <summary>A group of customers described in words, with its event rate against everyone else's.</summary>
public sealed record RiskGroup(string Description, int Customers, double GroupRate, double OthersRate)
{
    /// <summary>How many times as likely the group is to have the event as the others.</summary>
    public double Ratio => OthersRate <= 0 ? double.PositiveInfinity : GroupRate / OthersRate;
}

/// <summary>Sentences a banker can read, generated from the numbers: the riskiest group for each top input, and for the top two together.</summary>
public sealed class PlainLanguageSummary : IHtmlReport
{
    private PlainLanguageSummary(IReadOnlyList<RiskGroup> groups, IReadOnlyList<string> sentences, bool observed)
    {
        Groups = groups;
        Sentences = sentences;
        Observed = observed;
    }

    public IReadOnlyList<RiskGroup> Groups { get; }
    public IReadOnlyList<string> Sentences { get; }
    /// <summary>True when rates are observed outcomes; false when they are the model's average predictions (no labels).</summary>
    public bool Observed { get; }

    /// <summary>
    /// Describes the riskiest group (at least <paramref name="minShare"/> of rows, at most half) for each of <paramref name="features"/>, and for the first two combined.
    /// Rates are observed outcomes when <paramref name="data"/> has a label, else the mean of <paramref name="probabilities"/>.
    /// <paramref name="outcome"/> finishes "as likely to …" (for example "leave"); <paramref name="toOriginalUnits"/> turns model values back into the data's units.
    /// </summary>
    public static PlainLanguageSummary Write(FeatureMatrix data, IReadOnlyList<double> probabilities, IReadOnlyList<string> features,
        string outcome, Func<string, double, double>? toOriginalUnits = null, double minShare = 0.05)
    {
        if (probabilities.Count != data.Rows) throw new ArgumentException($"probabilities has {probabilities.Count} values; the matrix has {data.Rows} rows.", nameof(probabilities));
        bool observed = data.Label is not null;
        var rate = observed ? data.Label!.Select(v => (double)v).ToArray() : probabilities.ToArray();
        int minRows = Math.Max(10, (int)Math.Ceiling(minShare * data.Rows));
        var best = new List<(RiskGroup Group, bool[] Members)>();
        foreach (var feature in features)
        {
            var found = BestGroup(data, feature, rate, minRows, toOriginalUnits);
            if (found is not null) best.Add(found.Value);
        }
        var groups = best.Select(b => b.Group).ToList();
        var sentences = groups.Select(g => Sentence(g, outcome)).ToList();
        if (best.Count >= 2)
        {
            var both = best[0].Members.Zip(best[1].Members, (a, b) => a && b).ToArray();
            var combined = Group($"{best[0].Group.Description} and {best[1].Group.Description}", both, rate);
            if (combined is not null && combined.OthersRate > 0 && combined.Customers >= Math.Max(10, data.Rows / 50))
            {
                groups.Insert(0, combined);
                sentences.Insert(0, Sentence(combined, outcome));
            }
        }
        return new PlainLanguageSummary(groups, sentences, observed);
    }

    private static string Sentence(RiskGroup g, string outcome)
    {
        var ci = CultureInfo.InvariantCulture;
        return g.Ratio >= 1
            ? string.Create(ci, $"Customers whose {g.Description} are {g.Ratio:0.0}× as likely to {outcome} as the others ({Percent(g.GroupRate)} against {Percent(g.OthersRate)}; {g.Customers:N0} customers).")
            : string.Create(ci, $"Customers whose {g.Description} are {1 / g.Ratio:0.0}× less likely to {outcome} than the others ({Percent(g.GroupRate)} against {Percent(g.OthersRate)}; {g.Customers:N0} customers).");
    }

    private static string Percent(double share) => (100 * share).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static (RiskGroup Group, bool[] Members)? BestGroup(FeatureMatrix data, string feature, double[] rate, int minRows, Func<string, double, double>? toOriginalUnits)
    {
        int p = data.NumericColumns.Count, c = data.CategoricalColumns.Count;
        int ni = data.NumericColumns.ToList().IndexOf(feature);
        int ci = data.CategoricalColumns.Select(x => x.Name).ToList().IndexOf(feature);
        if (ni < 0 && ci < 0) throw new ArgumentException($"'{feature}' is not an input of the matrix (inputs: {string.Join(", ", data.FeatureNames)}).", nameof(feature));
        var candidates = new List<(string Description, bool[] Members)>();
        var inv = CultureInfo.InvariantCulture;
        if (ni >= 0)
        {
            var values = Enumerable.Range(0, data.Rows).Select(r => data.Numeric[r * p + ni]).ToArray();
            double Shown(float v) => toOriginalUnits?.Invoke(feature, v) ?? v;
            var distinct = values.Distinct().ToArray();
            if (distinct.Length == 2 && distinct.Select(v => Math.Round(Shown(v), 9)).Order().SequenceEqual(new[] { 0.0, 1.0 }))
            {
                // A yes/no column reads better as words than as "0 or less".
                foreach (var v in distinct)
                    candidates.Add(($"{feature} is {(Math.Round(Shown(v)) == 1 ? "true" : "false")}", values.Select(x => x == v).ToArray()));
            }
            else
            {
                var sorted = values.Order().ToArray();
                foreach (var q in new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 })
                {
                    float t = sorted[(int)(q * (sorted.Length - 1))];
                    string shown = Shown(t).ToString("G3", inv);
                    candidates.Add(($"{feature} is {shown} or more", values.Select(v => v >= t).ToArray()));
                    candidates.Add(($"{feature} is {shown} or less", values.Select(v => v <= t).ToArray()));
                }
            }
        }
        else
        {
            var info = data.CategoricalColumns[ci];
            for (int code = 0; code < info.Cardinality; code++)
            {
                string name = code == 0 ? "missing or rare" : code - 1 < info.Categories.Count ? info.Categories[code - 1] : code.ToString(inv);
                candidates.Add(($"{feature} is {name}", Enumerable.Range(0, data.Rows).Select(r => data.Categorical[r * c + ci] == code).ToArray()));
            }
        }
        (RiskGroup Group, bool[] Members)? best = null;
        foreach (var (description, members) in candidates)
        {
            int size = members.Count(m => m);
            // A risk group is a minority of customers, and "as likely as the others" needs others who have the event.
            if (size < minRows || size > data.Rows / 2) continue;
            var g = Group(description, members, rate);
            if (g is not null && g.OthersRate > 0 && (best is null || g.Ratio > best.Value.Group.Ratio)) best = (g, members);
        }
        return best;
    }

    private static RiskGroup? Group(string description, bool[] members, double[] rate)
    {
        double inSum = 0, outSum = 0;
        int inCount = 0, outCount = 0;
        for (int r = 0; r < members.Length; r++)
        {
            if (members[r]) { inSum += rate[r]; inCount++; } else { outSum += rate[r]; outCount++; }
        }
        if (inCount == 0 || outCount == 0) return null;
        return new RiskGroup(description, inCount, inSum / inCount, outSum / outCount);
    }

    public override string ToString() => string.Join(Environment.NewLine, Sentences);

    public string ToHtml() =>
        "<div class=\"fn-summary\"><h4>In plain words</h4><ul>" + string.Concat(Sentences.Select(s => $"<li>{Html.Escape(s)}</li>")) + "</ul>"
        + $"<p><em>{Html.Escape(Observed ? "Rates are what actually happened to these customers." : "Rates are the model's average predictions (no outcomes known yet).")} These groups describe the data; they are associations, not proof of cause.</em></p></div>";
}
