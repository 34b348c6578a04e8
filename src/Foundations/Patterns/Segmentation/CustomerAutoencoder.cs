using Foundations.Training;
using Foundations.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>Settings of the autoencoder that compresses each customer into a short embedding.</summary>
public sealed record AutoencoderSettings(int Dimensions = 8, int Epochs = 40, int BatchSize = 128, double LearningRate = 3e-3,
    IReadOnlyList<int>? Hidden = null, double MaskRate = 0)
{
    /// <summary>Widths of the encoder's hidden layers (the decoder mirrors them).</summary>
    public IReadOnlyList<int> HiddenLayers => Hidden ?? new[] { 64, 32 };

    internal void Validate()
    {
        if (Dimensions < 1) throw new ArgumentOutOfRangeException(nameof(Dimensions), Dimensions, "dimensions must be at least 1.");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "epochs must be at least 1.");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batchSize must be at least 2.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learningRate must be positive.");
        if (MaskRate is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(MaskRate), MaskRate, "maskRate must lie in [0, 1).");
        if (HiddenLayers.Any(h => h < 1)) throw new ArgumentOutOfRangeException(nameof(Hidden), "every hidden layer needs at least one unit.");
    }
}

/// <summary>
/// The network: numeric z-scores plus a learned embedding per categorical column go in, pass through a narrow
/// middle layer (the customer's embedding), and come out as reconstructed numbers and logits per category.
/// </summary>
internal sealed class AutoencoderNetwork : nn.Module
{
    private readonly ModuleList<Embedding> embeddings = new();
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly int[] _codes;
    private readonly int _numeric;

    /// <summary>A small embedding per column: about half the number of codes, at most 8 wide.</summary>
    public static int EmbeddingWidth(int codes) => Math.Clamp((codes + 1) / 2, 1, 8);

    public AutoencoderNetwork(int numeric, IReadOnlyList<int> codes, AutoencoderSettings settings) : base("CustomerAutoencoder")
    {
        using var gate = Foundations.Training.TorchRandomness.Held(); // building draws first weights from the shared generator
        _numeric = numeric;
        _codes = codes.ToArray();
        int input = numeric;
        foreach (int c in _codes)
        {
            int width = EmbeddingWidth(c);
            embeddings.Add(nn.Embedding(c, width));
            input += width;
        }
        var widths = new[] { input }.Concat(settings.HiddenLayers).ToArray();
        var down = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i + 1 < widths.Length; i++)
        {
            down.Add(($"linear{i}", nn.Linear(widths[i], widths[i + 1])));
            down.Add(($"relu{i}", nn.ReLU()));
        }
        down.Add(("embedding", nn.Linear(widths[^1], settings.Dimensions)));
        encoder = nn.Sequential(down);

        var up = new List<(string, nn.Module<Tensor, Tensor>)>();
        var back = new[] { settings.Dimensions }.Concat(settings.HiddenLayers.Reverse()).ToArray();
        for (int i = 0; i + 1 < back.Length; i++)
        {
            up.Add(($"linear{i}", nn.Linear(back[i], back[i + 1])));
            up.Add(($"relu{i}", nn.ReLU()));
        }
        up.Add(("output", nn.Linear(back[^1], numeric + _codes.Sum())));
        decoder = nn.Sequential(up);
        RegisterComponents();
    }

    public Tensor Encode(Tensor numeric, Tensor codes)
    {
        var parts = new List<Tensor> { numeric };
        for (int j = 0; j < _codes.Length; j++) parts.Add(embeddings[j].call(codes.select(1, j)));
        return encoder.call(cat(parts, 1));
    }

    /// <summary>
    /// Masked reconstruction loss, averaged per input column: a random share of each customer's values is hidden
    /// (numbers set to the mean, categories to "missing") and only the hidden values are scored. The network must
    /// infer them from the customer's other columns, so the embedding keeps what columns share (the segments) and
    /// drops what no other column predicts (noise such as a region unrelated to anything). Squared error for
    /// numbers, cross-entropy for categories. With <paramref name="maskRate"/> 0 every value is kept and scored.
    /// </summary>
    public Tensor Loss(Tensor numeric, Tensor codes, double maskRate)
    {
        Tensor numericWeight, codeWeight, numericIn = numeric, codesIn = codes;
        if (maskRate > 0)
        {
            numericWeight = rand(numeric.shape, device: numeric.device).LessThan(maskRate).to(ScalarType.Float32);
            codeWeight = rand(codes.shape, device: codes.device).LessThan(maskRate).to(ScalarType.Float32);
            numericIn = numeric * numericWeight.SubtractedFrom(1);
            codesIn = codes.FilledWhere(codeWeight.to(ScalarType.Bool), 0);
        }
        else
        {
            numericWeight = ones_like(numeric);
            codeWeight = ones(codes.shape, device: codes.device);
        }
        var output = decoder.call(Encode(numericIn, codesIn));
        return ReconstructionLoss.Of(output, numeric, codes, numericWeight, codeWeight, _codes);
    }
}

