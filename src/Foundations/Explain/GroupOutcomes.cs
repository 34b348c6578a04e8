using System.Globalization;
using Foundations.Data;
using MathNet.Numerics.Distributions;
using Foundations.Experiments;
using Foundations.Patterns;
using Microsoft.Data.Analysis;

namespace Foundations.Explanation;

/// <summary>Which outcome of the model's decision is the one a customer wants.</summary>
public enum Favourable
{
    /// <summary>Not being flagged (credit: a flagged applicant is declined or referred).</summary>
    NotFlagged,
    /// <summary>Being flagged (churn: a flagged customer is offered something to stay).</summary>
    Flagged,
}

/// <summary>How a model treats one group of customers on the test part.</summary>
/// <param name="Group">The group as printed ("≤ 32", "(32, 45]", "F", "Missing").</param>
/// <param name="Customers">Test customers in the group.</param>
/// <param name="Events">Of them, customers who had the event.</param>
/// <param name="EventRate">Events ÷ customers: what actually happened.</param>
/// <param name="MeanProbability">The model's mean probability: close to the event rate when it is calibrated for the group.</param>
/// <param name="FlaggedShare">Share of the group at or above the cut-off.</param>
/// <param name="TruePositiveRate">Share of the group's events that are flagged (null without events).</param>
/// <param name="FalsePositiveRate">Share of the group's non-events that are flagged (null without non-events).</param>
/// <param name="Auc">How well the model ranks customers within the group (null with fewer than 5 of either outcome).</param>
public sealed record GroupOutcome(string Group, int Customers, int Events, double EventRate, double MeanProbability, double FlaggedShare,
    double? TruePositiveRate, double? FalsePositiveRate, double? Auc);

/// <summary>One column's groups, and how far apart the model's treatment of them is.</summary>
/// <param name="Column">The column the customers are grouped by.</param>
/// <param name="Groups">Its groups: number bands in value order (missing last), or categories by size.</param>
/// <param name="ImpactRatio">
/// The lowest share of a group given the favourable outcome ÷ the highest (1: every group alike). The four-fifths rule
/// of thumb of US employment law, used by lenders as a first screen, flags a ratio below 0.8. Null when fewer than two
/// groups hold enough customers (<see cref="GroupOutcomes.MinCustomers"/>) to compare.
/// </param>
/// <param name="Summary">What the table says, in sentences.</param>
public sealed record GroupOutcomeTable(string Column, IReadOnlyList<GroupOutcome> Groups, double? ImpactRatio, IReadOnlyList<string> Summary)
{
    /// <summary>
    /// A 95% interval for the impact ratio (null when the ratio is, or when no group gets the outcome): simultaneous intervals for every pair of compared groups
    /// (Katz's log method, Bonferroni over the pairs), so it holds however the lowest and highest were picked. A ratio
    /// below 0.8 whose interval reaches 0.8 may be chance; one whose interval lies below it is not.
    /// </summary>
    public (double Low, double High)? ImpactRatioInterval { get; init; }
}

/// <summary>
/// How one model treats the groups of customers of one or more columns (an age band, a sex, a postcode area) on the
/// test part: who is flagged, how many of each group's events it catches and how many of the rest it flags, how well it
/// ranks within each group, and how close its probabilities are to what happened. What a bank's model reviewers ask of
/// any column named like a protected characteristic (<see cref="Data.Readiness.ProtectedCheck"/>); fairlearn's
/// <c>MetricFrame</c> is the peer. Built by <c>Explain.OutcomesBy</c>.
/// </summary>
public sealed class GroupOutcomes
{
    /// <summary>Groups with fewer test customers are shown but not compared: their shares move too much by chance.</summary>
    public const int MinCustomers = 30;

    internal GroupOutcomes(string model, double cutoff, Favourable favourable, int testRows, IReadOnlyList<GroupOutcomeTable> tables)
    {
        Model = model;
        Cutoff = cutoff;
        Favourable = favourable;
        TestRows = testRows;
        Tables = tables;
    }

    /// <summary>The model judged (deep, scorecard, logistic, lightgbm, fasttree).</summary>
    public string Model { get; }
    /// <summary>The cut-off at or above which a customer is flagged (the prediction's).</summary>
    public double Cutoff { get; }
    /// <summary>Which outcome the customer wants; the impact ratio compares the groups' shares of it.</summary>
    public Favourable Favourable { get; }
    /// <summary>Test customers.</summary>
    public int TestRows { get; }
    /// <summary>One table per column, in the order asked.</summary>
    public IReadOnlyList<GroupOutcomeTable> Tables { get; }

