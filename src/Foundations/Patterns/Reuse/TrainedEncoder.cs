using Foundations.Data;
using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>
/// A trained customer encoder: turns customers (features prepared by the recipe it was trained with) into embeddings,
/// and is what a new task starts from (<see cref="TransferLearning"/>). Immutable; holds the network's tensors, so dispose it.
/// </summary>
public sealed class TrainedEncoder : IDisposable
{
    /// <summary>The format of the encoder's model.json.</summary>
    public const string Format = "foundations.customer-encoder/1";

    /// <summary>The kind written into the model file's manifest.</summary>
    public const string Kind = "customer encoder";

    private readonly EncoderTrunk _trunk;
    private readonly ReconstructionNetwork _network;

    internal TrainedEncoder(EncoderTrunk trunk, ReconstructionNetwork network, EncoderShape shape, EncoderSettings settings, IReadOnlyList<double> losses, FittedRecipe? recipe)
    {
        _trunk = trunk;
        _network = network;
        Shape = shape;
        Settings = settings;
        Losses = losses;
        Recipe = recipe;
    }

    internal EncoderShape Shape { get; }

    /// <summary>The settings it was trained with.</summary>
    public EncoderSettings Settings { get; }

    /// <summary>Mean masked-reconstruction loss of every epoch (it falls as the encoder learns how columns relate).</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>The recipe that prepared its training customers, when given at fit time (saved with it).</summary>
    public FittedRecipe? Recipe { get; }

    /// <summary>Width of an embedding.</summary>
    public int Dimensions => Settings.Dimensions;

    /// <summary>Each customer's embedding, row-major [rows × <see cref="Dimensions"/>].</summary>
    public float[] Embed(FeatureMatrix customers)
    {
        Shape.Check(customers, nameof(customers));
        using var threads = TorchThreads.SingleWhen(true, CPU);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return _trunk.Encode(customers.NumericTensor(), customers.CategoricalTensor()).contiguous().data<float>().ToArray();
    }

    /// <summary>The embeddings as a feature matrix (columns embedding_1 ...), with the customers' label if they have one: features for any other model.</summary>
    public FeatureMatrix EmbedAsFeatures(FeatureMatrix customers) =>
        new(customers.Rows, Enumerable.Range(1, Dimensions).Select(i => $"embedding_{i}").ToArray(), Embed(customers),
            Array.Empty<CategoricalFeature>(), Array.Empty<long>(), customers.Label, customers.LabelColumn);

    /// <summary>A copy of the trunk for a new task (fine-tuning changes the copy, never this encoder).</summary>
    internal EncoderTrunk CopyTrunk() => _trunk.Copy(Shape, Settings);

    private sealed record Document(string Format, EncoderSettings Settings, IReadOnlyList<string> NumericColumns,
        IReadOnlyList<CategoricalFeature> CategoricalColumns, IReadOnlyList<double> Losses);

    /// <summary>Saves the encoder as a model file (.fnd, kind "customer encoder"): settings, columns, weights and the recipe, with checksums.</summary>
    public string Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        var schema = Recipe?.Inputs
            ?? Shape.NumericColumns.Select(c => new RecipeColumn(c, "number")).Concat(Shape.CategoricalColumns.Select(c => new RecipeColumn(c.Name, "category"))).ToArray();
        return ModelFile.Write(path, new Document(Format, Settings, Shape.NumericColumns, Shape.CategoricalColumns, Losses),
            Recipe?.ToJson(), stream => _network.save(stream), Kind, Format, schema);
    }

    /// <summary>Loads an encoder saved by <see cref="Save"/>, after the model file's checks (manifest, sizes, SHA-256, kind, format).</summary>
    public static TrainedEncoder Load(string path)
    {
        var contents = ModelFile.Read<Document>(path, Kind, Format, d => d.Format);
        var document = contents.Manifest<Document>();
        var shape = new EncoderShape(document.NumericColumns, document.CategoricalColumns);
        document.Settings.Validate();
        using var weights = contents.Weights;
        var network = new ReconstructionNetwork(shape, document.Settings);
        network.load(weights);
        network.eval();
        var recipe = contents.HasRecipe ? FittedRecipe.FromJson(contents.RecipeJson) : null;
        return new TrainedEncoder(network.Trunk, network, shape, document.Settings, document.Losses, recipe);
    }

    public void Dispose() => _network.Dispose();
}
