using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>An optimiser the <see cref="Learner"/> can drive: zero the gradients, take a step, change the step size.</summary>
public interface IOptimizer : IDisposable
{
    /// <summary>The step size; schedules change it between epochs.</summary>
    double LearningRate { get; set; }

    /// <summary>Sets every gradient to zero.</summary>
    void ZeroGrad();

    /// <summary>One step from the current gradients.</summary>
    void Step();
}

/// <summary>Hooks into a <see cref="Learner"/>'s loop (early stopping, schedules, progress); override what you need.</summary>
public abstract class LearnerCallback
{
    /// <summary>Before the first epoch.</summary>
    public virtual void BeforeFit(Learner learner) { }

    /// <summary>After each epoch's validation; set <see cref="Learner.StopRequested"/> to end training.</summary>
    public virtual void AfterEpoch(Learner learner, EpochRecord epoch) { }

    /// <summary>After the last epoch (also when stopped early).</summary>
    public virtual void AfterFit(Learner learner) { }
}

/// <summary>
/// The one training loop of the kit, in the spirit of fastai's <c>Learner</c>: a model, a loss over a batch, an
/// optimiser, a validation score and callbacks, each replaceable. <c>Fit</c> shuffles the rows every epoch,
/// steps through them a batch at a time, validates, records an <see cref="EpochRecord"/> and lets the callbacks act.
/// </summary>
public sealed class Learner
{
    private readonly Func<Tensor[], Tensor> _loss;
    private readonly Func<(double Loss, double Score)> _validate;
    private readonly List<EpochRecord> _history = new();

    /// <summary>
    /// A learner for <paramref name="model"/>: <paramref name="loss"/> maps a batch (the rows of each training tensor)
    /// to a scalar loss; <paramref name="validate"/> returns the validation loss and a score where higher is better (AUC).
    /// </summary>
    public Learner(nn.Module model, IOptimizer optimizer, Func<Tensor[], Tensor> loss, Func<(double Loss, double Score)> validate, params LearnerCallback[] callbacks)
    {
        Model = model;
        Optimizer = optimizer;
        _loss = loss;
        _validate = validate;
        Callbacks = callbacks;
    }

    public nn.Module Model { get; }
    public IOptimizer Optimizer { get; }
    public IReadOnlyList<LearnerCallback> Callbacks { get; }
    /// <summary>One record per finished epoch.</summary>
    public IReadOnlyList<EpochRecord> History => _history;
    /// <summary>The epoch being trained or just finished (1-based).</summary>
    public int Epoch { get; private set; }
    /// <summary>The most epochs this fit may run.</summary>
    public int Epochs { get; private set; }
    /// <summary>Gradients are clipped to this norm before each step (none when null).</summary>
    public double? MaxGradientNorm { get; init; }
    /// <summary>What a diverging run tells the user to change, naming their setting (default: lower the learning rate).</summary>
    public string? DivergenceAdvice { get; init; }
    /// <summary>Set by a callback to end training after the current epoch.</summary>
    public bool StopRequested { get; set; }

    /// <summary>Trains for up to <paramref name="epochs"/> passes over <paramref name="data"/> (tensors with the same first dimension) in batches of <paramref name="batchSize"/>.</summary>
    public void Fit(Tensor[] data, int epochs, int batchSize, Random shuffle) => Fit(data, epochs, batchSize, shuffle, timings: null);

    internal void Fit(Tensor[] data, int epochs, int batchSize, Random shuffle, TrainingTimings? timings)
    {
        if (data.Length == 0) throw new ArgumentException("There is no training data.", nameof(data));
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Epochs must be at least 1.");
        if (batchSize < 2) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 2.");
        Epochs = epochs;
        StopRequested = false;
        foreach (var c in Callbacks) c.BeforeFit(this);
        var order = Enumerable.Range(0, (int)data[0].shape[0]).ToArray();
        for (Epoch = 1; Epoch <= epochs; Epoch++)
        {
            Model.train();
            shuffle.Shuffle(order);
            var (lossSum, batches) = TrainEpoch(data, order, batchSize, timings);
            Model.eval();
            (double Loss, double Score) validation;
            using (torch.no_grad())
            using (torch.NewDisposeScope())
                validation = _validate();
            var record = new EpochRecord(Epoch, lossSum / Math.Max(1, batches), validation.Loss, validation.Score, Optimizer.LearningRate);
            _history.Add(record);
            foreach (var c in Callbacks) c.AfterEpoch(this, record);
            if (StopRequested) break;
        }
        Epoch = Math.Min(Epoch, epochs);
        foreach (var c in Callbacks) c.AfterFit(this);
    }

