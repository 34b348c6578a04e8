using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Patterns;
using Foundations.Training;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="PredictionResult"/>.</summary>
internal static class PredictionResultHtml
{
    public static string Render(PredictionResult v)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<div class=\"fn-prediction\">");
        sb.Append($"<h3>Predicting {Html.Escape(v.Setup.Target)}: {v.Evaluations.Count} models on {v.TestFeatures.Rows:N0} test customers</h3>");
        sb.Append(ComparisonTable(v.Evaluations, v.Setup.Cutoff));
        sb.Append($"<p>{Html.Escape(v.Verdict())}</p>");
        sb.Append(ModelComparisonHtml.Render(v.Comparison));
        sb.Append(ChartHtml.Embed(PredictionCharts.Roc(v.Evaluations)));
        sb.Append(ChartHtml.Embed(PredictionCharts.Gains(v.Evaluations)));
        sb.Append(ChartHtml.Embed(PredictionCharts.Calibration(v.Evaluations)));
        // The deep model may not be trained: show the first model's distribution and deciles then.
        var shown = v.Evaluations.FirstOrDefault(e => e.Model == "deep") ?? v.Evaluations[0];
        sb.Append(ChartHtml.Embed(PredictionCharts.ScoreDistributions(shown)));
        if (shown.Model == "deep") sb.Append(ChartHtml.Embed(PredictionCharts.LearningCurve(v.Deep.Network.History)));
        sb.Append($"<h4>{Html.Escape(shown.Model)} model by decile (highest scores first)</h4>");
        sb.Append(DecileTable(shown));
        sb.Append("</div>");
        return sb.ToString();
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
