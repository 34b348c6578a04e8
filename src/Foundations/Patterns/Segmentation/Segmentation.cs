using Foundations.Data;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>
/// Customer segmentation: <c>Segmentation.Of(customers).Embed(dimensions: 8).Cluster(k: Segments.Auto(2..10)).Train()</c>.
/// Represents customers (an autoencoder embedding, or balanced mixed-data columns), groups them with k-means, chooses
/// k by silhouette and stability over resamples, and profiles, names and describes every segment with its outcome rate.
/// </summary>
public static class Segmentation
{
    /// <summary>Segments the customers of a prepared feature matrix (from <c>FittedRecipe.ToFeatures</c> or built by hand).</summary>
    public static SegmentationSetup Of(FeatureMatrix features) => new(features, null, null);

    /// <summary>
    /// Segments the customers of a table: numbers, yes/no and category columns become features (missing numbers
    /// filled with the median, counted); <paramref name="idColumns"/>, <paramref name="excludeColumns"/> (labels such
    /// as default), free text and dates are left out of the features, but every column is still described in the profiles.
    /// <paramref name="outcomeColumn"/> (default: a 0/1 column named like churn or exited) is never a feature: its rate
    /// is reported per segment. <paramref name="whoColumns"/> (who the customers are: age, gender, region) are profiled
    /// but not segmented on; or name the <paramref name="behaviourColumns"/> to segment on and every other column is only profiled.
    /// The preparation is a data-layer recipe, fitted by <see cref="SegmentationSetup.Train"/> and saved with the model
    /// so new customers are prepared identically.
    /// </summary>
    public static SegmentationSetup Of(DataFrame customers, IEnumerable<string>? idColumns = null, IEnumerable<string>? excludeColumns = null,
        string? outcomeColumn = null, IEnumerable<string>? whoColumns = null, IEnumerable<string>? behaviourColumns = null)
    {
        var ids = (idColumns ?? Array.Empty<string>()).ToArray();
        var excluded = (excludeColumns ?? Array.Empty<string>()).ToList();
        var who = (whoColumns ?? Array.Empty<string>()).ToArray();
        var behaviour = behaviourColumns?.ToArray();
        var names = customers.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (list, parameter) in new[] { (who, "whoColumns"), (behaviour ?? Array.Empty<string>(), "behaviourColumns") })
            foreach (var name in list)
                if (!names.Contains(name))
                    throw new ArgumentException($"{parameter} names '{name}', which is not a column of the customer table (columns: {string.Join(", ", names)}).", parameter);
        if (behaviour is not null && who.Intersect(behaviour).FirstOrDefault() is { } both)
            throw new ArgumentException($"'{both}' is named both in whoColumns and in behaviourColumns; a column either forms segments or only describes them.", nameof(behaviourColumns));
        if (behaviour is { Length: 0 }) throw new ArgumentException("behaviourColumns is empty: name at least one column to segment on, or leave it null to use every column.", nameof(behaviourColumns));

        string? outcome = outcomeColumn ?? DetectOutcome(customers, ids);
        if (outcome is not null && !names.Contains(outcome))
            throw new ArgumentException($"outcomeColumn names '{outcome}', which is not a column of the customer table (columns: {string.Join(", ", names)}).", nameof(outcomeColumn));
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        if (outcome is not null) reasons[outcome] = "outcome: its rate is reported per segment, never used to form segments";
        foreach (var w in who) reasons.TryAdd(w, "who the customers are: profiled, not segmented on");
        if (behaviour is not null)
            foreach (var name in names.Where(c => !behaviour.Contains(c) && !ids.Contains(c) && !excluded.Contains(c)))
                reasons.TryAdd(name, "not a behaviour column: profiled, not segmented on");
        foreach (var (list, parameter) in new[] { (ids, "idColumns"), (excluded.ToArray(), "excludeColumns") })
            foreach (var name in list)
                if (!names.Contains(name))
                    throw new ArgumentException($"{parameter} names '{name}', which is not a column of the customer table (columns: {string.Join(", ", names)}).", parameter);
        // Identifiers named here are masked in every table the notebook shows, whatever they are called.
        Disclosure.MarkIdentifiers(ids);
        // Nothing is learned here: the recipe is fitted by Train.
        return new SegmentationSetup(null, null, customers)
        {
            IdColumns = ids, Outcome = outcome, OutcomeGiven = outcome is not null,
            TableColumns = new CustomerColumns(excluded.Concat(reasons.Keys).Distinct().ToArray(), reasons),
        };
    }

    /// <summary>Name fragments that mark a 0/1 column as the outcome to explain when no outcomeColumn is given.</summary>
    private static readonly string[] OutcomeWords = { "churn", "exited", "attrition", "attrited" };

    private static string? DetectOutcome(DataFrame customers, IReadOnlyCollection<string> ids) =>
        customers.Columns.FirstOrDefault(c => !ids.Contains(c.Name)
            && OutcomeWords.Any(w => c.Name.Contains(w, StringComparison.OrdinalIgnoreCase))
            && (c.DataType == typeof(bool) || ColumnTypes.IsNumeric(c) && ColumnTypes.ToDoubles(c).All(v => double.IsNaN(v) || v is 0 or 1)))?.Name;

    /// <summary>
    /// Segments <paramref name="customers"/> prepared by your own fitted recipe (<c>Wrangle.From(...)...Fit()</c>); the
    /// recipe is saved with the model, and the profiles describe <paramref name="customers"/> in its original units.
    /// </summary>
    public static SegmentationSetup Of(FittedRecipe recipe, DataFrame customers, IEnumerable<string>? idColumns = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(customers);
        var ids = (idColumns ?? Array.Empty<string>()).ToArray();
        Disclosure.MarkIdentifiers(ids);
        return new(null, recipe, customers) { IdColumns = ids };
    }

    /// <summary>Segments the training customers of a split, prepared by the split's fitted recipe.</summary>
    public static SegmentationSetup Of(TrainTestSplit split, IEnumerable<string>? idColumns = null) => Of(split.Recipe, split.RawTrain, idColumns);
}

