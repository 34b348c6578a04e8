using System.Diagnostics;
using Foundations.Data;
using Foundations.Interactive;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>Trains a <see cref="TabularNetwork"/> on a feature matrix: mini-batches, Adam, early stopping, a learning-rate schedule.</summary>
public static class Trainer
{
    /// <summary>Trains on <paramref name="train"/> (which must carry a label) and returns the immutable trained network.</summary>
    public static TrainedNetwork Fit(FeatureMatrix train, TrainingSettings? settings = null, string title = "Training") =>
        Fit(train, settings, title, timings: null);

    /// <summary>As <see cref="Fit(FeatureMatrix, TrainingSettings?, string)"/>, adding each phase's time of every training batch to <paramref name="timings"/>.</summary>
    internal static TrainedNetwork Fit(FeatureMatrix train, TrainingSettings? settings, string title, TrainingTimings? timings)
    {
        settings ??= new TrainingSettings();
        if (train.Label is null) throw new ArgumentException("The training matrix has no label: build it with ToFeatures(frame, label: ...).", nameof(train));
        // One class leaves nothing to learn (and a validation AUC that means nothing): refused before the first epoch.
        if (train.Rows > 0 && Array.TrueForAll(train.Label, v => v == train.Label[0]))
            throw new ArgumentException($"The label{(train.LabelColumn is null ? "" : $" '{train.LabelColumn}'")} has only one class ({train.Label[0]}) in all {train.Rows:N0} training rows: there is nothing to learn. Check the extract: the outcome window or a filter removed the other class.", nameof(train));
        if (settings.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.Epochs, "Epochs must be at least 1.");
        if (settings.BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(settings), settings.BatchSize, "BatchSize must be at least 2 (batch norm needs two rows).");
        if (settings.ValidationShare is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.ValidationShare, "ValidationShare must be between 0 and 1.");
        int seed = settings.Seed ?? Kit.Seed;
        var watch = Stopwatch.StartNew();

        // A stratified validation split taken from the training rows only.
        var rng = new Random(seed);
        var (fitRows, validationRows) = StratifiedHoldout(train.Label, settings.ValidationShare, rng);
        var fit = train.Take(fitRows);
        var validation = train.Take(validationRows);

        using var seeded = TorchRandomness.Seeded(seed);
        var device = Devices.Auto;
        var network = new TabularNetwork(NetworkShape.For(train, settings.Hidden, settings.Dropout));
        network.to(device);
        var optimizer = new FlatAdam(network.parameters(), settings.LearningRate, settings.WeightDecay);

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

        var history = new List<EpochRecord>();
        Dictionary<string, Tensor>? best = null;
        double bestAuc = double.NegativeInfinity, lr = settings.LearningRate;
        int sinceBest = 0, sinceLrDrop = 0, bestEpoch = 0;
        var order = Enumerable.Range(0, fit.Rows).ToArray();
        using var progress = Progress.Start(title);
        try
        {
            for (int epoch = 1; epoch <= settings.Epochs; epoch++)
            {
                network.train();
                rng.Shuffle(order);
                var (lossSum, batches) = TrainEpoch(network, optimizer, xNum, xCat, y, posWeight, order, settings.BatchSize, epoch, lr, timings);

                double validationLoss, auc;
                network.eval();
                using (torch.no_grad())
                using (var scope = torch.NewDisposeScope())
                {
                    var logits = network.forward(vNum, vCat);
                    validationLoss = nn.functional.binary_cross_entropy_with_logits(logits, vY, pos_weights: posWeight).item<float>();
                    var p = torch.sigmoid(logits).cpu().data<float>().Select(v => (double)v).ToArray();
                    auc = canScoreValidation ? BinaryMetrics.Auc(p, validationLabels) : -validationLoss;
                }
                history.Add(new EpochRecord(epoch, lossSum / Math.Max(1, batches), validationLoss, auc, lr));
                progress.Report(epoch, settings.Epochs, $"epoch {epoch}: loss {lossSum / Math.Max(1, batches):0.0000}, validation AUC {auc:0.0000}");

                if (auc > bestAuc + 1e-5)
                {
                    bestAuc = auc;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    sinceLrDrop = 0;
                    DisposeAll(best);
                    best = network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
                }
                else
                {
                    sinceBest++;
                    sinceLrDrop++;
                    if (sinceBest >= settings.Patience) break;
                    if (sinceLrDrop >= settings.LearningRatePatience)
                    {
                        lr /= 2;
                        optimizer.LearningRate = lr;
                        sinceLrDrop = 0;
                    }
                }
            }
        }
        finally
        {
            optimizer.Dispose();
        }

        if (best is not null)
        {
            network.load_state_dict(best);
            DisposeAll(best);
        }
        network.eval();
        network.to(torch.CPU); // the trained network lives on the CPU so it saves, loads and scores anywhere
        return new TrainedNetwork(network, settings, history, bestEpoch, watch.Elapsed, -Math.Log(classWeight));
    }