/// <summary>A trained autoencoder with the scaling it was trained on: turns customers into embeddings.</summary>
public sealed class CustomerAutoencoder : IDisposable
{
    private readonly AutoencoderNetwork _network;

    private CustomerAutoencoder(AutoencoderNetwork network, FeatureScaling scaling, AutoencoderSettings settings, IReadOnlyList<double> losses)
    {
        _network = network;
        Scaling = scaling;
        Settings = settings;
        Losses = losses;
    }

    public FeatureScaling Scaling { get; }
    public AutoencoderSettings Settings { get; }
    /// <summary>Mean reconstruction loss of every epoch (falls as the embedding learns the customers).</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>Trains the autoencoder on <paramref name="features"/>; same seed, same weights and embeddings on the CPU.</summary>
    public static CustomerAutoencoder Train(FeatureMatrix features, FeatureScaling scaling, AutoencoderSettings settings, int seed, Device device, IProgress<ProgressReport>? progress = null)
    {
        settings.Validate();
        // The layers are small whatever the number of customers: one thread avoids OpenMP hand-offs on every operation.
        using var threads = TorchThreads.SingleWhen(true, device);
        // libtorch's one generator also draws the masks: hold its gate for the whole training.
        using var seeded = TorchRandomness.Seeded(seed);
        var network = new AutoencoderNetwork(scaling.NumericColumns.Count, scaling.Codes, settings);
        network.to(device);
        // The kit's Adam: TorchSharp's lets its step sizes be collected mid-call (see TensorArithmetic).
        using var optimizer = new FlatAdam(network.parameters(), settings.LearningRate, weightDecay: 0);
        using var data = NewDisposeScope();
        var numeric = scaling.Standardize(features, device);
        var codes = features.CategoricalTensor(device);
        // The kit's one training loop; no validation split: the reconstruction loss is the whole story.
        var learner = new Learner(network, optimizer,
            batch => network.Loss(batch[0], batch[1], settings.MaskRate),
            () => (double.NaN, double.NaN),
            new ReportProgressLine("Autoencoder", progress, e => $"loss {e.TrainLoss:0.0000}"))
        {
            DivergenceAdvice = $"Lower learningRate (now {settings.LearningRate:G3}) or check the features for extreme values.",
        };
        learner.Fit(new[] { numeric, codes }, settings.Epochs, settings.BatchSize, new Random(seed));
        var losses = learner.History.Select(e => e.TrainLoss).ToList();
        network.eval();
        return new CustomerAutoencoder(network, scaling, settings, losses);
    }

    /// <summary>The embedding of every customer, [rows, dimensions] on <paramref name="device"/>.</summary>
    public Tensor Embed(FeatureMatrix features, Device? device = null)
    {
        var target = device ?? Parameters().First().device;
        using var threads = TorchThreads.SingleWhen(true, target);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        _network.to(target);
        var result = _network.Encode(Scaling.Standardize(features, target), features.CategoricalTensor(target));
        return result.MoveToOuterDisposeScope();
    }

    internal IEnumerable<Tensor> Parameters() => _network.parameters();

    /// <summary>Writes the network's weights (TorchSharp format).</summary>
    internal void SaveWeights(Stream stream) => _network.save(stream);

    /// <summary>Rebuilds a saved autoencoder: the architecture from its settings, then the weights.</summary>
    internal static CustomerAutoencoder Load(Stream weights, FeatureScaling scaling, AutoencoderSettings settings, IReadOnlyList<double> losses)
    {
        // Sizes read from a file are checked against the bytes of weights before libtorch allocates a forged layer.
        if (settings.Dimensions < 1 || settings.HiddenLayers is null || settings.HiddenLayers.Any(h => h < 1))
            throw new InvalidDataException("the autoencoder's settings hold a layer of fewer than 1 unit");
        double input = scaling.NumericColumns.Count + scaling.Codes.Sum(c => (double)AutoencoderNetwork.EmbeddingWidth(c));
        var widths = new[] { input }.Concat(settings.HiddenLayers.Select(h => (double)h)).Append(settings.Dimensions).ToArray();
        double values = scaling.Codes.Sum(c => (double)c * AutoencoderNetwork.EmbeddingWidth(c))
            + 2 * widths.Zip(widths.Skip(1), (a, b) => a * b).Sum() - input * widths[1] + widths[1] * (scaling.NumericColumns.Count + scaling.Codes.Sum(c => (double)c));
        if (4 * values > weights.Length)
            throw new InvalidDataException($"the autoencoder's settings need {values:N0} saved values, more than the {weights.Length:N0} bytes of weights hold");
        var network = new AutoencoderNetwork(scaling.NumericColumns.Count, scaling.Codes, settings);
        network.load(weights);
        network.eval();
        return new CustomerAutoencoder(network, scaling, settings, losses);
    }

    public void Dispose() => _network.Dispose();
}
