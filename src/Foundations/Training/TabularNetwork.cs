using Foundations.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>The shape of a tabular network: what goes in and how wide each hidden layer is. Enough to rebuild it for loading.</summary>
public sealed record NetworkShape(int NumericInputs, IReadOnlyList<int> Cardinalities, IReadOnlyList<int> Hidden, double Dropout)
{
    /// <summary>Embedding width for a categorical column: grows with the number of categories, capped at 16.</summary>
    public static int EmbeddingWidth(int cardinality) => Math.Clamp((int)Math.Ceiling(1.6 * Math.Pow(cardinality, 0.56)), 2, 16);

    /// <summary>Width of the vector the hidden layers see: numeric inputs plus every embedding.</summary>
    public int InputWidth => NumericInputs + Cardinalities.Sum(EmbeddingWidth);

    /// <summary>Multiply-adds of one row's forward pass through the linear layers (inputs × outputs, summed over layers).</summary>
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
            return total;
        }
    }

    /// <summary>The shape for a feature matrix and hidden layer sizes.</summary>
    public static NetworkShape For(FeatureMatrix features, IReadOnlyList<int> hidden, double dropout) =>
        new(features.NumericColumns.Count, features.CategoricalColumns.Select(c => c.Cardinality).ToArray(), hidden.ToArray(), dropout);
}

/// <summary>
/// A feed-forward network for tables: numeric inputs plus a learned embedding per categorical column, then hidden
/// layers of Linear → BatchNorm → ReLU → Dropout, and one output logit (the log-odds of the event).
/// </summary>
public sealed class TabularNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<Embedding> embeddings;
    private readonly Sequential body;

    public TabularNetwork(NetworkShape shape) : base(nameof(TabularNetwork))
    {
        Shape = shape;
        embeddings = nn.ModuleList(shape.Cardinalities.Select(c => nn.Embedding(c, NetworkShape.EmbeddingWidth(c))).ToArray());
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = shape.InputWidth;
        for (int i = 0; i < shape.Hidden.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(width, shape.Hidden[i])));
            layers.Add(($"norm{i}", nn.BatchNorm1d(shape.Hidden[i])));
            layers.Add(($"relu{i}", nn.ReLU()));
            if (shape.Dropout > 0) layers.Add(($"dropout{i}", new SeededDropout(shape.Dropout)));
            width = shape.Hidden[i];
        }
        layers.Add(("output", nn.Linear(width, 1)));
        body = nn.Sequential(layers);
        RegisterComponents();
    }

    public NetworkShape Shape { get; }

    /// <summary>Logits [rows] from numeric [rows, p] and category codes [rows, c].</summary>
    public override Tensor forward(Tensor numeric, Tensor categorical) => FromEmbedded(Embed(numeric, categorical));

    /// <summary>The vector the hidden layers see: numeric inputs then each column's embedding (used by integrated gradients).</summary>
    public Tensor Embed(Tensor numeric, Tensor categorical)
    {
        if (embeddings.Count == 0) return numeric;
        var parts = new List<Tensor> { numeric };
        for (int j = 0; j < embeddings.Count; j++)
            parts.Add(embeddings[j].forward(categorical[TensorIndex.Colon, j]));
        return cat(parts, 1);
    }

    /// <summary>Logits from an already embedded input.</summary>
    public Tensor FromEmbedded(Tensor embedded) => body.forward(embedded).squeeze(1);
}
