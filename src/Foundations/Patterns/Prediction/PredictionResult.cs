using System.Globalization;
using System.Text;
using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Training;

namespace Foundations.Patterns;

/// <summary>The trained models and their side-by-side comparison on the test split. Renders as a report.</summary>
public sealed class PredictionResult : IHtmlReport
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

    public string ToHtml()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<div class=\"fn-prediction\">");
        sb.Append($"<h3>Predicting {Html.Escape(Setup.Target)}: {Evaluations.Count} models on {TestFeatures.Rows:N0} test customers</h3>");
        sb.Append(ComparisonTable(Evaluations, Setup.Cutoff));
        sb.Append($"<p>{Html.Escape(Verdict())}</p>");
        sb.Append(ModelComparisonHtml.Render(Comparison));
        sb.Append(ChartHtml.Embed(PredictionCharts.Roc(Evaluations)));
        sb.Append(ChartHtml.Embed(PredictionCharts.Gains(Evaluations)));
        sb.Append(ChartHtml.Embed(PredictionCharts.Calibration(Evaluations)));
        sb.Append(ChartHtml.Embed(PredictionCharts.ScoreDistributions(this["deep"])));
        sb.Append(ChartHtml.Embed(PredictionCharts.LearningCurve(Deep.Network.History)));
        sb.Append("<h4>Deep model by decile (highest scores first)</h4>");
        sb.Append(DecileTable(this["deep"]));
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
            var deepTop = this["deep"].Deciles[0];
            var scTop = sc.Deciles[0];
            text += FormattableString.Invariant($" The deep model's Gini is {this["deep"].Gini - sc.Gini:+0.000;-0.000} against the scorecard's; its top tenth of customers holds {deepTop.CumulativeGain:P0} of the events, the scorecard's {scTop.CumulativeGain:P0}.");
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
