using System.Text;
using Foundations.Data;
using Foundations.Explain;
using Foundations.Interactive;

namespace Foundations.Patterns.Prediction;

/// <summary>Why the deep model scores as it does, on the test customers: importance, per-customer attributions, partial dependence and a plain summary.</summary>
public sealed class PredictionExplanation : IHtmlReport
{
    internal PredictionExplanation(PermutationImportance importance, Attributions riskiest, IReadOnlyList<PartialDependenceCurve> curves, PlainLanguageSummary summary)
    {
        Importance = importance;
        Riskiest = riskiest;
        PartialDependence = curves;
        Summary = summary;
    }

    /// <summary>Permutation importance of every input (AUC lost when shuffled, with 95% intervals).</summary>
    public PermutationImportance Importance { get; }
    /// <summary>Integrated-gradient attributions for the highest-scored test customers.</summary>
    public Attributions Riskiest { get; }
    /// <summary>Partial dependence curves of the most important inputs.</summary>
    public IReadOnlyList<PartialDependenceCurve> PartialDependence { get; }
    /// <summary>Sentences a banker can read.</summary>
    public PlainLanguageSummary Summary { get; }

    public override string ToString() => Summary.ToString();

    public string ToHtml()
    {
        var sb = new StringBuilder("<div class=\"fn-explanation\"><h3>Why the deep model scores as it does</h3>");
        sb.Append(Summary.ToHtml()).Append(Importance.ToHtml()).Append(Riskiest.ToHtml());
        sb.Append("<h4>Partial dependence: the average predicted risk as one input changes</h4>");
        foreach (var curve in PartialDependence) sb.Append(curve.ToHtml());
        return sb.Append("</div>").ToString();
    }

    internal static PredictionExplanation For(PredictionResult result, int repeats, int customers, int topFeatures, string outcome, int? seed)
    {
        var model = result.Deep.Network;
        var test = result.TestFeatures;
        var importance = Explain.PermutationImportance.Compute(model, test, repeats, seed ?? result.Setup.Seed);
        var probabilities = result["deep"].Probabilities;
        var riskiest = Enumerable.Range(0, test.Rows).OrderByDescending(r => probabilities[r]).ThenBy(r => r).Take(customers).ToArray();
        var attributions = IntegratedGradients.Compute(model, test, riskiest, background: result.TrainFeatures);
        var units = OriginalUnits(result.Deep.Recipe);
        var top = importance.Top(topFeatures);
        var curves = top.Select(f => Explain.PartialDependence.Compute(model, test, f, toOriginalUnits: v => units(f, v))).ToArray();
        var summary = PlainLanguageSummary.Write(test, probabilities, top, outcome, units);
        return new PredictionExplanation(importance, attributions, curves, summary);
    }

    /// <summary>Undoes the recipe's standardization so numbers read in the data's own units.</summary>
    internal static Func<string, double, double> OriginalUnits(FittedRecipe recipe)
    {
        var scale = new Dictionary<string, (double Mean, double Std)>(StringComparer.Ordinal);
        foreach (var step in recipe.Steps.OfType<FittedStandardize>())
            for (int i = 0; i < step.Columns.Count; i++) scale[step.Columns[i]] = (step.Means[i], step.Stds[i]);
        return (feature, value) => scale.TryGetValue(feature, out var s) ? s.Mean + value * s.Std : value;
    }
}
