using Foundations.Data;
using Foundations.Training;

namespace Foundations.Patterns;

/// <summary>How one model did on the test split: ranking, probability quality, a cut-off decision and deciles.</summary>
public sealed class ModelEvaluation
{
    public ModelEvaluation(string model, IReadOnlyList<double> probabilities, IReadOnlyList<int> labels, double cutoff, TimeSpan trainingTime)
    {
        Model = model;
        Probabilities = probabilities;
        Labels = labels;
        Auc = BinaryMetrics.Auc(probabilities, labels);
        Gini = 2 * Auc - 1;
        Ks = BinaryMetrics.Ks(probabilities, labels);
        LogLoss = BinaryMetrics.LogLoss(probabilities, labels);
        Brier = BinaryMetrics.Brier(probabilities, labels);
        Confusion = BinaryMetrics.Confusion(probabilities, labels, cutoff);
        Deciles = BinaryMetrics.Deciles(probabilities, labels);
        TrainingTime = trainingTime;
    }

    /// <summary>The model's name in tables, charts and logged metrics (deep, scorecard, lightgbm, fasttree).</summary>
    public string Model { get; }
    public IReadOnlyList<double> Probabilities { get; }
    public IReadOnlyList<int> Labels { get; }
    public double Auc { get; }
    public double Gini { get; }
    public double Ks { get; }
    public double LogLoss { get; }
    public double Brier { get; }
    public ConfusionMatrix Confusion { get; }
    public IReadOnlyList<DecileRow> Deciles { get; }
    public TimeSpan TrainingTime { get; }
}
