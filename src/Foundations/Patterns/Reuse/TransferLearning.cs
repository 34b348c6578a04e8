using Foundations.Data;
using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>Where a prediction network's trunk starts.</summary>
public enum TransferStart
{
    /// <summary>Random weights: the network learns from the labelled customers alone.</summary>
    Scratch,
    /// <summary>The encoder's weights, kept fixed: only the head learns, on the embeddings.</summary>
    Frozen,
    /// <summary>The encoder's weights, then trained further with the head on the labelled customers.</summary>
    FineTuned,
}

/// <summary>How a prediction head (and, unless frozen, its trunk) trains on the labelled customers.</summary>
/// <param name="Steps">Most Adam steps; the best step on the validation slice is kept (early stopping).</param>
/// <param name="BatchSize">Customers per step (all of them when fewer).</param>
/// <param name="LearningRate">Adam's step size, the same for every start so that only the start differs.</param>
/// <param name="WeightDecay">L2 penalty: small labelled sets overfit without it.</param>
/// <param name="ValidationShare">Share of the labelled customers kept aside to choose the step (stratified).</param>
/// <param name="CheckEvery">Steps between two looks at the validation loss.</param>
public sealed record HeadSettings(int Steps = 300, int BatchSize = 64, double LearningRate = 3e-3, double WeightDecay = 1e-4, double ValidationShare = 0.2, int CheckEvery = 20)
{
    internal void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "steps must be at least 1.");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batchSize must be at least 2.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learningRate must be positive.");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "weightDecay cannot be negative.");
        if (ValidationShare is <= 0 or >= 0.5) throw new ArgumentOutOfRangeException(nameof(ValidationShare), ValidationShare, "validationShare must lie in (0, 0.5).");
        if (CheckEvery < 1) throw new ArgumentOutOfRangeException(nameof(CheckEvery), CheckEvery, "checkEvery must be at least 1.");
    }
}

/// <summary>One fit of the learning curve done: for the progress line.</summary>
public sealed record CurveProgress(int Done, int Total, int Labelled, TransferStart Start, int Seed, double Auc);

/// <summary>
/// New tasks started from a <see cref="TrainedEncoder"/>: a yes/no prediction network whose trunk is the encoder's
/// (frozen or fine-tuned) or random (from scratch), and the learning curve that shows when starting from the encoder helps.
/// </summary>
public static class TransferLearning
{
    /// <summary>Labelled-set sizes of the curve; the whole pool is always added as the last point.</summary>
    public static IReadOnlyList<int> DefaultSizes { get; } = new[] { 250, 500, 1000, 2000 };

    /// <summary>
    /// Trains a prediction network on <paramref name="labelled"/> (features with a 0/1 label, prepared like the encoder's)
    /// starting as <paramref name="start"/> says, and returns its probabilities for <paramref name="scored"/>.
    /// </summary>
    public static double[] TrainAndScore(TrainedEncoder encoder, FeatureMatrix labelled, FeatureMatrix scored, TransferStart start, HeadSettings? settings = null, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        settings ??= new HeadSettings();
        settings.Validate();
        encoder.Shape.Check(labelled, nameof(labelled));
        encoder.Shape.Check(scored, nameof(scored));
        var label = labelled.Label ?? throw new ArgumentException("The labelled customers have no label: build their features with the target column.", nameof(labelled));
        int events = label.Count(v => v > 0.5f);
        if (events < 2 || labelled.Rows - events < 2)
            throw new ArgumentException($"The labelled customers hold {events} events and {labelled.Rows - events} non-events; a head needs at least 2 of each.", nameof(labelled));

        using var threads = TorchThreads.SingleWhen(true, CPU);
        using var seeded = TorchRandomness.Seeded(seed);
        var rng = new Random(seed);
        var (fitRows, validationRows) = StratifiedSplit(label, settings.ValidationShare, rng);
        var trunk = start == TransferStart.Scratch ? new EncoderTrunk(encoder.Shape, encoder.Settings) : encoder.CopyTrunk();
        using var network = new TransferNetwork(trunk, encoder.Dimensions);
        if (start == TransferStart.Frozen) network.FreezeTrunk();
        using var optimizer = new FlatAdam(start == TransferStart.Frozen ? network.HeadParameters() : network.parameters(), settings.LearningRate, settings.WeightDecay);
        var learned = network.parameters().Where(p => p.requires_grad).ToArray();

        using var data = NewDisposeScope();
        var numeric = labelled.NumericTensor();
        var codes = labelled.CategoricalTensor();
        var y = labelled.LabelTensor();
        using var validation = tensor(validationRows.Select(i => (long)i).ToArray());
        var validationNumeric = numeric.index_select(0, validation);
        var validationCodes = codes.index_select(0, validation);
        var validationY = y.index_select(0, validation);

        double ValidationLoss()
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            network.eval();
            double loss = nn.functional.binary_cross_entropy_with_logits(network.Logits(validationNumeric, validationCodes), validationY).item<float>();
            network.train();
            return loss;
        }

