namespace Foundations.Training;

/// <summary>
/// Where the training batches' time went: gathering rows, forward pass, loss, backward pass (with zeroing the
/// gradients) and optimiser step, summed over batches. libtorch on the CPU runs each operation to completion before it
/// returns, so a stopwatch around each phase measures that phase. For benches and profiling, not for notebooks.
/// </summary>
internal sealed class TrainingTimings
{
    public TimeSpan Data { get; private set; }
    public TimeSpan Forward { get; private set; }
    public TimeSpan Loss { get; private set; }
    public TimeSpan Backward { get; private set; }
    public TimeSpan Step { get; private set; }
    public long Rows { get; private set; }
    public int Batches { get; private set; }

    /// <summary>Every phase together: the time spent in training batches.</summary>
    public TimeSpan Total => Data + Forward + Loss + Backward + Step;

    public void AddData(TimeSpan t) => Data += t;
    public void AddForward(TimeSpan t) => Forward += t;
    public void AddLoss(TimeSpan t) => Loss += t;
    public void AddBackward(TimeSpan t) => Backward += t;

    /// <summary>Adds the step's time and closes the batch of <paramref name="rows"/> rows.</summary>
    public void AddStep(TimeSpan t, int rows)
    {
        Step += t;
        Rows += rows;
        Batches++;
    }
}
