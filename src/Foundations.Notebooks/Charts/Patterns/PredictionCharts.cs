using Foundations.Training;
using Plotly.NET;
using Foundations.Charts;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Foundations.Patterns;

/// <summary>The Prediction pattern's charts, built from evaluations on the test split.</summary>
public static class PredictionCharts
{
    /// <summary>ROC curves of every model on one chart, with the diagonal of a coin toss.</summary>
    public static GenericChart Roc(IEnumerable<ModelEvaluation> evaluations)
    {
        var charts = evaluations.Select(e =>
        {
            var (fpr, tpr) = RocPoints(e.Probabilities, e.Labels);
            return CSharpChart.Line<double, double, string>(fpr, tpr, Name: $"{e.Model} (AUC {e.Auc:0.000})");
        }).Append(CSharpChart.Line<double, double, string>(new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 }, Name: "coin toss"));
        return Styled(CSharpChart.Combine(charts), "ROC curve: events caught against false alarms", "false positive rate", "true positive rate");
    }

    /// <summary>Cumulative gains: the share of all events found in the top x% of customers by score.</summary>
    public static GenericChart Gains(IEnumerable<ModelEvaluation> evaluations)
    {
        var charts = evaluations.Select(e => CSharpChart.Line<int, double, string>(
            e.Deciles.Select(d => d.Decile * 10).Prepend(0), e.Deciles.Select(d => d.CumulativeGain).Prepend(0.0), Name: e.Model, ShowMarkers: true))
            .Append(CSharpChart.Line<int, double, string>(new[] { 0, 100 }, new[] { 0.0, 1.0 }, Name: "random"));
        return Styled(CSharpChart.Combine(charts), "Cumulative gains by decile", "% of customers contacted (highest scores first)", "share of events found");
    }

    /// <summary>Lift per decile: how many times the average event rate each tenth of customers shows.</summary>
    public static GenericChart Lift(IEnumerable<ModelEvaluation> evaluations)
    {
        var charts = evaluations.Select(e => CSharpChart.Column<double, int, string>(e.Deciles.Select(d => d.Lift).ToArray(), Keys: e.Deciles.Select(d => d.Decile).ToArray(), Name: e.Model));
        return Styled(CSharpChart.Combine(charts), "Lift by decile (1 = average)", "decile (1 = highest scores)", "lift");
    }

    /// <summary>Calibration: predicted probability against the observed rate per decile; on the diagonal is well calibrated.</summary>
    public static GenericChart Calibration(IEnumerable<ModelEvaluation> evaluations)
    {
        var list = evaluations.ToList();
        double max = list.SelectMany(e => e.Deciles.SelectMany(d => new[] { d.MeanPredicted, d.ObservedRate })).DefaultIfEmpty(1).Max();
        var charts = list.Select(e => CSharpChart.Line<double, double, string>(e.Deciles.Select(d => d.MeanPredicted), e.Deciles.Select(d => d.ObservedRate), Name: e.Model, ShowMarkers: true))
            .Append(CSharpChart.Line<double, double, string>(new[] { 0.0, max }, new[] { 0.0, max }, Name: "perfect calibration"));
        return Styled(CSharpChart.Combine(charts), "Calibration by decile", "mean predicted probability", "observed event rate");
    }

    /// <summary>Score distributions of events and non-events for one model: the less they overlap, the better it separates.</summary>
    public static GenericChart ScoreDistributions(ModelEvaluation evaluation, string eventName = "event")
    {
        var events = evaluation.Probabilities.Where((_, i) => evaluation.Labels[i] == 1);
        var others = evaluation.Probabilities.Where((_, i) => evaluation.Labels[i] == 0);
        var chart = CSharpChart.Combine(new[]
        {
            CSharpChart.Histogram<double, double, string>(X: others.ToArray(), Name: $"no {eventName}", HistNorm: StyleParam.HistNorm.Probability, Opacity: 0.6),
            CSharpChart.Histogram<double, double, string>(X: events.ToArray(), Name: eventName, HistNorm: StyleParam.HistNorm.Probability, Opacity: 0.6),
        });
        return Styled(chart, $"Scores of the {evaluation.Model} model by outcome", "predicted probability", "share of customers")
            .Overlaid();
    }

    /// <summary>Learning curves: training and validation loss, and validation AUC, per epoch.</summary>
    public static GenericChart LearningCurve(IReadOnlyList<EpochRecord> history)
    {
        var epochs = history.Select(h => h.Epoch).ToArray();
        var chart = CSharpChart.Combine(new[]
        {
            CSharpChart.Line<int, double, string>(epochs, history.Select(h => h.TrainLoss), Name: "training loss", ShowMarkers: true),
            CSharpChart.Line<int, double, string>(epochs, history.Select(h => h.ValidationLoss), Name: "validation loss", ShowMarkers: true),
            CSharpChart.Line<int, double, string>(epochs, history.Select(h => h.ValidationAuc), Name: "validation AUC", ShowMarkers: true),
        });
        return Styled(chart, "Learning curve", "epoch", "loss / AUC");
    }

    internal static (double[] Fpr, double[] Tpr) RocPoints(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double positives = labels.Count(l => l == 1), negatives = labels.Count - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        double tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (labels[order[k]] == 1) tp++; else fp++;
            bool lastOfTie = k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (lastOfTie) { fpr.Add(fp / negatives); tpr.Add(tp / positives); }
        }
        return (fpr.ToArray(), tpr.ToArray());
    }

    private static GenericChart Styled(GenericChart chart, string title, string x, string y) => chart.Titled(title, x, y);
}
