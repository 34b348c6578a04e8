using Foundations.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>
/// A trained tabular network: the only thing that scores. Immutable once trained; saves to and loads from a stream.
/// Owns a torch module (native memory): dispose it, or the <see cref="Patterns.TrainedPrediction"/> holding it, when done.
/// </summary>
public sealed class TrainedNetwork : IDisposable
{
    private bool _disposed;

    internal TrainedNetwork(TabularNetwork network, TrainingSettings settings, IReadOnlyList<EpochRecord> history, int bestEpoch, TimeSpan trainingTime, double logitOffset)
    {
        LogitOffset = logitOffset;
        _network = network;
        Settings = settings;
        History = history;
        BestEpoch = bestEpoch;
        TrainingTime = trainingTime;
    }

    internal TabularNetwork Network => _disposed ? throw new ObjectDisposedException(nameof(TrainedNetwork), "This trained network was disposed; load the model again to score.") : _network;
    private readonly TabularNetwork _network;
    public TrainingSettings Settings { get; }
    public NetworkShape Shape => _network.Shape;
    /// <summary>Loss and validation AUC per epoch (the learning curve).</summary>
    public IReadOnlyList<EpochRecord> History { get; }
    /// <summary>The epoch whose weights were kept (best validation AUC).</summary>
    public int BestEpoch { get; }
    public TimeSpan TrainingTime { get; }
    /// <summary>
    /// Added to the network's logit before the sigmoid: −ln(class weight) undoes the up-weighting of the rare class in
    /// training, so probabilities match observed rates again (ranking and AUC are unchanged).
    /// </summary>
    public double LogitOffset { get; }

    /// <summary>Probability of the event for every row.</summary>
    public double[] Predict(FeatureMatrix features)
    {
        CheckShape(features);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var result = new double[features.Rows];
        const int chunk = 8192;
        for (int start = 0; start < features.Rows; start += chunk)
        {
            var rows = Enumerable.Range(start, Math.Min(chunk, features.Rows - start)).ToArray();
            var part = rows.Length == features.Rows ? features : features.Take(rows);
            var p = torch.sigmoid(Network.forward(part.NumericTensor(), part.CategoricalTensor()).Plus(LogitOffset)).data<float>().ToArray();
            for (int i = 0; i < p.Length; i++) result[start + i] = p[i];
        }
        return result;
    }

    /// <summary>Probabilities of <paramref name="features"/>' rows with one input replaced at a time (occlusion, shuffles, fixed values); dispose it.</summary>
    internal InputReplacement ReplaceInputs(FeatureMatrix features, int? blockRows = null)
    {
        CheckShape(features);
        return new InputReplacement(this, features, blockRows);
    }

    /// <summary>Writes the weights (the shape and settings are saved by the caller as JSON).</summary>
    public void SaveWeights(Stream stream) => Network.save(stream);

    /// <summary>Rebuilds a network of <paramref name="shape"/> and reads its weights from <paramref name="stream"/>.</summary>
    public static TrainedNetwork LoadWeights(Stream stream, NetworkShape shape, TrainingSettings settings, IReadOnlyList<EpochRecord> history, int bestEpoch, TimeSpan trainingTime, double logitOffset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (shape.Problem(stream.Length) is { } problem) throw new InvalidDataException(problem);
        var network = new TabularNetwork(shape);
        network.load(stream);
        network.eval();
        // A weight that is not a number would make every score NaN: refuse the file instead.
        foreach (var (name, tensor) in network.state_dict())
        {
            using var finite = tensor.isfinite();
            using var all = finite.all();
            if (all.ToBoolean()) continue;
            network.Dispose();
            throw new InvalidDataException($"weights.bin holds a value that is not a finite number in '{name}'");
        }
        return new TrainedNetwork(network, settings, history, bestEpoch, trainingTime, logitOffset);
    }

    /// <summary>Frees the torch module's native memory; scoring afterwards is an error.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _network.Dispose();
    }

    private void CheckShape(FeatureMatrix features)
    {
        if (features.NumericColumns.Count != Shape.NumericInputs || features.CategoricalColumns.Count != Shape.Cardinalities.Count)
            throw new ArgumentException($"The network expects {Shape.NumericInputs} numeric and {Shape.Cardinalities.Count} categorical inputs; the matrix has {features.NumericColumns.Count} and {features.CategoricalColumns.Count}. Build it with the model's fitted recipe.", nameof(features));
        // Codes past an embedding's end would fail inside libtorch, and fewer categories would shift every code.
        for (int j = 0; j < Shape.Cardinalities.Count; j++)
            if (features.CategoricalColumns[j].Cardinality != Shape.Cardinalities[j])
                throw new ArgumentException($"The network learned {Shape.Cardinalities[j]} codes for '{features.CategoricalColumns[j].Name}'; the matrix has {features.CategoricalColumns[j].Cardinality}. Build it with the model's fitted recipe.", nameof(features));
    }
}
