using Foundations.Data;
using Foundations.Interactive;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace Foundations.Patterns.Segmentation;

/// <summary>
/// Customer segmentation: <c>Segmentation.Of(customers).Embed(dimensions: 8).Cluster(k: Segments.Auto(2..10)).Run()</c>.
/// Compresses customers with an autoencoder, groups them with k-means, chooses k by silhouette, and profiles,
/// names and describes every segment.
/// </summary>
public static class Segmentation
{
    /// <summary>Segments the customers of a prepared feature matrix (from <c>FittedRecipe.ToFeatures</c> or built by hand).</summary>
    public static SegmentationPlan Of(FeatureMatrix features) => new(features, null, null);


    /// <summary>
    /// Segments the customers of a table: numbers, yes/no and category columns become features (missing numbers
    /// filled with the median, counted); <paramref name="idColumns"/>, <paramref name="excludeColumns"/> (labels such
    /// as churn), free text and dates are left out of the features, but every column is still described in the profiles.
    /// The preparation is a data-layer recipe, saved with the model so new customers are prepared identically.
    /// </summary>
    public static SegmentationPlan Of(DataFrame customers, IEnumerable<string>? idColumns = null, IEnumerable<string>? excludeColumns = null)
    {
        var ids = (idColumns ?? Array.Empty<string>()).ToArray();
        var (recipe, leftOut, filled) = CustomerRecipe.Fit(customers, ids, (excludeColumns ?? Array.Empty<string>()).ToArray());
        return new SegmentationPlan(recipe.ToFeatures(customers), recipe, customers)
            { IdColumns = ids, LeftOut = leftOut, Filled = filled };
    }

    /// <summary>
    /// Segments <paramref name="customers"/> prepared by your own fitted recipe (<c>Wrangle.From(...)...Fit()</c>); the
    /// recipe is saved with the model, and the profiles describe <paramref name="customers"/> in its original units.
    /// </summary>
    public static SegmentationPlan Of(FittedRecipe recipe, DataFrame customers, IEnumerable<string>? idColumns = null) =>
        new(recipe.ToFeatures(customers), recipe, customers) { IdColumns = (idColumns ?? Array.Empty<string>()).ToArray() };

    /// <summary>Segments the training customers of a split, prepared by the split's fitted recipe.</summary>
    public static SegmentationPlan Of(TrainTestSplit split, IEnumerable<string>? idColumns = null) => Of(split.Recipe, split.RawTrain, idColumns);
}

/// <summary>The settings of a segmentation, changed with fluent calls and run with <see cref="Run"/>; holds nothing learned.</summary>
public sealed record SegmentationPlan
{
    internal SegmentationPlan(FeatureMatrix features, FittedRecipe? recipe, DataFrame? original)
    {
        Features = features;
        Recipe = recipe;
        Original = original;
    }

    internal FeatureMatrix Features { get; }
    internal FittedRecipe? Recipe { get; }
    internal DataFrame? Original { get; init; }
    internal IReadOnlyList<string> IdColumns { get; init; } = Array.Empty<string>();
    internal IReadOnlyList<LeftOutColumn> LeftOut { get; init; } = Array.Empty<LeftOutColumn>();
    internal IReadOnlyDictionary<string, int> Filled { get; init; } = new Dictionary<string, int>();
    internal Representation Representation { get; init; } = Representation.Autoencoder;
    internal AutoencoderSettings Autoencoder { get; init; } = new();
    internal SegmentCount K { get; init; } = Segments.Auto();
    internal int Restarts { get; init; } = 10;
    internal int MaxIterations { get; init; } = 100;
    internal int SilhouetteSample { get; init; } = 3000;
    internal int? Seed { get; init; }
    internal Device? Device { get; init; }
    internal string? Outcome { get; init; }
    internal bool OutcomeGiven { get; init; }
    internal IReadOnlyList<string>? KeyColumns { get; init; }

    /// <summary>Clusters on an autoencoder embedding of <paramref name="dimensions"/> numbers per customer (the default, 8).</summary>
    public SegmentationPlan Embed(int dimensions = 8, int epochs = 40, int batchSize = 128, double learningRate = 3e-3, IReadOnlyList<int>? hidden = null, double maskRate = 0)
    {
        var settings = new AutoencoderSettings(dimensions, epochs, batchSize, learningRate, hidden, maskRate);
        settings.Validate();
        return this with { Representation = Representation.Autoencoder, Autoencoder = settings };
    }

    /// <summary>Clusters the standardized features directly (z-scores and category indicators), for comparison with the embedding.</summary>
    public SegmentationPlan OnStandardizedFeatures() => this with { Representation = Representation.StandardizedFeatures };

    /// <summary>k-means settings: <paramref name="k"/> (<c>Segments.Auto(2..10)</c> by default), seeded restarts, and the iteration limit.</summary>
    public SegmentationPlan Cluster(SegmentCount? k = null, int restarts = 10, int maxIterations = 100)
    {
        if (restarts < 1) throw new ArgumentOutOfRangeException(nameof(restarts), restarts, "restarts must be at least 1.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "maxIterations must be at least 1.");
        return this with { K = k ?? Segments.Auto(), Restarts = restarts, MaxIterations = maxIterations };
    }

    /// <summary>
    /// How segments are described: the <paramref name="outcome"/> whose rate each segment shows (default: a column
    /// named like "churn"), and <paramref name="keyColumns"/> averaged in every profile (default: products and balances).
    /// </summary>
    public SegmentationPlan Describe(string? outcome = null, IEnumerable<string>? keyColumns = null) =>
        this with { Outcome = outcome, OutcomeGiven = outcome is not null, KeyColumns = keyColumns?.ToList() ?? KeyColumns };

    /// <summary>Describes the segments in the units of <paramref name="original"/> (same customers, same order) rather than the feature matrix's.</summary>
    public SegmentationPlan DescribeWith(DataFrame original)
    {
        if (original.Rows.Count != Features.Rows)
            throw new ArgumentException($"The original table has {original.Rows.Count} rows but the feature matrix has {Features.Rows}; give the same customers in the same order.", nameof(original));
        return this with { Original = original };
    }

    /// <summary>Computes the silhouette exactly on a seeded sample of at most <paramref name="rows"/> customers (all when fewer).</summary>
    public SegmentationPlan WithSilhouetteSample(int rows)
    {
        if (rows < 10) throw new ArgumentOutOfRangeException(nameof(rows), rows, "The silhouette sample needs at least 10 rows.");
        return this with { SilhouetteSample = rows };
    }

    /// <summary>Uses <paramref name="seed"/> instead of <see cref="Kit.Seed"/> for the network, the restarts and the sample.</summary>
    public SegmentationPlan WithSeed(int seed) => this with { Seed = seed };

    /// <summary>Runs on <paramref name="device"/> instead of <see cref="Kit.Device"/> (CUDA when present).</summary>
    public SegmentationPlan OnDevice(Device device) => this with { Device = device };

    /// <summary>Learns the representation, finds the segments, and profiles them.</summary>
    public SegmentationResult Run() => SegmentationRun.Execute(this);
}
