using System.Diagnostics;
using Foundations.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>
/// Trains a <see cref="TabularNetwork"/> on a feature matrix through the kit's <see cref="Learner"/>: AdamW
/// (<see cref="FlatAdam"/>), the members' mean binary cross-entropy, early stopping on validation AUC that restores the
/// best epoch, and a learning rate halved when validation stalls.
/// </summary>
public static class Trainer
{
    /// <summary>Trains on <paramref name="train"/> (which must carry a label) and returns the immutable trained network.</summary>
    public static TrainedNetwork Fit(FeatureMatrix train, TrainingSettings? settings = null, string title = "Training") =>
        Fit(train, settings, title, progress: null, timings: null);

    /// <summary>As <see cref="Fit(FeatureMatrix, TrainingSettings?, string)"/>, reporting every epoch to <paramref name="progress"/> instead of the notebook's progress line.</summary>
    public static TrainedNetwork Fit(FeatureMatrix train, TrainingSettings? settings, IProgress<EpochRecord> progress) =>
        Fit(train, settings, "Training", progress, timings: null);

    /// <summary>As above, adding each phase's time of every training batch to <paramref name="timings"/>.</summary>
    internal static TrainedNetwork Fit(FeatureMatrix train, TrainingSettings? settings, string title, IProgress<EpochRecord>? progress, TrainingTimings? timings)
    {
        settings ??= new TrainingSettings();
        if (train.Label is null) throw new ArgumentException("The training matrix has no label: build it with ToFeatures(frame, label: ...).", nameof(train));
        // One class leaves nothing to learn (and a validation AUC that means nothing): refused before the first epoch.
        if (train.Rows > 0 && Array.TrueForAll(train.Label, v => v == train.Label[0]))
            throw new ArgumentException($"The label{(train.LabelColumn is null ? "" : $" '{train.LabelColumn}'")} has only one class ({train.Label[0]}) in all {train.Rows:N0} training rows: there is nothing to learn. Check the extract: the outcome window or a filter removed the other class.", nameof(train));
        if (settings.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.Epochs, "Epochs must be at least 1.");
        if (settings.BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(settings), settings.BatchSize, "BatchSize must be at least 2.");
        if (settings.ValidationShare is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.ValidationShare, "ValidationShare must be between 0 and 1.");
        if (settings.EnsembleSize < 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.EnsembleSize, "EnsembleSize must be at least 1.");
        if (settings.NumericBins < 0) throw new ArgumentOutOfRangeException(nameof(settings), settings.NumericBins, "NumericBins must be 0 or more.");
        int seed = settings.Seed ?? Kit.Seed;
        var watch = Stopwatch.StartNew();

        // A stratified validation split taken from the training rows only; a customer's rows all on one side when the
        // rows carry customers, or early stopping would reward remembering them.
        var rng = new Random(seed);
        var (fitRows, validationRows) = train.Groups is { } groups ? GroupedHoldout(train.Label, groups, settings.ValidationShare, rng) : StratifiedHoldout(train.Label, settings.ValidationShare, rng);
        var fit = train.Take(fitRows);
        var validation = train.Take(validationRows);

        using var seeded = TorchRandomness.Seeded(seed);
        var device = Devices.Auto;
        var network = new TabularNetwork(NetworkShape.For(train, settings.Hidden, settings.Dropout, BinsFor(settings.NumericBins, train.NumericColumns.Count), settings.EnsembleSize));
        network.SetEncoding(NumericEncoding.Fit(fit, settings.NumericBins));
        network.to(device);
        using var xNum = fit.NumericTensor(device);
        using var xCat = fit.CategoricalTensor(device);
        using var y = fit.LabelTensor(device);
        using var vNum = validation.NumericTensor(device);
        using var vCat = validation.CategoricalTensor(device);
        using var vY = validation.LabelTensor(device);
        double positives = fit.Label!.Sum(v => v), negatives = fit.Rows - positives;
        float classWeight = settings.BalanceClasses && positives > 0 && negatives > 0 ? (float)(negatives / positives) : 1f;
        using var posWeight = torch.tensor(new[] { classWeight }, device: device);
        var validationLabels = validation.Label!.Select(v => (int)v).ToArray();
        bool canScoreValidation = validationLabels.Distinct().Count() == 2;

        // Every member learns from every row (TabM): the loss is the mean of the members' losses.
        Tensor Loss(Tensor[] batch)
        {
            var members = network.MemberLogits(network.Embed(batch[0], batch[1]));
            var target = batch[2].unsqueeze(0).expand_as(members);
            return nn.functional.binary_cross_entropy_with_logits(members, target, pos_weights: posWeight);
        }
        (double, double) Validate()
        {
            var logits = network.forward(vNum, vCat);
            double loss = nn.functional.binary_cross_entropy_with_logits(logits, vY, pos_weights: posWeight).item<float>();
            var p = logits.cpu().data<float>().Select(v => (double)v).ToArray(); // AUC ranks: logits rank as probabilities do
            return (loss, canScoreValidation ? BinaryMetrics.Auc(p, validationLabels) : -loss);
        }

        var stopping = new EarlyStopping(settings.Patience);
        var callbacks = new List<LearnerCallback> { stopping, new ReduceLearningRateOnPlateau(settings.LearningRatePatience) };
        // No progress object given: the default display (a notebook's progress line when the notebook layer is loaded).
        callbacks.Add(progress is null
            ? new ReportProgressLine(title, null, e => $"epoch {e.Epoch}: loss {e.TrainLoss:0.0000}, validation AUC {e.ValidationAuc:0.0000}")
            : new ReportProgress(progress));
        using var optimizer = new FlatAdam(network.parameters(), settings.LearningRate, settings.WeightDecay, decoupled: true);
        var learner = new Learner(network, optimizer, Loss, Validate, callbacks.ToArray());
        learner.Fit(new[] { xNum, xCat, y }, settings.Epochs, settings.BatchSize, rng, timings);
        network.eval();
        network.to(torch.CPU); // the trained network lives on the CPU so it saves, loads and scores anywhere
        return new TrainedNetwork(network, settings, learner.History, stopping.BestEpoch, watch.Elapsed, -Math.Log(classWeight));
    }

