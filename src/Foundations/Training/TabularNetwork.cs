using Foundations.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>
/// The shape of a tabular network: what goes in, how numbers are encoded, how wide each hidden layer is and how many
/// ensemble members share it. Enough to rebuild it for loading (the fitted encodings travel with the weights).
/// </summary>
public sealed record NetworkShape(int NumericInputs, IReadOnlyList<int> Cardinalities, IReadOnlyList<int> Hidden, double Dropout)
{
    /// <summary>Piecewise-linear encoding bins per numeric input (quantile bins; 0: the scaled number only).</summary>
    public int NumericBins { get; init; }

    /// <summary>Ensemble members sharing the hidden layers, each with its own input adapter and output head (1: a plain network).</summary>
    public int Members { get; init; } = 1;

    /// <summary>Embedding width for a categorical column: grows with the number of categories, capped at 16.</summary>
    public static int EmbeddingWidth(int cardinality) => Math.Clamp((int)Math.Ceiling(1.6 * Math.Pow(cardinality, 0.56)), 2, 16);

    /// <summary>Width of the vector the hidden layers see: scaled numbers, their bin encodings, then every embedding.</summary>
    public int InputWidth => NumericInputs * (1 + NumericBins) + Cardinalities.Sum(EmbeddingWidth);

    /// <summary>For each dimension of the embedded input, the index of the column it comes from (numeric first, then categorical).</summary>
    public IReadOnlyList<int> InputOwners()
    {
        var owner = new List<int>(InputWidth);
        for (int j = 0; j < NumericInputs; j++) owner.Add(j);
        for (int j = 0; j < NumericInputs; j++)
            for (int b = 0; b < NumericBins; b++) owner.Add(j);
        for (int j = 0; j < Cardinalities.Count; j++)
            for (int d = 0; d < EmbeddingWidth(Cardinalities[j]); d++) owner.Add(NumericInputs + j);
        return owner;
    }

    /// <summary>Multiply-adds of one row's forward pass through the linear layers of every member (inputs × outputs, summed over layers).</summary>
    public long MultiplyAdds
    {
        get
        {
            long total = 0;
            int width = InputWidth;
            foreach (var h in Hidden.Append(1))
            {
                total += (long)width * h;
                width = h;
            }
            return total * Math.Max(1, Members);
        }
    }

    /// <summary>
    /// Why a shape read from a file cannot be built (a negative size, no hidden layer, or more values than
    /// <paramref name="savedBytes"/> of weights can hold: checked before a forged shape allocates gigabytes); null when sound.
    /// </summary>
    internal string? Problem(long savedBytes)
    {
        if (Cardinalities is null || Hidden is null) return "the network's shape lacks its categories or hidden layers";
        if (NumericInputs < 0 || NumericBins < 0 || Members < 1 || Hidden.Count == 0 || Hidden.Any(h => h < 1) || Cardinalities.Any(c => c < 1) || !(Dropout >= 0 && Dropout < 1))
            return "the network's shape has a size below 1, a negative count or a dropout outside [0, 1)";
        // Every value the network saves, as float32 (sizes in double: a forged shape must not overflow the count).
        double p = NumericInputs, bins = Math.Max(1, NumericBins), d = InputWidth, values = p * (2 + 2 * bins) + Members * (d + 1);
        values += Cardinalities.Sum(c => (double)c * EmbeddingWidth(c)) + d * Hidden[0] + Hidden[0];
        for (int i = 1; i < Hidden.Count; i++) values += (double)Hidden[i - 1] * Hidden[i] + Hidden[i];
        values += (double)Members * Hidden[^1];
        return 4 * values > savedBytes ? $"the network's shape needs {values:N0} saved values, more than the {savedBytes:N0} bytes of weights hold" : null;
    }

    /// <summary>The shape for a feature matrix and hidden layer sizes.</summary>
    public static NetworkShape For(FeatureMatrix features, IReadOnlyList<int> hidden, double dropout, int numericBins = 0, int members = 1) =>
        new(features.NumericColumns.Count, features.CategoricalColumns.Select(c => c.Cardinality).ToArray(), hidden.ToArray(), dropout)
        {
            NumericBins = numericBins,
            Members = members,
        };
}

