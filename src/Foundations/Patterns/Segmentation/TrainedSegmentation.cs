using Foundations.Data;
using Foundations.Training;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>What the customers are clustered on: the autoencoder's embedding, or the standardized features themselves.</summary>
public enum Representation
{
    /// <summary>The embedding a TorchSharp autoencoder learns from numbers and categories.</summary>
    Autoencoder,
    /// <summary>Z-scored numbers and one indicator per category, clustered directly (for comparison).</summary>
    StandardizedFeatures,
    /// <summary>
    /// Mixed data weighted so no kind of column dominates: numbers as z-scores, yes/no columns and category blocks
    /// each carrying 2/π of a number's variance (<see cref="FeatureScaling.Balanced"/>).
    /// </summary>
    BalancedColumns,
}

/// <summary>
/// The fitted segmentation: the data-layer recipe and scaling it learned, the autoencoder's weights, the segment
/// centres and names. The only thing that assigns new customers; saved and loaded as one file.
/// </summary>
public sealed class TrainedSegmentation : IDisposable
{
    /// <summary>The format written inside model files (same container as the Prediction pattern's: model.json, recipe.json, weights.bin).</summary>
    public const string Format = "foundations.segmentation/1";

    internal TrainedSegmentation(FittedRecipe? recipe, IReadOnlyList<string> idColumns, FeatureScaling scaling, Representation representation,
        CustomerAutoencoder? autoencoder, float[] centroids, int k, int dimensions, IReadOnlyList<string> segmentNames, IReadOnlyList<long>? segmentSizes = null)
    {
        SegmentSizes = segmentSizes ?? Array.Empty<long>();
        Recipe = recipe;
        IdColumns = idColumns;
        Scaling = scaling;
        Representation = representation;
        Autoencoder = autoencoder;
        Centroids = centroids;
        K = k;
        Dimensions = dimensions;
        SegmentNames = segmentNames;
    }

    /// <summary>The fitted data-layer recipe that prepares a customer table (null when segmenting a ready feature matrix).</summary>
    public FittedRecipe? Recipe { get; }
    /// <summary>
    /// How many of the customers it was fitted on fell in each segment (1..K in order): tagging a later file compares its
    /// shares with these. Empty for a file saved before the sizes were kept.
    /// </summary>
    public IReadOnlyList<long> SegmentSizes { get; }
    /// <summary>Identifier columns copied beside the segments of new customers.</summary>
    public IReadOnlyList<string> IdColumns { get; }
    public FeatureScaling Scaling { get; }
    public Representation Representation { get; }
    /// <summary>The trained autoencoder (null for <see cref="Representation.StandardizedFeatures"/>).</summary>
    public CustomerAutoencoder? Autoencoder { get; }
    /// <summary>Segment centres in the representation, row-major K × Dimensions; row s−1 is segment s.</summary>
    public IReadOnlyList<float> Centroids { get; }
    public int K { get; }
    /// <summary>Width of the representation the centres live in.</summary>
    public int Dimensions { get; }
    /// <summary>The generated name of segment s at index s−1.</summary>
    public IReadOnlyList<string> SegmentNames { get; }

    /// <summary>
    /// The representation of <paramref name="features"/> that the centres live in: row-major, rows × <see cref="Dimensions"/>,
    /// managed memory (nothing to dispose).
    /// </summary>
    public float[] Represent(FeatureMatrix features)
    {
        using var scope = NewDisposeScope();
        return RepresentTensor(features).cpu().data<float>().ToArray();
    }

    /// <summary>The representation as a tensor; the caller's dispose scope owns it.</summary>
    internal Tensor RepresentTensor(FeatureMatrix features, Device? device = null) =>
        Representation switch
        {
            Representation.Autoencoder => Autoencoder!.Embed(features, device ?? Kit.Device),
            Representation.BalancedColumns => Scaling.Balanced(features, device ?? Kit.Device),
            _ => Scaling.StandardizedWithIndicators(features, device ?? Kit.Device),
        };

    /// <summary>The segment (1 … K) of every customer in <paramref name="features"/>: the nearest centre.</summary>
    public int[] Assign(FeatureMatrix features)
    {
        using var scope = NewDisposeScope();
        var x = RepresentTensor(features);
        if (x.shape[1] != Dimensions)
            throw new ArgumentException($"The customers' representation has {x.shape[1]} dimensions; the segment centres have {Dimensions}. Build the features with the model's recipe.", nameof(features));
        var centres = tensor(Centroids.ToArray(), new long[] { K, Dimensions }, device: x.device);
        return KMeans.Assign(x, centres).Select(a => a + 1).ToArray();
    }

