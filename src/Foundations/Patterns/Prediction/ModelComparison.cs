using System.Globalization;
using Foundations.Training;

namespace Foundations.Patterns;

/// <summary>
/// One model (the deep model) against every other model trained beside it on the same test customers: the AUC
/// differences with DeLong's 95% intervals and p-values, and which model to deploy, in words.
/// </summary>
public sealed class ModelComparison
{
    private ModelComparison(string reference, int testRows, IReadOnlyList<AucComparison> against)
    {
        Reference = reference;
        TestRows = testRows;
        Against = against;
    }

    /// <summary>The model compared with the others (deep).</summary>
    public string Reference { get; }
    /// <summary>The test customers the AUCs were measured on.</summary>
    public int TestRows { get; }
    /// <summary>The reference model against each other model, in the order they were trained.</summary>
    public IReadOnlyList<AucComparison> Against { get; }

    /// <summary>Compares <paramref name="reference"/> with every other evaluated model by DeLong's test.</summary>
    public static ModelComparison Of(IReadOnlyList<ModelEvaluation> evaluations, string reference = "deep")
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var first = evaluations.FirstOrDefault(e => e.Model == reference)
            ?? throw new ArgumentException($"No model '{reference}' was evaluated (evaluated: {string.Join(", ", evaluations.Select(e => e.Model))}).", nameof(reference));
        var against = evaluations.Where(e => e.Model != reference)
            .Select(e => AucComparison.DeLong(first.Probabilities, e.Probabilities, first.Labels, reference, e.Model)).ToList();
        return new ModelComparison(reference, first.Labels.Count, against);
    }

    /// <summary>
    /// Which model to deploy and how sure we are, judged against the strongest other model (and LightGBM, when trained):
    /// "Deploy the deep model: its AUC is 0.004 higher than LightGBM's (95% CI −0.002 to 0.010, p = 0.18), which is not a
    /// significant difference...".
    /// </summary>
    public string Recommendation()
    {
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
