using System.Globalization;
using System.Text;
using Foundations.Data;
using Foundations.Patterns;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace Foundations.Explanation;

/// <summary>One reason the model gives a driver segment: the input, its average effect in log-odds, and the segment's value against all customers.</summary>
/// <param name="Feature">The model input (an original column).</param>
/// <param name="Effect">
/// Mean integrated-gradient attribution over the segment's customers minus its mean over all customers explained, in
/// log-odds: how much more this input raises (positive) or lowers the odds for them than for the average customer.
/// Centred because a category's attribution is measured from the arbitrary "unseen" code.
/// </param>
/// <param name="Difference">How the segment differs from all customers on that input, in its own units (null when not in the customer table).</param>
public sealed record DriverReason(string Feature, double Effect, FeatureDifference? Difference)
{
    /// <summary>"age 52 against 39 overall raises the odds 2.3-fold" in plain words.</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        string what = Difference is null ? FeatureDifference.Humanize(Feature) : Difference.Describe();
        double ratio = Math.Exp(Effect);
        return Effect >= 0
            ? $"{what} raises the odds {ratio.ToString("0.0", c)}-fold against the average customer"
            : $"{what} cuts the odds to {ratio.ToString("0.00", c)}× the average customer's";
    }
}

/// <summary>A segment of customers whom the model scores high or low for the same reasons.</summary>
public sealed record DriverSegment(int Segment, string Name, int Size, double Share, double MeanProbability, SegmentProfile Profile, IReadOnlyList<DriverReason> Reasons)
{
    /// <summary>An effect (log-odds against the average customer) below this is too small to name a segment by: about a tenth on the odds.</summary>
    public const double Material = 0.1;

    /// <summary>Up to three reasons that move the odds materially (at least the first reason).</summary>
    public IReadOnlyList<DriverReason> TopReasons => Reasons.Where((r, i) => i == 0 || Math.Abs(r.Effect) >= Material).Take(3).ToList();

    /// <summary>The segment in one paragraph: size, predicted and observed outcome rates, and its top reasons in words.</summary>
    public string Description
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            var text = new StringBuilder($"{Name}: {Size.ToString("#,0", c)} customers ({Share.ToString("0%", c)} of those explained); the model gives them {MeanProbability.ToString("0.0%", c)} on average. ");
            if (Profile.OutcomeRate is not null) text.Append($"Observed {FeatureDifference.Humanize(Profile.OutcomeColumn!)} rate {Profile.OutcomeInWords()}. ");
            text.Append("Top reasons: ").Append(string.Join("; ", TopReasons.Select(r => r.Describe()))).Append('.');
            return text.ToString();
        }
    }
}

/// <summary>
/// The drivers view: customers grouped by why the deep prediction model scores them as it does (their
/// integrated-gradient attributions, in log-odds), so customers who would leave for the same reasons fall together.
/// </summary>
public sealed class DriverSegments
{
    internal DriverSegments(string target, IReadOnlyList<int> rows, IReadOnlyList<int> segments, IReadOnlyList<DriverSegment> profiles,
        IReadOnlyList<KChoice> choices, double silhouette, KChoice chosen, double share)
    {
        Target = target;
        Rows = rows;
        Segments = segments;
        Profiles = profiles;
        KChoices = choices;
        Silhouette = silhouette;
        Chosen = chosen;
        ResampleShare = share;
    }

    /// <summary>The outcome the model predicts.</summary>
    public string Target { get; }
    /// <summary>The rows of the customer table that were explained (a seeded sample when there are many).</summary>
    public IReadOnlyList<int> Rows { get; }
    /// <summary>The driver segment (1 … K, largest first) of each explained row, in the order of <see cref="Rows"/>.</summary>
    public IReadOnlyList<int> Segments { get; }
    public IReadOnlyList<DriverSegment> Profiles { get; }
    /// <summary>Every k tried, with silhouette and stability.</summary>
    public IReadOnlyList<KChoice> KChoices { get; }
    public int K => Profiles.Count;
    /// <summary>Mean silhouette of the driver segments, in attribution space.</summary>
    public double Silhouette { get; }
    /// <summary>Mean adjusted Rand index of refits on subsamples against these segments.</summary>
    public double StabilityAri => Chosen.Stability;
    private KChoice Chosen { get; }
    private double ResampleShare { get; }

