using System.Globalization;
using Foundations.Training;

namespace Foundations.Patterns;

/// <summary>
/// One model (the deep model) against every other model trained beside it on the same test customers: the AUC
/// differences with DeLong's 95% intervals and p-values, and which model to deploy, in words.
/// </summary>
public sealed class ModelComparison
{
    private ModelComparison(string reference, int testRows, IReadOnlyList<AucComparison> against, IReadOnlyList<AucComparison> againstChance)
    {
        Reference = reference;
        TestRows = testRows;
        Against = against;
        AgainstChance = againstChance;
    }

    /// <summary>The model compared with the others (deep).</summary>
    public string Reference { get; }
    /// <summary>The test customers the AUCs were measured on.</summary>
    public int TestRows { get; }
    /// <summary>The reference model against each other model, in the order they were trained.</summary>
    public IReadOnlyList<AucComparison> Against { get; }
    /// <summary>
    /// Every model (the reference first) against chance, a score that ranks no one above anyone (AUC 0.5): DeLong's
    /// test against a constant is the test of one AUC, so <c>ModelAuc</c> ± the interval says whether it beats a coin.
    /// </summary>
    public IReadOnlyList<AucComparison> AgainstChance { get; }

    /// <summary>Compares <paramref name="reference"/> with every other evaluated model by DeLong's test.</summary>
    public static ModelComparison Of(IReadOnlyList<ModelEvaluation> evaluations, string reference = "deep")
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var first = evaluations.FirstOrDefault(e => e.Model == reference)
            ?? throw new ArgumentException($"No model '{reference}' was evaluated (evaluated: {string.Join(", ", evaluations.Select(e => e.Model))}).", nameof(reference));
        var against = evaluations.Where(e => e.Model != reference)
            .Select(e => AucComparison.DeLong(first.Probabilities, e.Probabilities, first.Labels, reference, e.Model)).ToList();
        var coin = new double[first.Labels.Count];
        var againstChance = evaluations.OrderBy(e => e.Model == reference ? 0 : 1)
            .Select(e => AucComparison.DeLong(e.Probabilities, coin, e.Labels, e.Model, "chance")).ToList();
        return new ModelComparison(reference, first.Labels.Count, against, againstChance);
    }

    /// <summary>
    /// Which model to deploy and how sure we are, judged against the strongest other model (and LightGBM, when trained):
    /// "Deploy the deep model: its AUC is 0.004 higher than LightGBM's (95% CI −0.002 to 0.010, p = 0.18), which is not a
    /// significant difference...".
    /// </summary>
    public string Recommendation()
    {
        // On columns that do not tell the outcome the best of several models still "wins" by chance: say so first.
        if (AgainstChance.Count > 0 && AgainstChance.All(a => !(a.Difference > 0 && a.Significant)))
        {
            var best = AgainstChance.OrderByDescending(a => a.ModelAuc).First();
            return string.Format(CultureInfo.InvariantCulture, "Deploy none of these models: none ranks these {0:N0} test customers significantly better than chance. The best, {1}, has AUC {2:0.000} (95% CI {3:0.000} to {4:0.000}, p = {5} against 0.500, a coin's). " +
                "The columns may not tell this outcome at all: check the target and its labels, and whether the columns that matter were left out or are missing from the file.",
                TestRows, Name(best.Model), best.ModelAuc, 0.5 + best.Lower, 0.5 + best.Upper, AucComparison.FormatP(best.PValue));
        }
        if (Against.Count == 0) return $"Only {Name(Reference)} was trained: add another model (.WithLightGbm(), .WithScorecard()) to compare.";
        var c = Against.OrderByDescending(a => a.BaselineAuc).First();
        string n = TestRows.ToString("N0", CultureInfo.InvariantCulture);
        string me = Name(Reference), other = Name(c.Baseline);
        string diff = Math.Abs(c.Difference).ToString("0.000", CultureInfo.InvariantCulture);
        string text;
        if (c.Difference > 0)
            text = c.Significant
                ? $"Deploy {me}: its AUC is {diff} higher than {other}'s ({Interval(c)}), a significant difference: on these {n} test customers it ranks them better than every other model here."
                : $"Deploy {me}: its AUC is {diff} higher than {other}'s ({Interval(c)}), which is not a significant difference: on these {n} test customers the two rank about equally well, so {other} would be an equally defensible choice.";
        else if (c.Difference == 0)
            text = $"{Capital(me)} and {other} rank these {n} test customers equally well (AUC difference 0, {Interval(c)}): deploy the one that is simpler to run and explain.";
        else
            text = c.Significant
                ? $"Deploy {other}: {me}'s AUC is {diff} lower than {other}'s ({Interval(c)}), a significant difference on these {n} test customers."
                : $"Deploy {other}, by a small margin: {me}'s AUC is {diff} lower than {other}'s ({Interval(c)}), which is not a significant difference: on these {n} test customers the two rank about equally well.";
        if (c.Baseline != "lightgbm" && Against.FirstOrDefault(a => a.Baseline == "lightgbm") is { } lightgbm)
            text += $" Against LightGBM: {me}'s AUC is {Math.Abs(lightgbm.Difference).ToString("0.000", CultureInfo.InvariantCulture)} {(lightgbm.Difference >= 0 ? "higher" : "lower")} ({Interval(lightgbm)}).";
        return text;
    }

    public override string ToString() => Recommendation();

    /// <summary>A model as a sentence names it: "the deep model", "the scorecard", "LightGBM".</summary>
    private static string Name(string model) => model switch
    {
        "deep" => "the deep model",
        "scorecard" => "the scorecard",
        "logistic" => "the logistic regression",
        "lightgbm" => "LightGBM",
        "fasttree" => "FastTree",
        _ => model,
    };

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Interval(AucComparison c) =>
        string.Format(CultureInfo.InvariantCulture, "95% CI {0} to {1}, p = {2}", Signed(c.Lower), Signed(c.Upper), AucComparison.FormatP(c.PValue));

    private static string Signed(double v) => (v < 0 ? "\u2212" : "") + Math.Abs(v).ToString("0.000", CultureInfo.InvariantCulture);
}