/// <summary>
/// A network for tables, after the recent literature on deep tabular models. Numbers are robustly scaled and softly
/// clipped (RealMLP, Holzmüller et al. 2024) and also enter as a piecewise-linear encoding over quantile bins
/// (Gorishniy et al. 2022, "On Embeddings for Numerical Features"); categories get a learned embedding. The hidden
/// layers (Linear → ReLU → Dropout) are shared by <see cref="NetworkShape.Members"/> ensemble members that differ by a
/// multiplicative input adapter and their own output head, all run as one batched product (TabM-mini, Gorishniy et
/// al. 2024). The prediction is the members' mean probability, returned as its log-odds.
/// </summary>
public sealed class TabularNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<Embedding> embeddings;
    // After the first layer's product: its ReLU and dropout, then the other hidden layers (shared by every member).
    private readonly Sequential body;
    // Fitted on the training rows (see NumericEncoding), saved and loaded with the weights, never trained.
    private readonly Tensor center, scale, binLower, binInverseWidth;
    private readonly Parameter adapter, firstWeight, firstBias, headWeight, headBias;

    public TabularNetwork(NetworkShape shape) : base(nameof(TabularNetwork))
    {
        using var gate = Foundations.Training.TorchRandomness.Held(); // building draws first weights from the shared generator
        if (shape.Hidden.Count == 0) throw new ArgumentException("The network needs at least one hidden layer (Hidden).", nameof(shape));
        Shape = shape;
        int p = shape.NumericInputs, bins = Math.Max(1, shape.NumericBins), k = Math.Max(1, shape.Members), d = shape.InputWidth, first = shape.Hidden[0];
        center = torch.zeros(p);
        scale = torch.ones(p);
        binLower = torch.zeros(p, bins);
        binInverseWidth = torch.zeros(p, bins);
        embeddings = nn.ModuleList(shape.Cardinalities.Select(c => nn.Embedding(c, NetworkShape.EmbeddingWidth(c))).ToArray());
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = first;
        for (int i = 0; i < shape.Hidden.Count; i++)
        {
            if (i > 0)
            {
                layers.Add(($"linear{i}", nn.Linear(width, shape.Hidden[i])));
                width = shape.Hidden[i];
            }
            layers.Add(($"relu{i}", nn.ReLU()));
            if (shape.Dropout > 0) layers.Add(($"dropout{i}", new SeededDropout(shape.Dropout)));
        }
        body = nn.Sequential(layers);
        using (torch.no_grad())
        {
            // TabM-mini: the adapters start as random signs (members see differently signed inputs from the first
            // step); the first layer and the heads start as nn.Linear's do, uniform in ±1/sqrt(inputs).
            using var coin = torch.rand(k, d);
            using var below = coin.LessThan(0.5);
            using var ones = torch.ones(k, d);
            adapter = nn.Parameter(ones.FilledWhere(below, -1.0));
            firstWeight = nn.Parameter(Uniform(new long[] { d, first }, 1 / Math.Sqrt(d)));
            firstBias = nn.Parameter(Uniform(new long[] { first }, 1 / Math.Sqrt(d)));
            headWeight = nn.Parameter(Uniform(new long[] { k, width }, 1 / Math.Sqrt(width)));
            headBias = nn.Parameter(Uniform(new long[] { k }, 1 / Math.Sqrt(width)));
        }
        RegisterComponents(); // registers the tensor fields as buffers: in the state dict, not trained
    }

    private static Tensor Uniform(long[] size, double bound)
    {
        using var draw = torch.rand(size);
        using var scaled = draw.Times(2 * bound);
        return scaled.Plus(-bound);
    }

    public NetworkShape Shape { get; }

    /// <summary>Sets the fitted number encoding (centre, scale and bin edges learned on the training rows).</summary>
    internal void SetEncoding(NumericEncoding encoding)
    {
        int p = Shape.NumericInputs, bins = Math.Max(1, Shape.NumericBins);
        using var noGrad = torch.no_grad();
        using var c = torch.tensor(encoding.Center, new long[] { p });
        using var s = torch.tensor(encoding.Scale, new long[] { p });
        center.copy_(c);
        scale.copy_(s);
        if (Shape.NumericBins > 0)
        {
            using var lower = torch.tensor(encoding.BinLower, new long[] { p, bins });
            using var inverse = torch.tensor(encoding.BinInverseWidth, new long[] { p, bins });
            binLower.copy_(lower);
            binInverseWidth.copy_(inverse);
        }
    }

    /// <summary>Logits [rows] (log-odds of the members' mean probability) from numeric [rows, p] and category codes [rows, c].</summary>
    public override Tensor forward(Tensor numeric, Tensor categorical) => FromEmbedded(Embed(numeric, categorical));

    /// <summary>
    /// The vector the hidden layers see: the scaled, softly clipped numbers, their bin encodings, then each column's
    /// embedding (integrated gradients attributes along it; <see cref="NetworkShape.InputOwners"/> maps it back to columns).
    /// </summary>
    public Tensor Embed(Tensor numeric, Tensor categorical)
    {
        var parts = new List<Tensor>();
        if (Shape.NumericInputs > 0)
        {
            // Robust scaling, then x / sqrt(1 + (x/3)²): linear near the centre, bounded by ±3 for outliers.
            using var centred = numeric.sub(center);
            var scaled = centred.div(scale);
            using var ratio = scaled.DividedBy(3);
            using var squared = ratio.Squared();
            using var onePlus = squared.Plus(1.0);
            using var root = onePlus.sqrt();
            parts.Add(scaled.div(root));
            scaled.Dispose();
            if (Shape.NumericBins > 0)
            {
                // Piecewise-linear encoding: per bin, 0 below it, 1 above it, the position inside it in between.
                using var spread = numeric.unsqueeze(2);
                using var offset = spread.sub(binLower);
                using var position = offset.mul(binInverseWidth);
                using var floor = position.AtLeast(0.0);
                using var clipped = floor.AtMost(1.0);
                parts.Add(clipped.reshape(numeric.shape[0], Shape.NumericInputs * Shape.NumericBins));
            }
        }
        for (int j = 0; j < embeddings.Count; j++)
        {
            using var codes = categorical[TensorIndex.Colon, j];
            parts.Add(embeddings[j].forward(codes));
        }
        if (parts.Count == 1) return parts[0];
        var joined = cat(parts, 1);
        foreach (var part in parts) part.Dispose();
        return joined;
    }

    /// <summary>
    /// Each member's logits [members, rows] from an embedded input [rows, width]. A member's adapter r scales the input
    /// before the shared first layer W, and (x ⊙ r) W = x (diag(r) W): so the rows go through ONE product with the k
    /// adapted copies of W side by side, [rows, width] × [width, k·hidden], never materialising k copies of the input.
    /// The result is already laid out as k·rows rows for the shared layers that follow.
    /// </summary>
    public Tensor MemberLogits(Tensor embedded)
    {
        using var stacked = AdaptedFirstWeight();
        using var product = embedded.mm(stacked);                                     // [rows, k·first]
        return MemberLogitsFromProduct(product);
    }

    /// <summary>The k adapted copies of the first layer's weight side by side, [width, k·first]: embedded × this is the first layer of every member.</summary>
    internal Tensor AdaptedFirstWeight()
    {
        int k = Math.Max(1, Shape.Members), d = Shape.InputWidth, first = Shape.Hidden[0];
        using var adapterColumns = adapter.t().unsqueeze(2);                         // [width, k, 1]
        using var weightRows = firstWeight.unsqueeze(1);                               // [width, 1, first]
        using var adapted = adapterColumns.mul(weightRows);                           // [width, k, first]
        return adapted.reshape(d, k * first);
    }

    /// <summary>Each member's logits [members, rows] from the first layer's product [rows, k·first] (before its bias).</summary>
    internal Tensor MemberLogitsFromProduct(Tensor product)
    {
        long rows = product.shape[0];
        int k = Math.Max(1, Shape.Members), first = Shape.Hidden[0];
        using var perRow = product.view(rows * k, first);                              // row r, member m at r·k + m
        using var biased = perRow.Plus(firstBias);
        using var hidden = body.forward(biased);
        using var grouped = hidden.view(rows, k, hidden.shape[1]);
        using var weighted = grouped.mul(headWeight);                                  // each member's own head
        using var summed = weighted.sum(2);
        using var logits = summed.Plus(headBias);                                       // [rows, k]
        using var byMember = logits.t();
        return byMember.contiguous();
    }

    /// <summary>Log-odds of the members' mean probability [rows], from the first layer's product [rows, k·first].</summary>
    internal Tensor FromProduct(Tensor product)
    {
        using var members = MemberLogitsFromProduct(product);
        return MeanOfMembers(members);
    }

    /// <summary>Log-odds of the members' mean probability [rows], from an embedded input.</summary>
    public Tensor FromEmbedded(Tensor embedded)
    {
        using var members = MemberLogits(embedded);
        return MeanOfMembers(members);
    }

    private Tensor MeanOfMembers(Tensor members)
    {
        if (Shape.Members <= 1) return members.squeeze(0);
        // log(mean p) − log(mean (1 − p)), computed stably: the 1/k of both means cancels.
        using var logP = nn.functional.logsigmoid(members);
        using var negative = members.neg();
        using var logQ = nn.functional.logsigmoid(negative);
        using var top = logP.logsumexp(0);
        using var bottom = logQ.logsumexp(0);
        return top.sub(bottom);
    }
}
