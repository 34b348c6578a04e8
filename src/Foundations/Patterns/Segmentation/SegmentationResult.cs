using System.Globalization;
using System.Text;

namespace Foundations.Patterns;

/// <summary>One k tried while choosing the number of segments, with its stability when it was measured.</summary>
public sealed record KChoice(int K, double Silhouette, double Inertia, int Iterations, bool Converged)
{
    /// <summary>Mean adjusted Rand index between refits on subsamples and these segments (NaN when not measured).</summary>
    public double Stability { get; init; } = double.NaN;
    /// <summary>How many resamples gave back the same segments (adjusted Rand index ≥ 0.8).</summary>
    public int Returns { get; init; }
    /// <summary>How many resamples were drawn (0 when stability was not measured).</summary>
    public int Resamples { get; init; }
}

/// <summary>
/// What a segmentation found: the segment of every customer (1 … K, largest first), how well separated they are,
/// how k was chosen, the profile of each segment, and the fitted <see cref="TrainedSegmentation"/> that assigns new customers.
/// </summary>
public sealed class SegmentationResult
{
    internal SegmentationResult(TrainedSegmentation model, SegmentCount requested, int[] segments, IReadOnlyList<KChoice> kChoices,
        double silhouette, int silhouetteRows, double daviesBouldin, IReadOnlyList<SegmentProfile> profiles,
        IReadOnlyList<FeatureDifference[]> differences, float[] mapCoordinates, double[] mapExplained,
        IReadOnlyDictionary<string, int> filled, IReadOnlyList<LeftOutColumn> leftOut, int seed, double representSeconds, double clusterSeconds)
    {
        Model = model;
        Requested = requested;
        Segments = segments;
        KChoices = kChoices;
        Silhouette = silhouette;
        SilhouetteRows = silhouetteRows;
        DaviesBouldin = daviesBouldin;
        Profiles = profiles;
        Differences = differences;
        MapCoordinates = mapCoordinates;
        MapExplained = mapExplained;
        Filled = filled;
        LeftOut = leftOut;
        Seed = seed;
        RepresentSeconds = representSeconds;
        ClusterSeconds = clusterSeconds;
    }

    /// <summary>The fitted model: assigns new customers, saves and loads.</summary>
    public TrainedSegmentation Model { get; }
    /// <summary>How k was asked for (fixed, or a range to choose from).</summary>
    public SegmentCount Requested { get; }
    /// <summary>The number of segments found.</summary>
    public int K => Model.K;
    public Representation Representation => Model.Representation;
    /// <summary>The segment (1 … K) of every customer, in input order; segment 1 is the largest.</summary>
    public IReadOnlyList<int> Segments { get; }
    /// <summary>Every k tried with its silhouette and inertia (the elbow curve).</summary>
    public IReadOnlyList<KChoice> KChoices { get; }
    /// <summary>Mean silhouette of the chosen segmentation (−1 … 1, higher is better), exact on <see cref="SilhouetteRows"/> customers.</summary>
    public double Silhouette { get; }
    /// <summary>How many customers the silhouette was computed on: all of them, or a seeded sample when there are many.</summary>
    public int SilhouetteRows { get; }
    /// <summary>Davies–Bouldin index over all customers (lower is better).</summary>
    public double DaviesBouldin { get; }
    /// <summary>Customers per segment, index s−1 for segment s.</summary>
    public IReadOnlyList<int> Sizes => Profiles.Select(p => p.Size).ToArray();
    /// <summary>Each segment's profile, name and description.</summary>
    public IReadOnlyList<SegmentProfile> Profiles { get; }
    /// <summary>For segment s at index s−1, its difference from all customers on every column and category (the heat map).</summary>
    public IReadOnlyList<FeatureDifference[]> Differences { get; }
    /// <summary>Row-major [customers, 2] coordinates of the 2-D map.</summary>
    public IReadOnlyList<float> MapCoordinates { get; }
    /// <summary>Share of the representation's variance the map's two axes show.</summary>
    public IReadOnlyList<double> MapExplained { get; }
    /// <summary>Missing values filled per column (no customer is dropped).</summary>
    public IReadOnlyDictionary<string, int> Filled { get; }
    /// <summary>Columns of the customer table that were not features, with the reason.</summary>
    public IReadOnlyList<LeftOutColumn> LeftOut { get; }
    public int Seed { get; }
    /// <summary>Seconds spent learning the representation (the autoencoder's training).</summary>
    public double RepresentSeconds { get; }
    /// <summary>Seconds spent clustering every candidate k and scoring it.</summary>
    public double ClusterSeconds { get; }