    /// <summary>One pass over the training rows in <paramref name="order"/>, a batch at a time; returns the summed batch losses and the batch count.</summary>
    private static (double LossSum, int Batches) TrainEpoch(TabularNetwork network, FlatAdam optimizer, Tensor xNum, Tensor xCat, Tensor y,
        Tensor posWeight, int[] order, int batchSize, int epoch, double lr, TrainingTimings? timings)
    {
        using var epochScope = torch.NewDisposeScope();
        var clock = Stopwatch.StartNew();
        // The epoch's rows in shuffled order, gathered once: each batch is then a view (narrow), not three gathers and
        // an index tensor built per batch.
        var permutation = torch.tensor(Array.ConvertAll(order, i => (long)i), device: xNum.device);
        var epochNum = xNum.index_select(0, permutation);
        var epochCat = xCat.index_select(0, permutation);
        var epochY = y.index_select(0, permutation);
        timings?.AddData(clock.Elapsed);
        double lossSum = 0;
        int batches = 0;
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int count = Math.Min(batchSize, order.Length - start);
            if (count < 2) continue; // batch norm cannot normalise a single row
            clock.Restart();
            using var scope = torch.NewDisposeScope();
            var batchNum = epochNum.narrow(0, start, count);
            var batchCat = epochCat.narrow(0, start, count);
            var batchY = epochY.narrow(0, start, count);
            timings?.AddData(clock.Elapsed);
            clock.Restart();
            var logits = network.forward(batchNum, batchCat);
            timings?.AddForward(clock.Elapsed);
            clock.Restart();
            var loss = nn.functional.binary_cross_entropy_with_logits(logits, batchY, pos_weights: posWeight);
            double value = loss.item<float>();
            timings?.AddLoss(clock.Elapsed);
            if (!double.IsFinite(value))
                throw new TrainingDivergedException($"Training diverged: the loss became {value} at epoch {epoch}, batch {batches + 1}. Lower the learning rate (now {lr:G3}) or check the inputs for extreme values.");
            clock.Restart();
            optimizer.ZeroGrad();
            loss.backward();
            timings?.AddBackward(clock.Elapsed);
            clock.Restart();
            try
            {
                optimizer.Step();
            }
            catch (System.Runtime.InteropServices.ExternalException e) when (e.Message.Contains("overflow", StringComparison.OrdinalIgnoreCase))
            {
                // libtorch refuses a step whose size overflows float32: that is divergence too.
                throw new TrainingDivergedException($"Training diverged: the optimizer step overflowed at epoch {epoch}, batch {batches + 1}. Lower the learning rate (now {lr:G3}) or check the inputs for extreme values.");
            }
            timings?.AddStep(clock.Elapsed, count);
            lossSum += value;
            batches++;
        }
        return (lossSum, batches);
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

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors.Values) t.Dispose();
    }
}
