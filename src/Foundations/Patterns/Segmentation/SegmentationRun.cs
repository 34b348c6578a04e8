using Foundations.Training;
using System.Diagnostics;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>The steps of <see cref="SegmentationSetup.Train"/>: represent, choose k, cluster, renumber, measure, profile.</summary>
internal static class SegmentationRun
{
    /// <summary>Below this many values (customers × representation width), clustering runs on one CPU thread.</summary>
    internal const long SmallClustering = 1_000_000;

    /// <summary>Restarts for the k that only draw the curves beside a given k.</summary>
    internal const int CurveRestarts = 3;

    public static SegmentationResult Execute(SegmentationSetup plan, PreparedCustomers prepared)
    {
        int seed = plan.Seed ?? Kit.Seed;
        var device = plan.Device ?? Kit.Device;
        var features = prepared.Features;
        int n = features.Rows;
        if (plan.K.Smallest > n || plan.K.Fixed > n)
            throw new ArgumentOutOfRangeException("k", Math.Max(plan.K.Smallest, plan.K.Fixed), $"Cannot make {Math.Max(plan.K.Smallest, plan.K.Fixed)} segments out of {n} customers.");

        var clock = Stopwatch.StartNew();
        var scaling = FeatureScaling.Fit(features);
        // The network is trained outside the scope below: its weights outlive this run inside the model.
        var autoencoder = plan.Representation == Representation.Autoencoder
            ? CustomerAutoencoder.Train(features, scaling, plan.Autoencoder, seed, device)
            : null;
        using var scope = NewDisposeScope();
        var x = plan.Representation switch
        {
            Representation.Autoencoder => autoencoder!.Embed(features, device),
            Representation.BalancedColumns => scaling.Balanced(features, device),
            _ => scaling.StandardizedWithIndicators(features, device),
        };
        double representSeconds = clock.Elapsed.TotalSeconds;

        // Every candidate k is clustered with the same seed and scored on the same silhouette sample; its stability is
        // measured on resamples when k is to be chosen, and for the given k otherwise.
        clock.Restart();
        using var threads = TorchThreads.SingleWhen(x.shape[0] * x.shape[1] <= SmallClustering, device);
        var choices = new List<KChoice>();
        var fits = new Dictionary<int, (KMeansFit Fit, int SilhouetteRows)>();
        var candidates = plan.K.Candidates.Where(k => k <= n).ToList();
        using var silhouettes = new SilhouetteScorer(x, plan.SilhouetteSample, seed);
        var progress = ProgressReporting.For("k-means", null);
        {
            for (int i = 0; i < candidates.Count; i++)
            {
                int k = candidates[i];
                // A k drawn only for the curve around a given k needs its shape, not its best optimum: fewer restarts.
                int restarts = plan.K.Automatic || k == plan.K.Fixed ? plan.Restarts : Math.Min(plan.Restarts, CurveRestarts);
                var fit = KMeans.Fit(x, k, restarts, plan.MaxIterations, seed, device);
                double silhouette = silhouettes.Score(fit.Assignments, k);
                int rows = silhouettes.Rows;
                var choice = new KChoice(k, silhouette, fit.Inertia, fit.Iterations, fit.Converged);
                if (plan.Resamples > 0 && (plan.K.Automatic || k == plan.K.Fixed))
                {
                    var stability = SegmentStability.Measure(x, fit, plan.Resamples, plan.ResampleShare, Math.Min(plan.Restarts, 3), plan.MaxIterations, seed, device);
                    choice = choice with { Stability = stability.MeanAri, Returns = stability.Returns, Resamples = plan.Resamples };
                }
                choices.Add(choice);
                fits[k] = (fit, rows);
                progress.Report(new ProgressReport("k-means", i + 1, candidates.Count, $"k = {k}: silhouette {silhouette:0.000}" + (double.IsNaN(choice.Stability) ? "" : $", stability {choice.Stability:0.00}")));
            }
        }
        int chosenK = plan.K.Automatic ? SegmentStability.Choose(choices) : plan.K.Fixed;
        var chosen = fits[chosenK].Fit;
        var chosenChoice = choices.Single(c => c.K == chosenK);
        double bestSilhouette = chosenChoice.Silhouette;
        int silhouetteRows = fits[chosenK].SilhouetteRows;
        double clusterSeconds = clock.Elapsed.TotalSeconds;

        // k-means numbers clusters arbitrarily: number segments by size, largest first, so reports read the same every run.
        var counts = new int[chosen.K];
        foreach (int a in chosen.Assignments) counts[a]++;
        var order = Enumerable.Range(0, chosen.K).OrderByDescending(c => counts[c]).ThenBy(c => c).ToArray();
        var rank = new int[chosen.K];
        for (int i = 0; i < order.Length; i++) rank[order[i]] = i;
        var segments = chosen.Assignments.Select(a => rank[a] + 1).ToArray();
        var centroids = order.SelectMany(c => Enumerable.Range(0, chosen.Dimensions).Select(j => chosen.Centroids[c * chosen.Dimensions + j])).ToArray();
        var centroidTensor = tensor(centroids, new long[] { chosen.K, chosen.Dimensions }, device: x.device);
        double daviesBouldin = ClusterQuality.DaviesBouldin(x, segments.Select(s => s - 1).ToArray(), centroidTensor);

        var table = plan.Original is not null
            ? DescriptionTable.From(plan.Original, plan.IdColumns)
            : DescriptionTable.From(features);
        string? outcome = plan.OutcomeGiven ? plan.Outcome : table.Columns.FirstOrDefault(c =>
            c.Name.Contains("churn", StringComparison.OrdinalIgnoreCase) && c.Values is not null && c.Values.All(v => double.IsNaN(v) || v is 0 or 1))?.Name;
        if (outcome is not null && prepared.Recipe is not null && prepared.Recipe.Inputs.Any(i => i.Name == outcome) && features.FeatureNames.Contains(outcome))
            throw new ArgumentException($"The outcome '{outcome}' is a feature of the recipe, so it would form the segments it is meant to be reported on: give it as outcomeColumn to Segmentation.Of, or drop it from your recipe.", "outcomeColumn");
        // Columns only described, not segmented on: given by Of, or whatever the recipe did not take as a feature.
        var profiledOnly = prepared.ProfiledOnly ?? (prepared.Recipe is null ? null
            : table.Columns.Select(c => c.Name).Where(name => !features.FeatureNames.Contains(name)).ToHashSet(StringComparer.Ordinal));
        var keyColumns = plan.KeyColumns ?? table.Columns
            .Where(c => c.Values is not null && c.Kind == DescriptionTable.NumberKind
                && (c.Name.Contains("product", StringComparison.OrdinalIgnoreCase) || c.Name.Contains("balance", StringComparison.OrdinalIgnoreCase)))
            .Select(c => c.Name).ToList();
        foreach (var key in keyColumns)
            if (!table.Columns.Any(c => c.Name == key && c.Values is not null))
                throw new ArgumentException($"keyColumns names '{key}', which is not a number or yes/no column of the customer table.", "keyColumns");
        var (profiles, differences) = SegmentProfiler.Profile(table, segments, chosen.K, outcome, keyColumns, profiledOnly);

        var (map, explained) = PrincipalComponents.TwoDimensions(x);
        var model = new TrainedSegmentation(prepared.Recipe, plan.IdColumns, scaling, plan.Representation, autoencoder, centroids, chosen.K, chosen.Dimensions,
            profiles.Select(p => p.Name).ToArray(), Enumerable.Range(1, chosen.K).Select(k => (long)segments.Count(s => s == k)).ToArray());
        return new SegmentationResult(model, plan.K, segments, choices, bestSilhouette, silhouetteRows, daviesBouldin, profiles, differences,
            map, explained, prepared.Filled, prepared.LeftOut, seed, representSeconds, clusterSeconds) { StabilityChoice = chosenChoice, ResampleShare = plan.ResampleShare };
    }
}

