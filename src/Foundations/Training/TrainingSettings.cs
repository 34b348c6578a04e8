namespace Foundations.Training;

/// <summary>How to train a deep tabular model. Settings only: what is learned lives in <see cref="TrainedNetwork"/>.</summary>
public sealed record TrainingSettings
{
    /// <summary>Hidden layer widths, first to last.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = new[] { 128, 64 };
    public int Epochs { get; init; } = 30;
    public int BatchSize { get; init; } = 256;
    public double LearningRate { get; init; } = 0.003;
    public double WeightDecay { get; init; } = 1e-4;
    public double Dropout { get; init; } = 0.2;
    /// <summary>Share of the training rows held back to choose the epoch to keep (early stopping).</summary>
    public double ValidationShare { get; init; } = 0.2;
    /// <summary>Stop after this many epochs without a better validation AUC.</summary>
    public int Patience { get; init; } = 6;
    /// <summary>Halve the learning rate after this many epochs without improvement.</summary>
    public int LearningRatePatience { get; init; } = 2;
    /// <summary>Weigh the rare class up so that both classes count equally in the loss.</summary>
    public bool BalanceClasses { get; init; } = true;
    /// <summary>Seed for initialisation, shuffling and the validation split; null uses <see cref="Kit.Seed"/>.</summary>
    public int? Seed { get; init; }
}
