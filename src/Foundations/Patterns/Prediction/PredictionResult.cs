using System.Globalization;
using System.Text;
using Foundations.Data;
using Foundations.Training;

namespace Foundations.Patterns;

/// <summary>
/// The trained models (one <see cref="TrainedPrediction"/> per model chosen) and their side-by-side comparison on the
/// test split. The trained models score, explain and save; the result only compares them. Renders as a report.
/// </summary>
public sealed class PredictionResult
{
    internal PredictionResult(PredictionSetup setup, int seed, IReadOnlyList<TrainedPrediction> models, IReadOnlyList<ModelEvaluation> evaluations, FeatureMatrix train, FeatureMatrix test)
    {
        Setup = setup;
        Seed = seed;
        Models = models;
        // DeLong's test of the deep model against the others; without a deep model, of the best model against the rest.
        Comparison = ModelComparison.Of(evaluations, evaluations.Any(e => e.Model == TrainedPrediction.DeepName)
            ? TrainedPrediction.DeepName : evaluations.OrderByDescending(e => e.Auc).First().Model);
        Evaluations = evaluations;
        TrainFeatures = train;
        TestFeatures = test;
    }

    public PredictionSetup Setup { get; }
    /// <summary>The seed training used (the setup's, else <see cref="Kit.Seed"/> when Train ran).</summary>
    public int Seed { get; }
    /// <summary>Every trained model, in the order of <see cref="Evaluations"/>: each scores, explains and saves to a model file.</summary>
    public IReadOnlyList<TrainedPrediction> Models { get; }
    /// <summary>The deep model, ready to save and score new customers; an error when it was not trained (WithDeepModel).</summary>
    public TrainedPrediction Deep => Model(TrainedPrediction.DeepName);
    /// <summary>The model with the highest test AUC.</summary>
    public TrainedPrediction Best => Model(Evaluations.OrderByDescending(e => e.Auc).First().Model);
    /// <summary>The bank's points scorecard, when one was asked for.</summary>
    public Scorecard? Scorecard => Models.FirstOrDefault(m => m.Name == TrainedPrediction.ScorecardName)?.Scorecard;
    /// <summary>The plain logistic regression on all features, when one was asked for.</summary>
    public LogisticRegression? Logistic => Models.FirstOrDefault(m => m.Name == TrainedPrediction.LogisticName)?.Logistic;
    /// <summary>The deep model's AUC against each other model's, with DeLong's 95% interval and p-value, and which to deploy.</summary>
    public ModelComparison Comparison { get; }
    /// <summary>Every model's test metrics, deep first.</summary>
    public IReadOnlyList<ModelEvaluation> Evaluations { get; }
    public FeatureMatrix TrainFeatures { get; }
    public FeatureMatrix TestFeatures { get; }

    /// <summary>The evaluation of the model called <paramref name="model"/> (deep, scorecard, lightgbm, fasttree).</summary>
    public ModelEvaluation this[string model] =>
        Evaluations.FirstOrDefault(e => e.Model == model) ?? throw new KeyNotFoundException($"No model '{model}' was trained (trained: {string.Join(", ", Evaluations.Select(e => e.Model))}).");

    /// <summary>The trained model called <paramref name="name"/> (deep, scorecard, lightgbm, fasttree); an error naming those trained otherwise.</summary>
    public TrainedPrediction Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name) ?? throw new KeyNotFoundException(
            $"No {name} model was trained (trained: {string.Join(", ", Models.Select(m => m.Name))}). Choose it with " +
            (name switch { "deep" => "WithDeepModel()", "scorecard" => "WithScorecard()", "lightgbm" => "WithLightGbm()", "fasttree" => "WithFastTree()", _ => "WithDeepModel(), WithScorecard(), WithLightGbm() or WithFastTree()" }) + ".");

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
            var top = best.Deciles[0];
            var scTop = sc.Deciles[0];
            text += FormattableString.Invariant($" The {best.Model} model's Gini is {best.Gini - sc.Gini:+0.000;-0.000} against the scorecard's; its top tenth of customers holds {top.CumulativeGain:P0} of the events, the scorecard's {scTop.CumulativeGain:P0}.");
        }
        return text;
    }
}