/// <summary>Which columns of a customer table the default recipe leaves out, and why (given to <c>Segmentation.Of(customers, ...)</c>).</summary>
internal sealed record CustomerColumns(IReadOnlyList<string> NotFeatures, IReadOnlyDictionary<string, string> Reasons);

/// <summary>
/// The settings of a segmentation, changed with fluent calls (each returns new settings) and learned with
/// <see cref="Train"/>; holds nothing learned: the recipe, representation and segments are all fitted by Train.
/// </summary>
public sealed record SegmentationSetup
{
    internal SegmentationSetup(FeatureMatrix? features, FittedRecipe? recipe, DataFrame? original)
    {
        Features = features;
        Recipe = recipe;
        Original = original;
    }

    /// <summary>A ready feature matrix (<c>Of(FeatureMatrix)</c>); null when the customers are prepared by a recipe in Train.</summary>
    internal FeatureMatrix? Features { get; }
    /// <summary>The user's fitted recipe (<c>Of(recipe, customers)</c>); null when Train fits the default customer recipe.</summary>
    internal FittedRecipe? Recipe { get; }
    internal DataFrame? Original { get; init; }
    /// <summary>Set for <c>Of(customers, ...)</c>: Train fits the default customer recipe leaving these columns out.</summary>
    internal CustomerColumns? TableColumns { get; init; }
    /// <summary>Identifier columns: never features, copied beside the segments of new customers.</summary>
    public IReadOnlyList<string> IdColumns { get; internal init; } = Array.Empty<string>();
    /// <summary>What the customers are clustered on.</summary>
    public Representation Representation { get; internal init; } = Representation.Autoencoder;
    /// <summary>The autoencoder's settings (used when <see cref="Representation"/> is the autoencoder).</summary>
    public AutoencoderSettings Autoencoder { get; internal init; } = new();
    /// <summary>How many segments: fixed, or a range to choose from.</summary>
    public SegmentCount K { get; internal init; } = Segments.Auto();
    /// <summary>Seeded k-means++ restarts per k.</summary>
    public int Restarts { get; internal init; } = 10;
    public int MaxIterations { get; internal init; } = 100;
    /// <summary>Customers the silhouette is computed on exactly (a seeded sample when there are more).</summary>
    public int SilhouetteSample { get; internal init; } = 3000;
    /// <summary>Subsamples refitted to measure stability (0: off).</summary>
    public int Resamples { get; internal init; } = 10;
    public double ResampleShare { get; internal init; } = 0.8;
    /// <summary>The seed; null: <see cref="Kit.Seed"/> as it is when <see cref="Train"/> runs.</summary>
    public int? Seed { get; internal init; }
    /// <summary>Where the network and k-means run; null: <see cref="Kit.Device"/>.</summary>
    public Device? Device { get; internal init; }
    internal string? Outcome { get; init; }
    internal bool OutcomeGiven { get; init; }
    internal IReadOnlyList<string>? KeyColumns { get; init; }

    /// <summary>The customers to segment: rows of the feature matrix, or of the customer table.</summary>
    internal int Rows => Features?.Rows ?? (int)Original!.Rows.Count;

    /// <summary>Fits the default customer recipe when there is one to fit, and builds the feature matrix (part of Train).</summary>
    internal PreparedCustomers Prepare()
    {
        if (Features is not null) return new PreparedCustomers(Features, Recipe, Array.Empty<LeftOutColumn>(), new Dictionary<string, int>(), null);
        var customers = Original!;
        if (Recipe is not null) return new PreparedCustomers(Recipe.ToFeatures(customers), Recipe, Array.Empty<LeftOutColumn>(), new Dictionary<string, int>(), null);
        var columns = TableColumns!;
        var (recipe, leftOut, filled) = CustomerRecipe.Fit(customers, IdColumns, columns.NotFeatures, columns.Reasons);
        // Columns described in the profiles but not segmented on (who the customers are, outcomes, excluded labels).
        var profiledOnly = leftOut.Where(l => l.Reason != "identifier").Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        return new PreparedCustomers(recipe.ToFeatures(customers), recipe, leftOut, filled, profiledOnly);
    }

