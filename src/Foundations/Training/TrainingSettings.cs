namespace Foundations.Training;

/// <summary>
/// How to train a deep tabular model. Settings only: what is learned lives in <see cref="TrainedNetwork"/>. The
/// defaults were chosen on the kit's benchmark of differently shaped bank tasks (bench <c>tabular_tasks</c>) and are
/// meant to win without per-dataset tuning.
/// </summary>
public sealed record TrainingSettings
{
    /// <summary>Hidden layer widths, first to last (shared by every ensemble member).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = new[] { 128, 128 };
    public int Epochs { get; init; } = 30;
    public int BatchSize { get; init; } = 256;
    public double LearningRate { get; init; } = 0.002;
    /// <summary>Decoupled weight decay (AdamW): each step shrinks the weights by learning rate × this.</summary>
    public double WeightDecay { get; init; } = 3e-4;
    public double Dropout { get; init; } = 0.1;
    /// <summary>Ensemble members sharing one network (TabM): each has its own input adapter and output head; 1 turns ensembling off.</summary>
    public int EnsembleSize { get; init; } = 8;
    /// <summary>Quantile bins of the piecewise-linear encoding of each numeric input (fewer on wide tables: at most 512 over all inputs); 0 feeds the scaled number only.</summary>
    public int NumericBins { get; init; } = 8;
    /// <summary>Share of the training rows held back to choose the epoch to keep (early stopping).</summary>
    public double ValidationShare { get; init; } = 0.2;
    /// <summary>Stop after this many epochs without a better validation AUC.</summary>
    public int Patience { get; init; } = 8;
    /// <summary>Halve the learning rate after this many epochs without improvement.</summary>
    public int LearningRatePatience { get; init; } = 3;
    /// <summary>Weigh the rare class up so that both classes count equally in the loss.</summary>
    public bool BalanceClasses { get; init; } = true;
    /// <summary>Seed for initialisation, shuffling and the validation split; null uses <see cref="Kit.Seed"/>.</summary>
    public int? Seed { get; init; }
}
