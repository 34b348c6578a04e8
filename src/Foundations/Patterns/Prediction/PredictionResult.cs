using System.Globalization;
using System.Text;
using Foundations.Data;
using Foundations.Training;

namespace Foundations.Patterns;

/// <summary>The trained models and their side-by-side comparison on the test split. Renders as a report.</summary>
public sealed class PredictionResult
{
    internal PredictionResult(PredictionSetup setup, TrainedPrediction deep, Scorecard? scorecard, LogisticRegression? logistic, IReadOnlyList<GradientBoosting> trees, IReadOnlyList<ModelEvaluation> evaluations, FeatureMatrix train, FeatureMatrix test)
    {
        Trees = trees;
        Setup = setup;
        Deep = deep;
        Scorecard = scorecard;
        Logistic = logistic;
        Comparison = ModelComparison.Of(evaluations, "deep");
        Evaluations = evaluations;
        TrainFeatures = train;
        TestFeatures = test;
    }

    public PredictionSetup Setup { get; }
    /// <summary>The deep model, ready to save and score new customers.</summary>
    public TrainedPrediction Deep { get; }
    /// <summary>The bank's points scorecard, when one was asked for.</summary>
    public Scorecard? Scorecard { get; }
    /// <summary>The plain logistic regression on all features, when one was asked for.</summary>
    public LogisticRegression? Logistic { get; }
    /// <summary>The deep model's AUC against each other model's, with DeLong's 95% interval and p-value, and which to deploy.</summary>
    public ModelComparison Comparison { get; }
    /// <summary>The ML.NET boosted-tree models (LightGBM, FastTree) that were asked for.</summary>
    public IReadOnlyList<GradientBoosting> Trees { get; }
    /// <summary>Every model's test metrics, deep first.</summary>
    public IReadOnlyList<ModelEvaluation> Evaluations { get; }
    public FeatureMatrix TrainFeatures { get; }
    public FeatureMatrix TestFeatures { get; }

    /// <summary>The evaluation of the model called <paramref name="model"/> (deep, scorecard, lightgbm, fasttree).</summary>
    public ModelEvaluation this[string model] =>
        Evaluations.FirstOrDefault(e => e.Model == model) ?? throw new KeyNotFoundException($"No model '{model}' was trained (trained: {string.Join(", ", Evaluations.Select(e => e.Model))}).");

    /// <summary>Saves the deep model (recipe, network, schema) to one .fnd file.</summary>
    public string Save(string path) => Deep.Save(path);

    public override string ToString() =>
        string.Join(Environment.NewLine, Evaluations.Select(e => FormattableString.Invariant($"{e.Model,-10} AUC {e.Auc:0.000}  Gini {e.Gini:0.000}  KS {e.Ks:0.000}  log loss {e.LogLoss:0.000}  Brier {e.Brier:0.000}")));

    /// <summary>One sentence a banker can read: which model ranks customers best and by how much.</summary>
    public string Verdict()
    {
        var best = Evaluations.OrderByDescending(e => e.Auc).First();
        var text = FormattableString.Invariant($"The {best.Model} model ranks customers best (AUC {best.Auc:0.000}, Gini {best.Gini:0.000}).");
        if (Evaluations.Any(e => e.Model == "scorecard") && best.Model != "scorecard")
        {
            var sc = this["scorecard"];
            var deepTop = this["deep"].Deciles[0];
            var scTop = sc.Deciles[0];
            text += FormattableString.Invariant($" The deep model's Gini is {this["deep"].Gini - sc.Gini:+0.000;-0.000} against the scorecard's; its top tenth of customers holds {deepTop.CumulativeGain:P0} of the events, the scorecard's {scTop.CumulativeGain:P0}.");
        }
        return text;
    }
}
