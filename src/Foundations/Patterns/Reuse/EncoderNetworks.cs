using Foundations.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>
/// The part that transfers: a learned embedding per category column beside the numbers, one hidden layer, and the
/// customer's embedding. The reconstruction network trains it without labels; a prediction network starts from a copy.
/// </summary>
internal sealed class EncoderTrunk : nn.Module
{
    private readonly ModuleList<Embedding> embeddings = new();
    private readonly Linear hidden;
    private readonly Linear embedding;
    private readonly ReLU relu = nn.ReLU();

    public EncoderTrunk(EncoderShape shape, EncoderSettings settings) : base("EncoderTrunk")
    {
        using var gate = Foundations.Training.TorchRandomness.Held(); // building draws first weights from the shared generator
        int input = shape.NumericColumns.Count;
        foreach (int codes in shape.Codes)
        {
            // About half the number of codes, at most 8 wide (as the segmentation autoencoder).
            int width = Math.Clamp((codes + 1) / 2, 1, 8);
            embeddings.Add(nn.Embedding(codes, width));
            input += width;
        }
        hidden = nn.Linear(input, settings.Hidden);
        embedding = nn.Linear(settings.Hidden, settings.Dimensions);
        RegisterComponents();
    }

    /// <summary>[rows, dimensions] from numbers [rows, numeric] and codes [rows, categories].</summary>
    public Tensor Encode(Tensor numeric, Tensor codes)
    {
        var parts = new List<Tensor> { numeric };
        for (int j = 0; j < embeddings.Count; j++) parts.Add(embeddings[j].call(codes.select(1, j)));
        return embedding.call(relu.call(hidden.call(cat(parts, 1))));
    }

    /// <summary>A new trunk with the same shape and a copy of these weights (fine-tuning changes the copy only).</summary>
    public EncoderTrunk Copy(EncoderShape shape, EncoderSettings settings)
    {
        var copy = new EncoderTrunk(shape, settings);
        using var noGrad = no_grad();
        foreach (var (target, source) in copy.parameters().Zip(parameters())) target.copy_(source);
        return copy;
    }
}

/// <summary>The trunk plus a decoder back to every input: masked-feature reconstruction, the encoder's unlabelled task.</summary>
internal sealed class ReconstructionNetwork : nn.Module
{
    private readonly EncoderTrunk trunk;
    private readonly Sequential decoder;
    private readonly int _numeric;
    private readonly int[] _codes;

    public ReconstructionNetwork(EncoderShape shape, EncoderSettings settings) : base("CustomerEncoder")
    {
        using var gate = Foundations.Training.TorchRandomness.Held(); // building draws first weights from the shared generator
        _numeric = shape.NumericColumns.Count;
        _codes = shape.Codes.ToArray();
        trunk = new EncoderTrunk(shape, settings);
        decoder = nn.Sequential(
            ("relu", nn.ReLU()),
            ("hidden", nn.Linear(settings.Dimensions, settings.Hidden)),
            ("relu2", nn.ReLU()),
            ("output", nn.Linear(settings.Hidden, _numeric + _codes.Sum())));
        RegisterComponents();
    }

    public EncoderTrunk Trunk => trunk;

    /// <summary>
    /// Hides a random share of each customer's values (numbers set to 0, the training mean after standardizing;
    /// categories to code 0, "missing") and scores only the hidden ones: squared error for numbers, cross-entropy for
    /// categories, averaged per column. The trunk must infer hidden values from the customer's other columns.
    /// </summary>
    public Tensor MaskedLoss(Tensor numeric, Tensor codes, double maskRate)
    {
        var numericHidden = rand(numeric.shape, device: numeric.device).LessThan(maskRate).to(ScalarType.Float32);
        var codeHidden = rand(codes.shape, device: codes.device).LessThan(maskRate);
        var numericIn = numeric * numericHidden.SubtractedFrom(1);
        var codesIn = codes.FilledWhere(codeHidden, 0);
        var output = decoder.call(trunk.Encode(numericIn, codesIn));
        return ReconstructionLoss.Of(output, numeric, codes, numericHidden, codeHidden.to(ScalarType.Float32), _codes);
    }
}

/// <summary>A yes/no prediction network: a trunk (fresh, or a copy of a trained encoder's) and a small head giving logits.</summary>
internal sealed class TransferNetwork : nn.Module
{
    private readonly EncoderTrunk trunk;
    private readonly Sequential head;

    public TransferNetwork(EncoderTrunk trunk, int dimensions) : base("TransferNetwork")
    {
        using var gate = Foundations.Training.TorchRandomness.Held(); // building draws first weights from the shared generator
        this.trunk = trunk;
        head = nn.Sequential(("relu", nn.ReLU()), ("hidden", nn.Linear(dimensions, 16)), ("relu2", nn.ReLU()), ("logit", nn.Linear(16, 1)));
        RegisterComponents();
    }

    /// <summary>The head's parameters: all that trains when the trunk is frozen.</summary>
    public IEnumerable<Parameter> HeadParameters() => head.parameters();

    /// <summary>Stops gradients into the trunk: only the head learns.</summary>
    public void FreezeTrunk()
    {
        foreach (var p in trunk.parameters()) p.requires_grad = false;
    }

    /// <summary>Logits [rows].</summary>
    public Tensor Logits(Tensor numeric, Tensor codes) => head.call(trunk.Encode(numeric, codes)).squeeze(1);
}