    /// <summary>
    /// Bins per numeric input: as asked, but at most <see cref="BinBudget"/> encoded values over all inputs (and at
    /// least 2 bins), so a table with a hundred numbers does not widen the first layer to thousands of inputs. On the
    /// benchmark's 120-number task 4 bins scored as well as 8 in a fifth of the time.
    /// </summary>
    internal static int BinsFor(int asked, int numericInputs) =>
        asked == 0 || numericInputs * asked <= BinBudget ? asked : Math.Max(2, BinBudget / numericInputs);

    internal const int BinBudget = 512;


    private static (List<int> Fit, List<int> Holdout) GroupedHoldout(float[] label, int[] groups, double share, Random rng)
    {
        var holdout = Data.GroupedHoldout.Take(groups, label.Select(v => v == 1f ? "1" : "0").ToArray(), share, rng);
        var held = holdout.ToHashSet();
        return (Enumerable.Range(0, label.Length).Where(i => !held.Contains(i)).ToList(), holdout);
    }

    internal static (List<int> Fit, List<int> Holdout) StratifiedHoldout(float[] label, double share, Random rng)
    {
        var fit = new List<int>();
        var holdout = new List<int>();
        foreach (var cls in new[] { 0f, 1f })
        {
            var rows = Enumerable.Range(0, label.Length).Where(i => label[i] == cls).ToArray();
            rng.Shuffle(rows);
            int take = (int)Math.Round(rows.Length * share);
            holdout.AddRange(rows.Take(take));
            fit.AddRange(rows.Skip(take));
        }
        fit.Sort();
        holdout.Sort();
        return (fit, holdout);
    }
}