    /// <summary>Clusters on an autoencoder embedding of <paramref name="dimensions"/> numbers per customer (the default, 8).</summary>
    public SegmentationSetup Embed(int dimensions = 8, int epochs = 40, int batchSize = 128, double learningRate = 3e-3, IReadOnlyList<int>? hidden = null, double maskRate = 0)
    {
        var settings = new AutoencoderSettings(dimensions, epochs, batchSize, learningRate, hidden, maskRate);
        settings.Validate();
        return this with { Representation = Representation.Autoencoder, Autoencoder = settings };
    }

    /// <summary>
    /// Clusters the columns directly with mixed data weighted so that no kind dominates: numbers as z-scores, and each
    /// yes/no or category column carrying 2/π of a number's variance, so segments are not cut along yes/no columns by construction.
    /// </summary>
    public SegmentationSetup OnBalancedColumns() => this with { Representation = Representation.BalancedColumns };

    /// <summary>Clusters the standardized features directly (z-scores and category indicators), for comparison with the embedding.</summary>
    public SegmentationSetup OnStandardizedFeatures() => this with { Representation = Representation.StandardizedFeatures };

    /// <summary>k-means settings: <paramref name="k"/> (<c>Segments.Auto(2..10)</c> by default: best silhouette among stable k), seeded restarts, and the iteration limit.</summary>
    public SegmentationSetup Cluster(SegmentCount? k = null, int restarts = 10, int maxIterations = 100)
    {
        if (restarts < 1) throw new ArgumentOutOfRangeException(nameof(restarts), restarts, "restarts must be at least 1.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "maxIterations must be at least 1.");
        return this with { K = k ?? Segments.Auto(), Restarts = restarts, MaxIterations = maxIterations };
    }

    /// <summary>
    /// How segments are described: the <paramref name="outcome"/> whose rate each segment shows (default: a column
    /// named like "churn"), and <paramref name="keyColumns"/> averaged in every profile (default: products and balances).
    /// </summary>
    public SegmentationSetup Describe(string? outcome = null, IEnumerable<string>? keyColumns = null) =>
        this with { Outcome = outcome, OutcomeGiven = outcome is not null, KeyColumns = keyColumns?.ToList() ?? KeyColumns };

    /// <summary>Describes the segments in the units of <paramref name="original"/> (same customers, same order) rather than the feature matrix's.</summary>
    public SegmentationSetup DescribeWith(DataFrame original)
    {
        if (original.Rows.Count != Rows)
            throw new ArgumentException($"The original table has {original.Rows.Count} rows but the customers segmented are {Rows}; give the same customers in the same order.", nameof(original));
        return this with { Original = original };
    }

    /// <summary>Computes the silhouette exactly on a seeded sample of at most <paramref name="rows"/> customers (all when fewer).</summary>
    public SegmentationSetup WithSilhouetteSample(int rows)
    {
        if (rows < 10) throw new ArgumentOutOfRangeException(nameof(rows), rows, "The silhouette sample needs at least 10 rows.");
        return this with { SilhouetteSample = rows };
    }

    /// <summary>
    /// How stability is measured: k-means is refitted on <paramref name="resamples"/> seeded subsamples of
    /// <paramref name="share"/> of the customers, every customer is placed by each refit, and the adjusted Rand index
    /// against the full segments says whether they come back (0 resamples turns it off; k is then chosen by silhouette alone).
    /// </summary>
    public SegmentationSetup WithStability(int resamples = 10, double share = 0.8)
    {
        if (resamples < 0) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "resamples must be zero (off) or more.");
        if (resamples == 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "resamples must be at least 2 to say how often segments come back (or 0 to turn it off).");
        if (!(share is > 0.1 and < 1)) throw new ArgumentOutOfRangeException(nameof(share), share, "share must lie between 0.1 and 1 (a subsample, not all customers).");
        return this with { Resamples = resamples, ResampleShare = share };
    }

    /// <summary>Uses <paramref name="seed"/> instead of <see cref="Kit.Seed"/> for the network, the restarts and the sample.</summary>
    public SegmentationSetup WithSeed(int seed) => this with { Seed = seed };

    /// <summary>Runs on <paramref name="device"/> instead of <see cref="Kit.Device"/> (CUDA when present).</summary>
    public SegmentationSetup OnDevice(Device device) => this with { Device = device };

    /// <summary>Fits the recipe (for a customer table), learns the representation, finds the segments and profiles them.</summary>
    public SegmentationResult Train() => SegmentationRun.Execute(this, Prepare());
}

/// <summary>The customers as Train prepared them: features, the recipe that made them, and what it left out or filled.</summary>
internal sealed record PreparedCustomers(FeatureMatrix Features, FittedRecipe? Recipe, IReadOnlyList<LeftOutColumn> LeftOut,
    IReadOnlyDictionary<string, int> Filled, IReadOnlySet<string>? ProfiledOnly);