/// <summary>Principal components computed with torch: the directions of largest variance, for the 2-D map.</summary>
internal static class PrincipalComponents
{
    /// <summary>Row-major [rows, 2] coordinates and the share of variance each of the two components explains.</summary>
    public static (float[] Coordinates, double[] Explained) TwoDimensions(Tensor data)
    {
        using var scope = NewDisposeScope();
        var x = data.to(ScalarType.Float64);
        long n = x.shape[0], d = x.shape[1];
        var centred = x - x.mean(new long[] { 0 }, keepdim: true);
        var covariance = centred.t().mm(centred).DividedBy(Math.Max(1, n - 1));
        var (values, vectors) = linalg.eigh(covariance); // ascending eigenvalues
        int components = (int)Math.Min(2, d);
        var top = vectors.flip(1).narrow(1, 0, components);
        // An eigenvector's sign is arbitrary: make its largest loading positive so the map does not flip between runs.
        var largest = top.abs().argmax(0);
        var signs = top.gather(0, largest.unsqueeze(0)).sign().AtLeast(0).Times(2).Plus(-1);
        var coordinates = centred.mm(top * signs);
        if (components < 2) coordinates = cat(new[] { coordinates, zeros(n, 2 - components, dtype: ScalarType.Float64, device: x.device) }, 1);
        var sorted = values.flip(0);
        double total = sorted.sum().item<double>();
        var explained = Enumerable.Range(0, 2).Select(i => i < components && total > 0 ? sorted[i].item<double>() / total : 0).ToArray();
        return (coordinates.to(ScalarType.Float32).cpu().data<float>().ToArray(), explained);
    }
}
