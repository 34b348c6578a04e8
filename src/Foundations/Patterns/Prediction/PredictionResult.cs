using System.Globalization;
using System.Text;
using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Training;

namespace Foundations.Patterns;

/// <summary>
/// The trained models (one <see cref="TrainedPrediction"/> per model chosen) and their side-by-side comparison on the
/// test split. The trained models score, explain and save; the result only compares them. Renders as a report.
/// </summary>
public sealed class PredictionResult : IHtmlReport
{
    internal PredictionResult(PredictionSetup setup, int seed, IReadOnlyList<TrainedPrediction> models, IReadOnlyList<ModelEvaluation> evaluations, FeatureMatrix train, FeatureMatrix test)
    {
        Setup = setup;
        Seed = seed;
        Models = models;
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
    /// <summary>The conventional scorecard's terms, when one was asked for.</summary>
    public LogisticScorecard? Scorecard => Models.FirstOrDefault(m => m.Name == TrainedPrediction.ScorecardName)?.Scorecard;
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

    public string ToHtml()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<div class=\"fn-prediction\">");
        sb.Append($"<h3>Predicting {Html.Escape(Setup.Target)}: {Evaluations.Count} models on {TestFeatures.Rows:N0} test customers</h3>");
        sb.Append(ComparisonTable(Evaluations, Setup.Cutoff));
        sb.Append($"<p>{Html.Escape(Verdict())}</p>");
        sb.Append(ChartHtml.Embed(PredictionCharts.Roc(Evaluations)));
        sb.Append(ChartHtml.Embed(PredictionCharts.Gains(Evaluations)));
        sb.Append(ChartHtml.Embed(PredictionCharts.Calibration(Evaluations)));
        var shown = Evaluations.FirstOrDefault(e => e.Model == "deep") ?? Evaluations[0]; // patterns: the deep model may not be trained
        sb.Append(ChartHtml.Embed(PredictionCharts.ScoreDistributions(shown)));
        if (shown.Model == "deep") sb.Append(ChartHtml.Embed(PredictionCharts.LearningCurve(Deep.Network.History)));
        sb.Append($"<h4>{Html.Escape(shown.Model)} model by decile (highest scores first)</h4>");
        sb.Append(DecileTable(shown));
        sb.Append("</div>");
        return sb.ToString();
    }

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

    internal static string ComparisonTable(IReadOnlyList<ModelEvaluation> evaluations, double cutoff)
    {
        var sb = new StringBuilder("<table class=\"fn-table\"><thead><tr><th>model</th><th>AUC</th><th>Gini</th><th>KS</th><th>log loss</th><th>Brier</th>");
        sb.Append(FormattableString.Invariant($"<th>accuracy @ {cutoff:0.##}</th><th>precision</th><th>recall</th><th>TP / FP / TN / FN</th><th>train s</th></tr></thead><tbody>"));
        foreach (var e in evaluations)
        {
            var m = e.Confusion;
            sb.Append(FormattableString.Invariant($"<tr><td>{Html.Escape(e.Model)}</td><td>{e.Auc:0.000}</td><td>{e.Gini:0.000}</td><td>{e.Ks:0.000}</td><td>{e.LogLoss:0.000}</td><td>{e.Brier:0.000}</td><td>{m.Accuracy:0.000}</td><td>{m.Precision:0.000}</td><td>{m.Recall:0.000}</td><td>{m.TruePositives} / {m.FalsePositives} / {m.TrueNegatives} / {m.FalseNegatives}</td><td>{e.TrainingTime.TotalSeconds:0.0}</td></tr>"));
        }
        return sb.Append("</tbody></table>").ToString();
    }

    internal static string DecileTable(ModelEvaluation e)
    {
        var sb = new StringBuilder("<table class=\"fn-table\"><thead><tr><th>decile</th><th>customers</th><th>events</th><th>mean predicted</th><th>observed rate</th><th>cumulative gain</th><th>lift</th></tr></thead><tbody>");
        foreach (var d in e.Deciles)
            sb.Append(FormattableString.Invariant($"<tr><td>{d.Decile}</td><td>{d.Rows}</td><td>{d.Events}</td><td>{d.MeanPredicted:0.000}</td><td>{d.ObservedRate:0.000}</td><td>{d.CumulativeGain:P1}</td><td>{d.Lift:0.00}</td></tr>"));
        return sb.Append("</tbody></table>").ToString();
    }
}
