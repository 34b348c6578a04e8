namespace Foundations.Training;

/// <summary>One epoch of training: mean training loss, validation loss and AUC, and the learning rate used.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationAuc, double LearningRate);

/// <summary>Thrown when the loss stops being a number: training diverged.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