    /// <summary>Mean adjusted Rand index between refits on subsamples and these segments (NaN when stability was turned off); logged as <c>stability_ari</c>.</summary>
    public double StabilityAri => StabilityChoice?.Stability ?? double.NaN;
    internal KChoice? StabilityChoice { get; init; }
    internal double ResampleShare { get; init; }

    /// <summary>Stability in words: "these 5 segments come back in 9 of 10 resamples of 80% of the customers (mean adjusted Rand index 0.93)".</summary>
    public string StabilityInWords() => StabilityChoice is { Resamples: > 0 } c
        ? string.Create(CultureInfo.InvariantCulture,
            $"These {K} segments come back in {c.Returns} of {c.Resamples} resamples of {ResampleShare:0%} of the customers (mean adjusted Rand index {c.Stability:0.00}; 1 = the same segments, 0.8 or more counts as coming back).")
        : "Stability was not measured.";

    /// <summary>How k was chosen, in words.</summary>
    public string ChoiceOfKInWords()
    {
        var c = CultureInfo.InvariantCulture;
        if (!Requested.Automatic) return string.Create(c, $"k = {K} was given; silhouette {Silhouette:0.000}.");
        var stable = KChoices.Where(x => !double.IsNaN(x.Stability) && x.Stability >= SegmentStability.ComesBack).Select(x => x.K).ToList();
        if (KChoices.All(x => double.IsNaN(x.Stability))) return string.Create(c, $"k = {K} has the best silhouette ({Silhouette:0.000}) among {Requested.Smallest}–{Requested.Largest}.");
        return stable.Count > 0
            ? string.Create(c, $"k = {K}: the best silhouette ({Silhouette:0.000}) among the k whose segments come back in resamples ({string.Join(", ", stable)}).")
            : string.Create(c, $"k = {K}: no k's segments come back reliably (mean adjusted Rand index below 0.8 for every k), so the most stable one was kept ({StabilityAri:0.00}).");
    }

    /// <summary>The lowest outcome rate of any segment (NaN without an outcome); logged as <c>outcome_rate_min</c>.</summary>
    public double OutcomeRateMin => Profiles.Any(p => p.OutcomeRate is not null) ? Profiles.Min(p => p.OutcomeRate ?? double.NaN) : double.NaN;
    /// <summary>The highest outcome rate of any segment (NaN without an outcome); logged as <c>outcome_rate_max</c>.</summary>
    public double OutcomeRateMax => Profiles.Any(p => p.OutcomeRate is not null) ? Profiles.Max(p => p.OutcomeRate ?? double.NaN) : double.NaN;

    /// <summary>What the customers were clustered on, in words.</summary>
    public string RepresentationInWords() => Representation switch
    {
        Representation.Autoencoder => $"the {Model.Dimensions}-number autoencoder embedding",
        Representation.BalancedColumns => "balanced columns (numbers as z-scores; each yes/no and category column weighted to 2/π of a number's variance, so no kind of column dominates)",
        _ => "standardized features",
    };

    /// <summary>Adjusted Rand index between these segments and known groups of the same customers (1 = the same grouping).</summary>
    public double AgreementWith<T>(IReadOnlyList<T> knownGroups) where T : notnull => ClusterQuality.AdjustedRandIndex(Segments, knownGroups);


}