    /// <summary>"These 3 driver segments come back in 10 of 10 resamples ...".</summary>
    public string StabilityInWords() => Chosen.Resamples > 0
        ? string.Create(CultureInfo.InvariantCulture, $"These {K} driver segments come back in {Chosen.Returns} of {Chosen.Resamples} resamples of {ResampleShare:0%} of the customers explained (mean adjusted Rand index {Chosen.Stability:0.00}).")
        : "Stability was not measured.";


    /// <summary>
    /// Groups customers by the reasons <paramref name="model"/> gives for its score: integrated gradients
    /// (<paramref name="steps"/> steps) on a seeded sample of at most <paramref name="sample"/> customers, k-means on the
    /// attributions with k chosen by silhouette among those that come back in resamples. <paramref name="idColumns"/>
    /// are left out of the descriptions; the outcome's observed rate is shown when the table has it.
    /// </summary>
    public static DriverSegments Of(TrainedPrediction model, DataFrame customers, IEnumerable<string>? idColumns = null, SegmentCount? k = null,
        int sample = 1500, int steps = 16, int resamples = 10, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(customers);
        if (sample < 20) throw new ArgumentOutOfRangeException(nameof(sample), sample, "sample must be at least 20 customers.");
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be at least 2.");
        if (resamples is < 0 or 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "resamples must be 0 (off) or at least 2.");
        var count = k ?? Patterns.Segments.Auto(2..6);
        int useSeed = seed ?? Kit.Seed;
        int n = (int)customers.Rows.Count;
        var rows = n <= sample ? Enumerable.Range(0, n).ToArray() : SampleRows(n, sample, useSeed);
        if (count.Smallest > rows.Length || count.Fixed > rows.Length)
            throw new ArgumentOutOfRangeException(nameof(k), $"Cannot make {Math.Max(count.Smallest, count.Fixed)} driver segments out of {rows.Length} customers.");
        var frame = FrameOps.Take(customers, rows);
        var features = model.Features(frame);
        var names = features.FeatureNames.ToArray();
        var attributions = IntegratedGradients.For(model.Network, features, steps);
        var probabilities = model.Network.Predict(features);
        var values = new float[rows.Length * names.Length];
        var index = names.Select((name, j) => (name, j)).ToDictionary(x => x.name, x => x.j);
        for (int r = 0; r < rows.Length; r++)
            foreach (var (feature, effect) in attributions[r].Effects)
                values[r * names.Length + index[feature]] = (float)effect;

        // Attributions share one unit (log-odds), so they are clustered as they are: no rescaling.
        using var scope = NewDisposeScope();
        using var threads = Training.TorchThreads.SingleWhen(true, CPU);
        var x = tensor(values, new long[] { rows.Length, names.Length });
        var choices = new List<KChoice>();
        var fits = new Dictionary<int, KMeansFit>();
        using var silhouettes = new SilhouetteScorer(x, 3000, useSeed);
        foreach (int candidate in count.Candidates.Where(c => c <= rows.Length))
        {
            var fit = KMeans.Fit(x, candidate, restarts: 4, seed: useSeed, device: CPU);
            double silhouette = silhouettes.Score(fit.Assignments, candidate);
            var choice = new KChoice(candidate, silhouette, fit.Inertia, fit.Iterations, fit.Converged);
            if (resamples > 0 && (count.Automatic || candidate == count.Fixed))
            {
                var stability = SegmentStability.Measure(x, fit, resamples, 0.8, 2, 100, useSeed, CPU);
                choice = choice with { Stability = stability.MeanAri, Returns = stability.Returns, Resamples = resamples };
            }
            choices.Add(choice);
            fits[candidate] = fit;
        }
        int chosenK = count.Automatic ? SegmentStability.Choose(choices) : count.Fixed;
        var chosen = fits[chosenK];
        var sizes = new int[chosenK];
        foreach (int a in chosen.Assignments) sizes[a]++;
        var order = Enumerable.Range(0, chosenK).OrderByDescending(c => sizes[c]).ThenBy(c => c).ToArray();
        var rank = new int[chosenK];
        for (int i = 0; i < chosenK; i++) rank[order[i]] = i;
        var segments = chosen.Assignments.Select(a => rank[a] + 1).ToArray();

        var ids = (idColumns ?? Array.Empty<string>()).ToArray();
        var table = DescriptionTable.From(frame, ids);
        string? outcome = table.Columns.Any(c => c.Name == model.Target && c.Values is not null && c.Values.All(v => double.IsNaN(v) || v is 0 or 1)) ? model.Target : null;
        var (profiles, differences) = SegmentProfiler.Profile(table, segments, chosenK, outcome, Array.Empty<string>());

        var overall = new double[names.Length];
        for (int j = 0; j < names.Length; j++) overall[j] = Enumerable.Range(0, rows.Length).Average(r => (double)values[r * names.Length + j]);
        double averageProbability = probabilities.Average();
        var drivers = new List<DriverSegment>();
        var words = new List<List<(string Word, double Effect)>>();
        for (int s = 0; s < chosenK; s++)
        {
            int segment = s + 1;
            var members = Enumerable.Range(0, rows.Length).Where(r => segments[r] == segment).ToArray();
            var reasons = new List<DriverReason>();
            for (int j = 0; j < names.Length; j++)
            {
                double mean = members.Average(r => (double)values[r * names.Length + j]) - overall[j];
                // The way the segment differs on this input: the column itself, or its most over-represented category.
                var difference = differences[s].Where(d => d.Column == names[j] && (d.Category is null || d.StandardizedDifference > 0))
                    .OrderByDescending(d => Math.Abs(d.StandardizedDifference)).FirstOrDefault();
                reasons.Add(new DriverReason(names[j], mean, difference));
            }
            // Segments the model scores above the average customer are at risk, named by what raises their odds most;
            // the others by what holds them back.
            double net = members.Average(r => probabilities[r]);
            bool atRisk = net > averageProbability;
            var ordered = (atRisk ? reasons.OrderByDescending(r => r.Effect) : reasons.OrderBy(r => r.Effect)).ToList();
            drivers.Add(new DriverSegment(segment, "", members.Length, (double)members.Length / rows.Length, net, profiles[s], ordered));
            // Only reasons that move the odds by about a tenth or more name the segment; the first always does.
            words.Add(ordered.Where((r, i) => i == 0 || Math.Abs(r.Effect) >= DriverSegment.Material && Math.Sign(r.Effect) == Math.Sign(ordered[0].Effect))
                .Select(r => (Word(r), r.Effect)).Where(w => w.Item1 is not null).Select(w => (w.Item1!, w.Effect)).ToList());
        }
        var named = NameUniquely(drivers, words);
        return new DriverSegments(model.Target, rows, segments, named, choices, choices.Single(c => c.K == chosenK).Silhouette, choices.Single(c => c.K == chosenK), 0.8);
    }