    private (double LossSum, int Batches) TrainEpoch(Tensor[] data, int[] order, int batchSize, TrainingTimings? timings)
    {
        using var epochScope = torch.NewDisposeScope();
        var clock = Stopwatch.StartNew();
        // The epoch's rows in shuffled order, gathered once: each batch is then a view (narrow), not a gather per batch.
        var permutation = torch.tensor(Array.ConvertAll(order, i => (long)i), device: data[0].device);
        var shuffled = Array.ConvertAll(data, t => t.index_select(0, permutation));
        timings?.AddData(clock.Elapsed);
        double lossSum = 0;
        int batches = 0;
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int count = Math.Min(batchSize, order.Length - start);
            if (count < 2) continue; // a one-row batch says little and breaks batch statistics
            clock.Restart();
            using var scope = torch.NewDisposeScope();
            var batch = Array.ConvertAll(shuffled, t => t.narrow(0, start, count));
            timings?.AddData(clock.Elapsed);
            lossSum += Step(batch, count, $"at epoch {Epoch}, batch {batches + 1}", timings);
            batches++;
        }
        return (lossSum, batches);
    }

    /// <summary>
    /// One gradient step on <paramref name="batch"/> (the rows of each tensor the loss reads): the loss, a check that it
    /// is a number, backward, gradient clipping (<see cref="MaxGradientNorm"/>) and the optimiser's step. Returns the
    /// loss. <c>Fit</c> calls it for every batch; a learner fed from elsewhere (the alert agent's replay buffer) calls it
    /// directly.
    /// </summary>
    public double Step(Tensor[] batch) => Step(batch, batch.Length == 0 ? 0 : (int)batch[0].shape[0], "", timings: null);

    private double Step(Tensor[] batch, int rows, string where, TrainingTimings? timings)
    {
        var clock = Stopwatch.StartNew();
        var loss = _loss(batch);
        timings?.AddForward(clock.Elapsed);
        clock.Restart();
        double value = loss.item<float>();
        timings?.AddLoss(clock.Elapsed);
        string at = where.Length == 0 ? "" : " " + where;
        if (!double.IsFinite(value))
            throw new TrainingDivergedException($"Training diverged: the loss became {value}{at}. {Advice()}");
        clock.Restart();
        Optimizer.ZeroGrad();
        loss.backward();
        if (MaxGradientNorm is { } norm) nn.utils.clip_grad_norm_(Model.parameters(), norm);
        timings?.AddBackward(clock.Elapsed);
        clock.Restart();
        try
        {
            Optimizer.Step();
        }
        catch (System.Runtime.InteropServices.ExternalException e) when (e.Message.Contains("overflow", StringComparison.OrdinalIgnoreCase))
        {
            // libtorch refuses a step whose size overflows float32: that is divergence too.
            throw new TrainingDivergedException($"Training diverged: the optimizer step overflowed{at}. {Advice()}");
        }
        timings?.AddStep(clock.Elapsed, rows);
        return value;
    }

    private string Advice() => DivergenceAdvice ?? $"Lower the learning rate (now {Optimizer.LearningRate:G3}) or check the inputs for extreme values.";
}

/// <summary>Stops after <paramref name="patience"/> epochs without a better validation score and restores the weights of the best epoch.</summary>
public sealed class EarlyStopping(int patience, double minImprovement = 1e-5) : LearnerCallback
{
    private Dictionary<string, Tensor>? _best;
    private int _since;

    /// <summary>The epoch whose weights were kept (0 before any epoch).</summary>
    public int BestEpoch { get; private set; }
    /// <summary>Its validation score.</summary>
    public double BestScore { get; private set; } = double.NegativeInfinity;

    public override void BeforeFit(Learner learner)
    {
        Release();
        (BestEpoch, BestScore, _since) = (0, double.NegativeInfinity, 0);
    }

    public override void AfterEpoch(Learner learner, EpochRecord epoch)
    {
        if (epoch.ValidationAuc > BestScore + minImprovement)
        {
            (BestEpoch, BestScore, _since) = (epoch.Epoch, epoch.ValidationAuc, 0);
            Release();
            _best = learner.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        }
        else if (++_since >= patience)
        {
            learner.StopRequested = true;
        }
    }

    public override void AfterFit(Learner learner)
    {
        if (_best is null) return;
        learner.Model.load_state_dict(_best);
        Release();
    }

    private void Release()
    {
        if (_best is null) return;
        foreach (var t in _best.Values) t.Dispose();
        _best = null;
    }
}

/// <summary>Halves the learning rate after <paramref name="patience"/> epochs without a better validation score (PyTorch's ReduceLROnPlateau).</summary>
public sealed class ReduceLearningRateOnPlateau(int patience, double factor = 0.5, double minImprovement = 1e-5) : LearnerCallback
{
    private double _best;
    private int _since;

    public override void BeforeFit(Learner learner) => (_best, _since) = (double.NegativeInfinity, 0);

    public override void AfterEpoch(Learner learner, EpochRecord epoch)
    {
        if (epoch.ValidationAuc > _best + minImprovement)
        {
            (_best, _since) = (epoch.ValidationAuc, 0);
        }
        else if (++_since >= patience)
        {
            learner.Optimizer.LearningRate *= factor;
            _since = 0;
        }
    }
}

/// <summary>
/// Reports every epoch as a progress line titled <paramref name="title"/>: to <paramref name="progress"/>, else to the
/// default display (<see cref="ProgressReporting.For"/>: a notebook's progress line when the notebook layer is loaded).
/// </summary>
public sealed class ReportProgressLine(string title, IProgress<ProgressReport>? progress, Func<EpochRecord, string> message) : LearnerCallback
{
    private readonly IProgress<ProgressReport> _reporter = ProgressReporting.For(title, progress);

    public override void AfterEpoch(Learner learner, EpochRecord epoch) =>
        _reporter.Report(new ProgressReport(title, epoch.Epoch, learner.Epochs, message(epoch)));
}

/// <summary>Reports every epoch to an <see cref="IProgress{T}"/> (a notebook's progress line, a console, a test).</summary>
public sealed class ReportProgress(IProgress<EpochRecord> progress) : LearnerCallback
{
    public override void AfterEpoch(Learner learner, EpochRecord epoch) => progress.Report(epoch);
}
