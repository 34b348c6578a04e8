using Foundations.Data;
using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>Settings of the customer encoder, learned without labels by masked-feature reconstruction.</summary>
/// <param name="Dimensions">Width of the embedding a customer becomes.</param>
/// <param name="Hidden">Width of the hidden layer between the inputs and the embedding (and of the decoder's).</param>
/// <param name="Epochs">Passes over the customers.</param>
/// <param name="BatchSize">Customers per step.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="MaskRate">Share of each customer's values hidden in every step; only hidden values are scored.</param>
public sealed record EncoderSettings(int Dimensions = 16, int Hidden = 64, int Epochs = 20, int BatchSize = 128, double LearningRate = 3e-3, double MaskRate = 0.3)
{
    internal void Validate()
    {
        if (Dimensions < 1) throw new ArgumentOutOfRangeException(nameof(Dimensions), Dimensions, "dimensions must be at least 1.");
        if (Hidden < 1) throw new ArgumentOutOfRangeException(nameof(Hidden), Hidden, "hidden must be at least 1.");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "epochs must be at least 1.");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batchSize must be at least 2.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learningRate must be positive.");
        if (MaskRate is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(MaskRate), MaskRate, "maskRate must lie in (0, 1): with nothing hidden there is nothing to reconstruct.");
    }
}

/// <summary>One epoch of the encoder's training: its number and the mean masked-reconstruction loss.</summary>
public sealed record EncoderEpoch(int Epoch, int Epochs, double Loss);

/// <summary>
/// Learns a representation of customers from their table alone, with no label: in every step a share of each
/// customer's values is hidden and the network must fill them in from the rest (masked-feature reconstruction, as in
/// VIME and TabNet's pretraining). What it keeps is what the columns say about each other, which is what a later task
/// with few labels can start from.
/// </summary>
public static class CustomerEncoder
{
    /// <summary>Trains an encoder on <paramref name="customers"/> (their labels, if any, are not read); same seed, same weights on the CPU.</summary>
    public static TrainedEncoder Fit(FeatureMatrix customers, EncoderSettings? settings = null, int seed = 42, FittedRecipe? recipe = null, IProgress<EncoderEpoch>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        settings ??= new EncoderSettings();
        settings.Validate();
        if (customers.Rows < 2) throw new ArgumentException($"The encoder needs at least 2 customers; the feature matrix has {customers.Rows}.", nameof(customers));
        if (customers.NumericColumns.Count + customers.CategoricalColumns.Count == 0)
            throw new ArgumentException("The feature matrix has no columns to encode.", nameof(customers));
        var device = CPU;
        // Small layers: one thread avoids OpenMP hand-offs on every operation (see TorchThreads).
        using var threads = TorchThreads.SingleWhen(true, device);
        // libtorch's one generator also draws the masks: hold its gate for the whole training.
        using var seeded = TorchRandomness.Seeded(seed);
        var shape = EncoderShape.Of(customers);
        var network = new ReconstructionNetwork(shape, settings);
        using var optimizer = new FlatAdam(network.parameters(), settings.LearningRate, weightDecay: 0);
        using var data = NewDisposeScope();
        var numeric = customers.NumericTensor(device);
        var codes = customers.CategoricalTensor(device);
        // The kit's one training loop (shuffling, batches, divergence checks); no validation: reconstruction is the task.
        var callbacks = progress is null ? Array.Empty<LearnerCallback>()
            : new LearnerCallback[] { new ReportProgress(new EpochsAsEncoderEpochs(progress, settings.Epochs)) };
        var learner = new Learner(network, optimizer,
            batch => network.MaskedLoss(batch[0], batch[1], settings.MaskRate),
            () => (double.NaN, double.NaN), callbacks)
        {
            DivergenceAdvice = $"Lower learningRate (now {settings.LearningRate:G3}) or check the features for extreme values.",
        };
        learner.Fit(new[] { numeric, codes }, settings.Epochs, settings.BatchSize, new Random(seed));
        var losses = learner.History.Select(e => e.TrainLoss).ToList();
        network.eval();
        return new TrainedEncoder(network.Trunk, network, shape, settings, losses, recipe);
    }
}

/// <summary>Passes the learner's epochs on as the encoder's progress records.</summary>
internal sealed class EpochsAsEncoderEpochs(IProgress<EncoderEpoch> progress, int epochs) : IProgress<EpochRecord>
{
    public void Report(EpochRecord value) => progress.Report(new EncoderEpoch(value.Epoch, epochs, value.TrainLoss));
}

/// <summary>The inputs an encoder was trained on: numeric column names, then category columns with their codes.</summary>
internal sealed record EncoderShape(IReadOnlyList<string> NumericColumns, IReadOnlyList<CategoricalFeature> CategoricalColumns)
{
    public static EncoderShape Of(FeatureMatrix features) => new(features.NumericColumns.ToArray(), features.CategoricalColumns.ToArray());

    public IReadOnlyList<int> Codes => CategoricalColumns.Select(c => c.Cardinality).ToArray();

    /// <summary>Refuses a feature matrix with other columns than the encoder learned, naming the first difference.</summary>
    public void Check(FeatureMatrix features, string parameter)
    {
        if (!features.NumericColumns.SequenceEqual(NumericColumns))
            throw new ArgumentException($"The features' numeric columns ({string.Join(", ", features.NumericColumns)}) differ from the encoder's ({string.Join(", ", NumericColumns)}): prepare them with the same recipe.", parameter);
        var found = features.CategoricalColumns.Select(c => (c.Name, c.Cardinality)).ToArray();
        var expected = CategoricalColumns.Select(c => (c.Name, c.Cardinality)).ToArray();
        if (!found.SequenceEqual(expected))
            throw new ArgumentException($"The features' category columns ({string.Join(", ", found.Select(f => $"{f.Name}:{f.Cardinality}"))}) differ from the encoder's ({string.Join(", ", expected.Select(f => $"{f.Name}:{f.Cardinality}"))}): prepare them with the same recipe.", parameter);
    }
}