    /// <summary>
    /// Assigns new customers from a customer table shaped like the one segmented: returns their identifier columns,
    /// <c>segment</c> and <c>segment_name</c>. A missing or mistyped column is an error naming it.
    /// </summary>
    public DataFrame Assign(DataFrame customers)
    {
        if (Recipe is null)
            throw new InvalidOperationException("This model was fitted on a feature matrix, not a customer table: build the new customers' feature matrix with the same recipe and call Assign(FeatureMatrix).");
        FeatureMatrix features;
        try { features = Recipe.ToFeatures(customers); }
        catch (ArgumentException e) when (Source is not null)
        {
            // The recipe's own advice ("add Impute") is for whoever builds it; a loaded model's user needs the file and a way out.
            throw new ArgumentException($"The segmentation model '{Source}' cannot assign these customers: {e.Message.Replace($" (Parameter '{e.ParamName}')", "")} BatchScoring.AssignCsv (or `foundations score`) sets such rows aside and tags the rest.", e.ParamName, e);
        }
        var segments = Assign(features);
        var result = new DataFrame();
        foreach (var id in IdColumns)
            if (customers.Columns.IndexOf(id) >= 0) result.Columns.Add(customers.Columns[id].Clone());
        result.Columns.Add(new Int32DataFrameColumn("segment", segments));
        result.Columns.Add(new StringDataFrameColumn("segment_name", segments.Select(s => SegmentNames[s - 1])));
        return result;
    }

    /// <summary>The input columns (and kinds) a customer table must have to be assigned; empty for a model fitted on a feature matrix.</summary>
    public IReadOnlyList<RecipeColumn> Schema => Recipe?.Inputs ?? Array.Empty<RecipeColumn>();

    /// <summary>
    /// Writes the model as one model file (a zip): model.json (format, schema, scaling, centres, names), the fitted
    /// recipe's JSON and the autoencoder's weights; records it in the experiment log and returns the path.
    /// </summary>
    public string Save(string path)
    {
        var manifest = new Manifest(Format, Schema.ToArray(), Representation.ToString(), K, Dimensions, Centroids.ToArray(), SegmentNames.ToArray(),
            new ScalingJson(Scaling.NumericColumns.ToArray(), Scaling.LogScaled.ToArray(), Scaling.Means.ToArray(), Scaling.Scales.ToArray(),
                Scaling.CategoricalColumns.Select(c => new CategoricalJson(c.Name, c.Cardinality, c.Categories.ToArray())).ToArray(),
                Scaling.YesNo.ToArray(), Scaling.CategoryFactors.ToArray()),
            IdColumns.ToArray(), Autoencoder?.Settings is { } s ? new AutoencoderJson(s.Dimensions, s.Epochs, s.BatchSize, s.LearningRate, s.HiddenLayers.ToArray(), Autoencoder.Losses.ToArray()) : null,
            SegmentSizes.Count == 0 ? null : SegmentSizes.ToArray());
        ModelFile.Write(path, manifest, Recipe?.ToJson(), Autoencoder is null ? null : Autoencoder.SaveWeights, Kind, Format, Schema);
        Experiments.Run.Current.Artifact(path);
        return path;
    }

    /// <summary>Loads a model written by <see cref="Save"/>; works on a machine without a GPU.</summary>
    public static TrainedSegmentation Load(string path)
    {
        var file = ModelFile.Read<Manifest>(path, Kind, Format, m => m.Format);
        var model = ModelFile.Build(path, Kind, () => FromContents(path, file));
        model.Source = path;
        return model;
    }

    /// <summary>The file the model was loaded from (null when trained in this process): named in batch errors.</summary>
    internal string? Source { get; private set; }

    private const string Kind = "segmentation model";