    private static string? Word(DriverReason r) =>
        r.Difference is { } d && Math.Abs(d.StandardizedDifference) >= 0.2 && SegmentNaming.WordFor(d) is { } w ? w.Word
        : FeatureDifference.Humanize(r.Feature);

    /// <summary>"At risk: older, inactive" or "Staying: active, multi-product"; a third reason is added where two names would be equal.</summary>
    private static IReadOnlyList<DriverSegment> NameUniquely(List<DriverSegment> drivers, List<List<(string Word, double Effect)>> words)
    {
        var take = drivers.Select(_ => 2).ToArray();
        double average = drivers.Sum(d => d.MeanProbability * d.Size) / drivers.Sum(d => d.Size);
        string NameOf(int i)
        {
            bool atRisk = drivers[i].MeanProbability > average;
            return $"{(atRisk ? "At risk" : "Staying")}: {string.Join(", ", words[i].Take(take[i]).Select(w => w.Word))}";
        }
        for (int round = 0; round < 3; round++)
        {
            var clashes = Enumerable.Range(0, drivers.Count).GroupBy(NameOf).Where(g => g.Count() > 1).ToList();
            if (clashes.Count == 0) break;
            foreach (var g in clashes) foreach (int i in g) take[i]++;
        }
        var names = Enumerable.Range(0, drivers.Count).Select(NameOf).ToList();
        return drivers.Select((d, i) => d with { Name = names.Count(n => n == names[i]) > 1 ? $"{names[i]} ({d.Segment})" : names[i] }).ToList();
    }

    private static int[] SampleRows(int n, int size, int seed)
    {
        var rng = new Random(seed);
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < size; i++)
        {
            int j = rng.Next(i, n);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var sample = order[..size];
        Array.Sort(sample);
        return sample;
    }
}
