using System.Globalization;
using System.Text;
using Foundations.Patterns;

namespace Foundations.Explanation;

/// <summary>Why the deep model scores as it does: importance with intervals, partial dependence, one customer's reasons, and sentences.</summary>
public sealed class ModelExplanation
{
    internal ModelExplanation(IReadOnlyList<FeatureImportance> importance, IReadOnlyList<PartialDependenceCurve> curves, Attribution customer, IReadOnlyList<string> summary, int rowsExplained, int testRows)
    {
        Importance = importance;
        Curves = curves;
        Customer = customer;
        Summary = summary;
        RowsExplained = rowsExplained;
        TestRows = testRows;
    }

    public IReadOnlyList<FeatureImportance> Importance { get; }
    public IReadOnlyList<PartialDependenceCurve> Curves { get; }
    /// <summary>Integrated-gradient attributions for the highest-scored test customer.</summary>
    public Attribution Customer { get; }
    /// <summary>Plain-language findings generated from the data.</summary>
    public IReadOnlyList<string> Summary { get; }
    /// <summary>Test customers the importance and the curves were computed on (a seeded sample when the test part is larger).</summary>
    public int RowsExplained { get; }
    /// <summary>Customers in the test part.</summary>
    public int TestRows { get; }
}

/// <summary>Entry point for explanations: <c>Explain.Prediction(result)</c>.</summary>
public static class Explain
{
    /// <summary>
    /// Explains the deep model of <paramref name="result"/> on its test split: permutation importance (with 95%
    /// intervals over <paramref name="repeats"/> shuffles), partial dependence of the top numeric inputs, integrated
    /// gradients for the highest-scored customer, and sentences comparing event rates (<paramref name="eventPhrase"/>
    /// completes "as likely to …"). A test part above <paramref name="maxRows"/> customers is explained on a seeded
    /// sample of that many, with the same share of events: the importance of each input is measured by re-scoring the
    /// rows once per input and shuffle, which on a large file costs minutes and, past a few thousand rows, changes
    /// little (scikit-learn's permutation importance offers the same cap, <c>max_samples</c>).
    /// </summary>
    public static ModelExplanation Prediction(PredictionResult result, string eventPhrase = "have the event", int repeats = 5, int top = 4, int maxRows = 10_000)
    {
        if (maxRows < 100) throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "maxRows must be at least 100 for the importance to mean anything.");
        var model = result.Deep;
        var allTest = result.TestFeatures;
        var test = allTest.Rows <= maxRows ? allTest : allTest.Take(StratifiedSample(allTest.Label!, maxRows, result.Setup.Seed ?? Kit.Seed));
        // Shuffling an input or fixing it at a value changes only its columns of the first layer: computed once, reused.
        IReadOnlyList<FeatureImportance> importance;
        List<PartialDependenceCurve> curves;
        using (var replacement = model.Network.ReplaceInputs(test))
        {
            importance = PermutationImportance.Of(replacement.Unchanged(), replacement.Permuted, test, repeats, result.Setup.Seed);
            var numericTop = importance.Select(i => i.Feature).Where(test.NumericColumns.Contains).Take(top).ToList();
            curves = numericTop.Select(f => PartialDependence.For(replacement.Fixed, test, f)).ToList();
        }
        var probabilities = result["deep"].Probabilities;
        int riskiest = Enumerable.Range(0, probabilities.Count).OrderByDescending(i => probabilities[i]).First();
        var customer = IntegratedGradients.For(model.Network, allTest.Take(new[] { riskiest }))[0] with { Row = riskiest };
        var summary = PlainLanguage.Describe(result.Setup.Split.RawTest, result.Setup.Target, importance.Take(top + 2).Select(i => i.Feature), eventPhrase, result.Setup.PositiveLabel);
        return new ModelExplanation(importance, curves, customer, summary, test.Rows, allTest.Rows);
    }

    /// <summary>
    /// How the model treats the groups of each of <paramref name="columns"/> on the test part (an age band, a sex, a
    /// postcode area): who is flagged at the cut-off, the share of each group's events caught and of the rest flagged,
    /// the AUC within each group and its mean probability against what happened, with the impact ratio of the
    /// <paramref name="favourable"/> outcome (the four-fifths rule of thumb); logs <c>impact_ratio_&lt;column&gt;</c>.
    /// <paramref name="model"/>: deep when trained, else the best by AUC; numbers are cut into <paramref name="bands"/> bands of about equal size, fewer on a small test part so each holds at least <see cref="GroupOutcomes.MinCustomers"/> customers.
    /// </summary>
    public static GroupOutcomes OutcomesBy(PredictionResult result, IReadOnlyList<string> columns, string? model = null, Favourable favourable = Favourable.NotFlagged, int bands = 4) =>
        GroupOutcomes.Of(result, columns, model, favourable, bands);

    /// <summary>
    /// The outcome a customer wants, from a notebook parameter: "flagged" (an offer to stay), "not flagged" (credit: a
    /// flagged applicant is declined), or blank: flagged when <paramref name="target"/> is named like leaving (churn,
    /// attrition, exited, left), else not flagged, the safer reading for the credit outcomes most models here predict.
    /// </summary>
    public static Favourable FavourableOutcome(string target, string? stated)
    {
        ArgumentNullException.ThrowIfNull(target);
        string said = (stated ?? "").Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ');
        return said switch
        {
            "flagged" => Favourable.Flagged,
            "not flagged" => Favourable.NotFlagged,
            "" => System.Text.RegularExpressions.Regex.IsMatch(target, "churn|attrit|exit|leav|left", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
                ? Favourable.Flagged : Favourable.NotFlagged,
            _ => throw new ArgumentException($"favourableOutcome is \"flagged\", \"not flagged\" or blank (read from the target's name), not \"{stated}\".", "favourableOutcome"),
        };
    }

    /// <summary>How the model treats the groups of <paramref name="column"/>; see the overload for several columns.</summary>
    public static GroupOutcomes OutcomesBy(PredictionResult result, string column, string? model = null, Favourable favourable = Favourable.NotFlagged, int bands = 4) =>
        GroupOutcomes.Of(result, new[] { column }, model, favourable, bands);

    /// <summary>About <paramref name="size"/> row numbers, drawn apart from events and non-events in proportion, in row order.</summary>
    private static int[] StratifiedSample(IReadOnlyList<float> labels, int size, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<int>(size);
        foreach (float label in new[] { 0f, 1f })
        {
            var members = Enumerable.Range(0, labels.Count).Where(r => labels[r] == label).ToArray();
            rng.Shuffle(members);
            rows.AddRange(members.Take((int)Math.Round((double)size * members.Length / labels.Count)));
        }
        rows.Sort();
        return rows.ToArray();
    }

    /// <summary>
    /// The drivers view: customers grouped by the reasons <paramref name="model"/> gives for their score (integrated
    /// gradients), each group named and described by its top reasons; see <see cref="DriverSegments.Of"/>.
    /// </summary>
    public static DriverSegments Drivers(TrainedPrediction model, Microsoft.Data.Analysis.DataFrame customers, IEnumerable<string>? idColumns = null,
        Patterns.SegmentCount? k = null, int sample = 1500, int steps = 16, int resamples = 10, int? seed = null) =>
        DriverSegments.Of(model, customers, idColumns, k, sample, steps, resamples, seed);
}