    private static TrainedSegmentation FromContents(string path, ModelFile.Contents file)
    {
        var manifest = file.Manifest<Manifest>();
        if (ManifestProblem(manifest) is { } problem) throw new InvalidDataException(problem);
        var scaling = new FeatureScaling(manifest.Scaling.NumericColumns, manifest.Scaling.LogScaled, manifest.Scaling.Means, manifest.Scaling.Scales,
            manifest.Scaling.Categorical.Select(c => new CategoricalFeature(c.Name, c.Cardinality, c.Categories)).ToArray(),
            manifest.Scaling.YesNo, manifest.Scaling.CategoryFactors);
        var representation = Enum.Parse<Representation>(manifest.Representation);
        CustomerAutoencoder? autoencoder = null;
        if (representation == Representation.Autoencoder)
        {
            var a = manifest.Autoencoder ?? throw new InvalidDataException($"'{path}': an autoencoder model without autoencoder settings.");
            autoencoder = CustomerAutoencoder.Load(file.Weights, scaling, new AutoencoderSettings(a.Dimensions, a.Epochs, a.BatchSize, a.LearningRate, a.Hidden), a.Losses);
        }
        var recipe = file.HasRecipe ? FittedRecipe.FromJson(file.RecipeJson) : null;
        var model = new TrainedSegmentation(recipe, manifest.IdColumns, scaling, representation, autoencoder, manifest.Centroids, manifest.K, manifest.Dimensions, manifest.SegmentNames,
            manifest.SegmentSizes);
        // Assigning no customers runs every check between the recipe, the scaling and the centres when the file is read.
        try { if (recipe is not null) model.Assign(recipe.EmptyInput()); }
        catch { model.Dispose(); throw; } // the autoencoder's native memory, on a refused file
        return model;
    }

    /// <summary>What does not agree in a model.json read from a file (lists of different lengths, a centre that is not a number); null when sound.</summary>
    private static string? ManifestProblem(Manifest m)
    {
        if (m.Schema is null || m.Centroids is null || m.SegmentNames is null || m.Scaling is null || m.IdColumns is null || m.Representation is null)
            return "model.json lacks its schema, centres, segment names, scaling, identifier columns or representation";
        if (!Enum.TryParse<Representation>(m.Representation, out _)) return $"model.json names a representation '{m.Representation}' this kit does not know";
        // Assign copies each identifier column into its result: a name listed twice, or no name, cannot be copied.
        if (m.IdColumns.Any(string.IsNullOrWhiteSpace) || m.IdColumns.Distinct(StringComparer.Ordinal).Count() != m.IdColumns.Length)
            return "model.json lists an identifier column twice, or one without a name";
        if (m.K < 1 || m.Dimensions < 1 || m.Centroids.Length != (long)m.K * m.Dimensions || m.SegmentNames.Length != m.K || m.SegmentNames.Any(n => n is null))
            return $"model.json holds {m.Centroids.Length:N0} centre values and {m.SegmentNames.Length} names for {m.K} segments of {m.Dimensions} dimensions";
        if (m.Centroids.Any(c => !float.IsFinite(c))) return "model.json holds a segment centre that is not a finite number";
        if (m.SegmentSizes is { } sizes && (sizes.Length != m.K || sizes.Any(n => n < 0) || sizes.All(n => n == 0)))
            return $"model.json holds {sizes.Length} segment sizes for {m.K} segments, or a size below 0, or none above 0";
        var s = m.Scaling;
        int p = s.NumericColumns?.Length ?? -1;
        if (p < 0 || s.NumericColumns!.Any(n => n is null) || s.LogScaled?.Length != p || s.Means?.Length != p || s.Scales?.Length != p || (s.YesNo is not null && s.YesNo.Length != p)
            || s.Categorical is null || s.Categorical.Any(c => c?.Name is null || c.Categories is null || c.Cardinality < 1)
            || (s.CategoryFactors is not null && s.CategoryFactors.Length != s.Categorical.Length))
            return "model.json's scaling lists its numeric columns, means, scales and categories in different numbers";
        if (s.Means.Any(v => !float.IsFinite(v)) || s.Scales.Any(v => !(v > 0) || !float.IsFinite(v)) || (s.CategoryFactors?.Any(v => !float.IsFinite(v)) ?? false))
            return "model.json's scaling holds a mean, scale or factor that is not a finite number (or a scale that is not positive)";
        return null;
    }

    public void Dispose() => Autoencoder?.Dispose();

    private sealed record Manifest(string Format, RecipeColumn[] Schema, string Representation, int K, int Dimensions, float[] Centroids, string[] SegmentNames,
        ScalingJson Scaling, string[] IdColumns, AutoencoderJson? Autoencoder, long[]? SegmentSizes = null);   // sizes: absent in files saved before they were kept

    // YesNo and CategoryFactors are absent from files written before balanced columns existed.
    private sealed record ScalingJson(string[] NumericColumns, bool[] LogScaled, float[] Means, float[] Scales, CategoricalJson[] Categorical,
        bool[]? YesNo = null, float[]? CategoryFactors = null);

    private sealed record CategoricalJson(string Name, int Cardinality, string[] Categories);

    private sealed record AutoencoderJson(int Dimensions, int Epochs, int BatchSize, double LearningRate, int[] Hidden, double[] Losses);
}