    /// <summary>The table for <paramref name="column"/>.</summary>
    public GroupOutcomeTable this[string column] =>
        Tables.FirstOrDefault(t => t.Column == column) ?? throw new KeyNotFoundException($"No table for '{column}' (tables: {string.Join(", ", Tables.Select(t => t.Column))}).");

    public override string ToString() => string.Join(Environment.NewLine, Tables.SelectMany(t => t.Summary.Prepend($"{t.Column}:")));

    internal static GroupOutcomes Of(PredictionResult result, IReadOnlyList<string> columns, string? model, Favourable favourable, int bands)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("Name at least one column to group customers by (for example \"age\").", nameof(columns));
        if (bands is < 2 or > 20) throw new ArgumentOutOfRangeException(nameof(bands), bands, "bands cuts a number column into 2 to 20 groups of about equal size (for example 4).");
        var evaluation = model is null
            ? result.Evaluations.FirstOrDefault(e => e.Model == TrainedPrediction.DeepName) ?? result.Evaluations.OrderByDescending(e => e.Auc).First()
            : result[model];
        var test = result.Setup.Split.RawTest;
        if (test.Rows.Count != evaluation.Probabilities.Count)
            throw new InvalidOperationException($"The test part has {test.Rows.Count:N0} rows but the {evaluation.Model} model scored {evaluation.Probabilities.Count:N0}.");
        double cutoff = result.Setup.Cutoff;
        var tables = new List<GroupOutcomeTable>();
        foreach (var name in columns)
        {
            if (test.Columns.IndexOf(name) < 0)
                throw new ArgumentException($"Column '{name}' is not in the test part (columns: {string.Join(", ", test.Columns.Select(c => c.Name))}).", nameof(columns));
            if (name == result.Setup.Target) throw new ArgumentException($"'{name}' is the target; group customers by another column.", nameof(columns));
            var (labels, groupOf) = Groups(test.Columns[name], bands);
            tables.Add(Table(name, labels, groupOf, evaluation.Probabilities, evaluation.Labels, cutoff, favourable, evaluation.Model));
        }
        var outcomes = new GroupOutcomes(evaluation.Model, cutoff, favourable, (int)test.Rows.Count, tables);
        foreach (var t in tables.Where(t => t.ImpactRatio is not null))
        {
            Run.Current.Metric($"impact_ratio_{MetricName(t.Column)}", t.ImpactRatio!.Value);
            if (t.ImpactRatioInterval is { } interval)
            {
                Run.Current.Metric($"impact_ratio_{MetricName(t.Column)}_low", interval.Low);
                Run.Current.Metric($"impact_ratio_{MetricName(t.Column)}_high", interval.High);
            }
        }
        return outcomes;
    }

    /// <summary>A column name as a metric name: lower case, anything but letters and digits as '_'.</summary>
    private static string MetricName(string column) =>
        new(column.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray());

    /// <summary>
    /// Every row's group: numbers (and dates, as decimal years) cut at quantiles into <paramref name="bands"/> bands of
    /// about equal size (fewer when the bands would hold under <see cref="MinCustomers"/> each), categories as they are with the smallest pooled beyond ten, missing values a group of their own.
    /// </summary>
    private static (List<string> Labels, int[] GroupOf) Groups(DataFrameColumn column, int bands)
    {
        int n = (int)column.Length;
        var groupOf = new int[n];
        var labels = new List<string>();
        if (ColumnTypes.NumbersOrYears(column) is { } values && FrameOps.Family(column) != "boolean")
        {
            var present = values.Where(v => !double.IsNaN(v)).Order().ToArray();
            // Fewer bands on a small test part, so each holds enough customers to compare (80 customers: 2 bands of 40).
            bands = Math.Max(2, Math.Min(bands, present.Length / GroupOutcomes.MinCustomers));
            var edges = new List<double>();
            for (int b = 1; b < bands && present.Length > 0; b++)
            {
                double edge = present[Math.Min(present.Length - 1, (int)Math.Floor((double)b * present.Length / bands))];
                // A band is "at or below" its edge; an edge at the top value would leave the last band empty.
                if (edge < present[^1] && (edges.Count == 0 || edge > edges[^1])) edges.Add(edge);
            }
            string show(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
            for (int b = 0; b <= edges.Count; b++)
                labels.Add(edges.Count == 0 ? "all values"
                    : b == 0 ? $"\u2264 {show(edges[0])}"
                    : b == edges.Count ? $"> {show(edges[^1])}"
                    : $"({show(edges[b - 1])}, {show(edges[b])}]");
            int missing = -1;
            for (int r = 0; r < n; r++)
            {
                if (double.IsNaN(values[r]))
                {
                    if (missing < 0) { missing = labels.Count; labels.Add("Missing"); }
                    groupOf[r] = missing;
                    continue;
                }
                int g = 0;
                while (g < edges.Count && values[r] > edges[g]) g++;
                groupOf[r] = g;
            }
            return (labels, groupOf);
        }
        var keys = FrameOps.Keys(column);
        var counts = keys.Where(k => k is not null).GroupBy(k => k!, StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        // Ten groups read as a table; a postcode or branch code of thousands of values is pooled beyond them.
        const int shown = 10;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, _) in counts.Take(counts.Count > shown + 1 ? shown : counts.Count)) { index[key] = labels.Count; labels.Add(key); }
        int other = -1, missingGroup = -1;
        for (int r = 0; r < n; r++)
        {
            if (keys[r] is not { } key) { groupOf[r] = -1; continue; }
            if (index.TryGetValue(key, out int g)) { groupOf[r] = g; continue; }
            if (other < 0) { other = labels.Count; labels.Add($"Other ({counts.Count - shown:N0} values)"); }
            groupOf[r] = other;
        }
        for (int r = 0; r < n; r++)
        {
            if (groupOf[r] >= 0) continue;
            if (missingGroup < 0) { missingGroup = labels.Count; labels.Add("Missing"); }
            groupOf[r] = missingGroup;
        }
        return (labels, groupOf);
    }

    private static GroupOutcomeTable Table(string column, List<string> labels, int[] groupOf, IReadOnlyList<double> p, IReadOnlyList<int> y, double cutoff, Favourable favourable, string model)
    {
        var groups = new List<GroupOutcome>();
        for (int g = 0; g < labels.Count; g++)
        {
            var rows = Enumerable.Range(0, groupOf.Length).Where(r => groupOf[r] == g).ToArray();
            if (rows.Length == 0) continue;
            int events = rows.Count(r => y[r] == 1), nonEvents = rows.Length - events;
            int flagged = rows.Count(r => p[r] >= cutoff);
            int caught = rows.Count(r => y[r] == 1 && p[r] >= cutoff);
            double? auc = events >= 5 && nonEvents >= 5 ? BinaryMetrics.Auc(rows.Select(r => p[r]).ToArray(), rows.Select(r => y[r]).ToArray()) : null;
            groups.Add(new GroupOutcome(labels[g], rows.Length, events, (double)events / rows.Length, rows.Average(r => p[r]), (double)flagged / rows.Length,
                events == 0 ? null : (double)caught / events, nonEvents == 0 ? null : (double)(flagged - caught) / nonEvents, auc));
        }
        var compared = groups.Where(g => g.Customers >= MinCustomers).ToList();
        double Share(GroupOutcome g) => favourable == Favourable.Flagged ? g.FlaggedShare : 1 - g.FlaggedShare;
        double? ratio = null;
        (double Low, double High)? interval = null;
        if (compared.Count >= 2)
        {
            double high = compared.Max(Share), low = compared.Min(Share);
            ratio = high == 0 ? 1 : low / high;
            interval = high == 0 ? null : RatioInterval(compared.Select(g => ((int)Math.Round(Share(g) * g.Customers), g.Customers)).ToList(), ratio.Value);
        }
        return new GroupOutcomeTable(column, groups, ratio, Sentences(column, compared, ratio, interval, cutoff, favourable, model, Share)) { ImpactRatioInterval = interval };
    }

    /// <summary>
    /// 95% interval for min over groups of share ÷ max: each ordered pair's ratio gets Katz's log interval at the
    /// Bonferroni level for all pairs; the true impact ratio is the least of the pairs' true ratios, so it lies between
    /// the least lower bound and the least upper bound whenever every pair's interval holds. A group with none given
    /// the outcome gets half a customer (Haldane), so a ratio of 0 still has a finite interval.
    /// </summary>
    internal static (double Low, double High) RatioInterval(IReadOnlyList<(int Favoured, int Customers)> groups, double ratio)
    {
        int pairs = groups.Count * (groups.Count - 1) / 2;
        double z = Normal.InvCDF(0, 1, 1 - 0.05 / (2 * pairs));
        double low = double.PositiveInfinity, high = double.PositiveInfinity;
        for (int a = 0; a < groups.Count; a++)
            for (int b = 0; b < groups.Count; b++)
            {
                if (a == b) continue;
                var (xa, na) = Corrected(groups[a]);
                var (xb, nb) = Corrected(groups[b]);
                double logRatio = Math.Log(xa / na) - Math.Log(xb / nb);
                double se = Math.Sqrt(Math.Max(0, 1 / xa - 1 / na + 1 / xb - 1 / nb));
                low = Math.Min(low, Math.Exp(logRatio - z * se));
                high = Math.Min(high, Math.Exp(logRatio + z * se));
            }
        // The Haldane half can move a bound past the estimate by a hair; the interval always holds the ratio shown.
        return (Math.Min(low, ratio), Math.Min(1, Math.Max(high, ratio)));

        static (double X, double N) Corrected((int Favoured, int Customers) g) =>
            g.Favoured == 0 ? (0.5, g.Customers + 0.5) : (g.Favoured, g.Customers);
    }

    private static IReadOnlyList<string> Sentences(string column, List<GroupOutcome> compared, double? ratio, (double Low, double High)? interval, double cutoff, Favourable favourable, string model,
        Func<GroupOutcome, double> share)
    {
        var c = CultureInfo.InvariantCulture;
        if (compared.Count < 2)
            return new[] { string.Format(c, "Fewer than two groups of '{0}' hold {1} or more test customers: too few to compare.", column, MinCustomers) };
        string range(Func<GroupOutcome, double?> value, string format)
        {
            var known = compared.Where(g => value(g) is not null).ToList();
            if (known.Count == 0) return "not measurable";
            string low = value(known.MinBy(g => value(g)!.Value)!)!.Value.ToString(format, c), high = value(known.MaxBy(g => value(g)!.Value)!)!.Value.ToString(format, c);
            // Groups alike to the precision shown read as one figure, not "from 0.0% (a) to 0.0% (a)".
            if (low == high) return $"{low} in every group";
            var lowGroup = known.MinBy(g => value(g)!.Value)!;
            var highGroup = known.MaxBy(g => value(g)!.Value)!;
            return string.Format(c, "from {0} ({1}) to {2} ({3})", low, lowGroup.Group, high, highGroup.Group);
        }
        string outcome = favourable == Favourable.Flagged ? "being flagged" : "not being flagged";
        var least = compared.MinBy(share)!;
        var most = compared.MaxBy(share)!;
        var sentences = new List<string>();
        if (compared.All(g => g.FlaggedShare == 0) || compared.All(g => g.FlaggedShare == 1))
        {
            // A cut-off that flags nobody (or everybody) treats every group alike and says nothing about fairness.
            string who = compared.All(g => g.FlaggedShare == 0) ? "no test customer" : "every test customer";
            sentences.Add(string.Format(c, "At the cut-off of {0:0.##}, the {1} model flags {2} in any group of '{3}', so at this cut-off every group is treated alike: compare the groups at the cut-off the bank will use (WithCutoff).",
                cutoff, model, who, column));
        }
        else
        {
            sentences.Add(string.Format(c, "At the cut-off of {0:0.##}, the share of each group of '{3}' that the {1} model flags: {2}.", cutoff, model, range(g => g.FlaggedShare, "0.0%"), column));
            sentences.Add(string.Format(c, "Taking {0} as the outcome customers want, the group '{1}' gets it at {2:0.00} of the rate of the group '{3}'{4}.",
                outcome, least.Group, ratio, most.Group,
                ratio < 0.8 ? ": below 0.80, which the four-fifths rule of thumb treats as adverse impact to be explained" : " (0.80 or more passes the four-fifths rule of thumb)"));
            if (interval is { } ci)
                sentences.Add(string.Format(c, "Its 95% interval, allowing for {0} groups compared, runs from {1:0.00} to {2:0.00}: {3}", compared.Count, ci.Low, ci.High,
                    ci.High < 0.8 ? "below 0.80 throughout, so the gap is more than chance among groups this size."
                    : ci.Low >= 0.8 ? "0.80 or more throughout."
                    : string.Format(c, "it reaches {0} 0.80, so with groups this size ('{1}' {2:N0} and '{3}' {4:N0} test customers) {5} may be chance.",
                        ratio < 0.8 ? "past" : "below", least.Group, least.Customers, most.Group, most.Customers, ratio < 0.8 ? "the shortfall" : "passing the rule")));
        }
        sentences.Add(string.Format(c, "Actual event rates: {0}. Flagging more where more customers have the event is what an accurate model does, so the error rates say more. Share of each group's events caught (true positive rate): {1}; share of the rest flagged (false positive rate): {2}.",
            range(g => g.EventRate, "0.0%"), range(g => g.TruePositiveRate, "0%"), range(g => g.FalsePositiveRate, "0.0%")));
        var calibration = compared.MaxBy(g => Math.Abs(g.MeanProbability - g.EventRate))!;
        sentences.Add(string.Format(c, "AUC within each group: {0}. The mean probability is furthest from what happened for '{1}' ({2:0.0%} against {3:0.0%}).",
            range(g => g.Auc, "0.00"), calibration.Group, calibration.MeanProbability, calibration.EventRate));
        return sentences;
    }
}