        // The best step's weights, kept as copies (the optimiser changes the parameters in place).
        var best = learned.Select(p => p.detach().clone()).ToArray();
        double bestLoss = ValidationLoss();
        int batch = Math.Min(settings.BatchSize, fitRows.Length);
        var order = fitRows.ToArray();
        int cursor = order.Length;
        network.train();
        for (int step = 1; step <= settings.Steps; step++)
        {
            using (var scope = NewDisposeScope())
            {
                if (cursor + batch > order.Length) { rng.Shuffle(order); cursor = 0; }
                using var rows = tensor(order.AsSpan(cursor, batch).ToArray().Select(i => (long)i).ToArray());
                cursor += batch;
                optimizer.ZeroGrad();
                var loss = nn.functional.binary_cross_entropy_with_logits(network.Logits(numeric.index_select(0, rows), codes.index_select(0, rows)), y.index_select(0, rows));
                loss.backward();
                optimizer.Step();
            }
            if (step % settings.CheckEvery == 0 || step == settings.Steps)
            {
                double loss = ValidationLoss();
                if (loss < bestLoss)
                {
                    bestLoss = loss;
                    using var noGrad = no_grad();
                    foreach (var (copy, p) in best.Zip(learned)) copy.copy_(p);
                }
            }
        }
        using (var noGrad = no_grad())
            foreach (var (copy, p) in best.Zip(learned)) p.copy_(copy);
        foreach (var copy in best) copy.Dispose();

        network.eval();
        using var final = no_grad();
        using var scoring = NewDisposeScope();
        return torch.sigmoid(network.Logits(scored.NumericTensor(), scored.CategoricalTensor())).data<float>().Select(v => (double)v).ToArray();
    }

    /// <summary>
    /// The learning curve: for each number of labelled customers (drawn from <paramref name="pool"/>, stratified, the
    /// smaller sets inside the larger ones) and each seed, a network from scratch and one from the encoder, judged by
    /// AUC on the same <paramref name="test"/> customers. The interval is mean ± t·s/√seeds (95%, Student's t).
    /// </summary>
    public static LearningCurve LearningCurve(TrainedEncoder encoder, FeatureMatrix pool, FeatureMatrix test, IReadOnlyList<int>? sizes = null,
        int seeds = 3, int firstSeed = 42, IReadOnlyList<TransferStart>? starts = null, HeadSettings? settings = null, IProgress<CurveProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (seeds < 1) throw new ArgumentOutOfRangeException(nameof(seeds), seeds, "seeds must be at least 1.");
        var poolLabel = pool.Label ?? throw new ArgumentException("The pool has no label: build its features with the target column.", nameof(pool));
        var testLabel = (test.Label ?? throw new ArgumentException("The test customers have no label: build their features with the target column.", nameof(test)))
            .Select(v => v > 0.5f ? 1 : 0).ToArray();
        if (testLabel.Distinct().Count() < 2) throw new ArgumentException("The test customers hold only one class: AUC needs events and non-events.", nameof(test));
        var counts = (sizes ?? DefaultSizes).Where(n => n < pool.Rows).Distinct().Order().Append(pool.Rows).ToArray();
        if (counts.Any(n => n < 10)) throw new ArgumentOutOfRangeException(nameof(sizes), "every labelled-set size must be at least 10.");
        var arms = (starts ?? new[] { TransferStart.Scratch, TransferStart.FineTuned }).Distinct().ToArray();

        var aucs = new Dictionary<(int, TransferStart), List<double>>();
        int done = 0, total = counts.Length * arms.Length * seeds;
        for (int s = 0; s < seeds; s++)
        {
            int seed = firstSeed + s;
            var order = StratifiedOrder(poolLabel, new Random(seed));
            foreach (int n in counts)
            {
                var labelled = pool.Take(order.Take(n).Order().ToArray());
                foreach (var arm in arms)
                {
                    double auc = BinaryMetrics.Auc(TrainAndScore(encoder, labelled, test, arm, settings, seed), testLabel);
                    if (!aucs.TryGetValue((n, arm), out var list)) aucs[(n, arm)] = list = new List<double>();
                    list.Add(auc);
                    progress?.Report(new CurveProgress(++done, total, n, arm, seed, auc));
                }
            }
        }
        var points = counts.SelectMany(n => arms.Select(arm => CurvePoint.Of(n, arm, aucs[(n, arm)], n == pool.Rows))).ToArray();
        return new LearningCurve(pool.LabelColumn ?? "label", points, seeds, test.Rows, testLabel.Sum(), pool.Rows);
    }

    /// <summary>Row indices ordered so that every prefix keeps the pool's share of events (interleaved by a running quota).</summary>
    private static int[] StratifiedOrder(float[] label, Random rng)
    {
        var events = Enumerable.Range(0, label.Length).Where(i => label[i] > 0.5f).ToArray();
        var others = Enumerable.Range(0, label.Length).Where(i => label[i] <= 0.5f).ToArray();
        rng.Shuffle(events);
        rng.Shuffle(others);
        double rate = (double)events.Length / label.Length;
        var order = new List<int>(label.Length);
        int e = 0, o = 0;
        while (order.Count < label.Length)
        {
            // Take an event whenever the prefix has fewer than its share of them.
            bool takeEvent = e < events.Length && (o >= others.Length || e < Math.Round((order.Count + 1) * rate));
            order.Add(takeEvent ? events[e++] : others[o++]);
        }
        return order.ToArray();
    }

    private static (int[] Fit, int[] Validation) StratifiedSplit(float[] label, double share, Random rng)
    {
        var fit = new List<int>();
        var validation = new List<int>();
        foreach (var group in new[] { true, false })
        {
            var rows = Enumerable.Range(0, label.Length).Where(i => label[i] > 0.5f == group).ToArray();
            rng.Shuffle(rows);
            int held = Math.Clamp((int)Math.Round(rows.Length * share), 1, rows.Length - 1);
            validation.AddRange(rows.Take(held));
            fit.AddRange(rows.Skip(held));
        }
        return (fit.Order().ToArray(), validation.Order().ToArray());
    }
}
