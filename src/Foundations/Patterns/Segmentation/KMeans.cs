using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>What k-means learned: the centres, which centre each row is nearest, and how tight the clusters are.</summary>
public sealed class KMeansFit
{
    internal KMeansFit(int k, int dimensions, float[] centroids, int[] assignments, double inertia, int iterations, bool converged)
    {
        K = k;
        Dimensions = dimensions;
        Centroids = centroids;
        Assignments = assignments;
        Inertia = inertia;
        Iterations = iterations;
        Converged = converged;
    }

    public int K { get; }
    public int Dimensions { get; }
    /// <summary>Row-major, K × Dimensions.</summary>
    public IReadOnlyList<float> Centroids { get; }
    /// <summary>The cluster (0 … K−1) of every row.</summary>
    public IReadOnlyList<int> Assignments { get; }
    /// <summary>Sum of squared distances from each row to its centre (the elbow curve plots this against k).</summary>
    public double Inertia { get; }
    /// <summary>Lloyd iterations of the best restart.</summary>
    public int Iterations { get; }
    /// <summary>Whether the best restart stopped because no row changed cluster (rather than at the iteration limit).</summary>
    public bool Converged { get; }

    /// <summary>The centres as a [K, Dimensions] tensor.</summary>
    public Tensor CentroidTensor(Device? device = null) =>
        torch.tensor(Centroids.ToArray(), new long[] { K, Dimensions }, device: device);
}

/// <summary>
/// k-means on tensors: k-means++ initialisation, Lloyd iterations, several seeded restarts keeping the tightest.
/// Runs where the data lives (CUDA when present via <see cref="Training.Devices.Auto"/>); the random choices are
/// drawn by a seeded <see cref="Random"/> on the CPU, so CPU and GPU pick the same starting centres.
/// </summary>
public static class KMeans
{
    /// <summary>
    /// Clusters the rows of <paramref name="data"/> ([rows, dimensions], float32) into <paramref name="k"/> groups.
    /// A restart stops when no row changes cluster, or when the centres move less than <paramref name="tolerance"/>
    /// times the data's mean variance (scikit-learn's rule), or after <paramref name="maxIterations"/>.
    /// </summary>
    public static KMeansFit Fit(Tensor data, int k, int restarts = 10, int maxIterations = 100, int? seed = null, Device? device = null, double tolerance = 1e-4)
    {
        if (data.dim() != 2) throw new ArgumentException($"data must be [rows, dimensions]; found {data.dim()} dimensions.", nameof(data));
        long n = data.shape[0], d = data.shape[1];
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k = {k} is more than the {n} rows to cluster.");
        if (restarts < 1) throw new ArgumentOutOfRangeException(nameof(restarts), restarts, "restarts must be at least 1.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "maxIterations must be at least 1.");
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be zero or positive.");

        var rng = new Random(seed ?? Kit.Seed);
        var target = device ?? data.device;
        using var outer = NewDisposeScope();
        var x = data.to(ScalarType.Float32, target).contiguous();
        var squaredNorms = x.Squared().sum(1);
        // Mean variance per column from one matrix product (a column-wise var() is a slow strided reduction on the CPU).
        var columnMeans = torch.ones(1, n, device: x.device).mm(x).DividedBy(n);
        double meanVariance = (squaredNorms.mean().item<float>() - columnMeans.Squared().sum().item<float>()) * n / Math.Max(1, n - 1) / d;
        double shiftLimit = tolerance * Math.Max(0, meanVariance);

        Tensor? bestCentres = null;
        double bestInertia = double.PositiveInfinity;
        int bestIterations = 0;
        bool bestConverged = false;
        for (int r = 0; r < restarts; r++)
        {
            using var scope = NewDisposeScope();
            var centres = PlusPlus(x, squaredNorms, k, rng);
            var (finalCentres, inertia, iterations, converged) = Lloyd(x, squaredNorms, centres, maxIterations, shiftLimit);
            if (inertia < bestInertia)
            {
                bestInertia = inertia;
                bestCentres?.Dispose();
                bestCentres = finalCentres.MoveToOuterDisposeScope();
                bestIterations = iterations;
                bestConverged = converged;
            }
        }

        var labels = NearestLabels(x, bestCentres!);
        var centroidArray = bestCentres!.cpu().data<float>().ToArray();
        var assignments = labels.cpu().to(ScalarType.Int32).data<int>().ToArray();
        return new KMeansFit(k, (int)d, centroidArray, assignments, bestInertia, bestIterations, bestConverged);
    }

    /// <summary>Clusters a row-major float array of <paramref name="rows"/> × <paramref name="dimensions"/>.</summary>
    public static KMeansFit Fit(float[] data, int rows, int dimensions, int k, int restarts = 10, int maxIterations = 100, int? seed = null, Device? device = null, double tolerance = 1e-4)
    {
        if (data.Length != rows * dimensions)
            throw new ArgumentException($"data holds {data.Length} values, expected rows × dimensions = {rows} × {dimensions}.", nameof(data));
        using var scope = NewDisposeScope();
        return Fit(torch.tensor(data, new long[] { rows, dimensions }), k, restarts, maxIterations, seed, device, tolerance);
    }

    /// <summary>The nearest centre of every row of <paramref name="data"/> (assigning new customers to existing segments).</summary>
    public static int[] Assign(Tensor data, Tensor centroids)
    {
        using var scope = NewDisposeScope();
        var x = data.to(ScalarType.Float32, centroids.device);
        return NearestLabels(x, centroids.to(ScalarType.Float32)).cpu().to(ScalarType.Int32).data<int>().ToArray();
    }

    /// <summary>Squared Euclidean distances [rows, k] as ‖x‖² − 2x·c + ‖c‖², one matrix product instead of a loop.</summary>
    internal static Tensor SquaredDistances(Tensor x, Tensor squaredNorms, Tensor centres) =>
        torch.addmm(squaredNorms.unsqueeze(1).Plus(centres.Squared().sum(1).unsqueeze(0)), x, centres.t(), beta: 1, alpha: -2).AtLeast(0);

    // Greedy k-means++ (as scikit-learn does it): each next centre is drawn with probability proportional to its
    // squared distance from the nearest centre so far; of 2 + ln k such draws the one that lowers the total most is
    // kept. The start is spread out, so Lloyd's method needs fewer iterations and lands in a good optimum more often.
    private static Tensor PlusPlus(Tensor x, Tensor squaredNorms, int k, Random rng)
    {
        long n = x.shape[0];
        int trials = 2 + (int)Math.Log(k);
        var chosen = new List<long> { rng.NextInt64(n) };
        var closest = DistancesTo(x, squaredNorms, x[chosen[0]].unsqueeze(0)).squeeze(0);
        for (int j = 1; j < k; j++)
        {
            using var scope = NewDisposeScope();
            var cumulative = closest.to(ScalarType.Float64).cumsum(0);
            double total = cumulative[n - 1].item<double>();
            long[] picks;
            if (total <= 0)
                picks = new[] { rng.NextInt64(n) }; // every row sits on a chosen centre: any row will do
            else
            {
                var thresholds = torch.tensor(Enumerable.Range(0, trials).Select(_ => rng.NextDouble() * total).ToArray(), ScalarType.Float64, device: x.device);
                picks = torch.searchsorted(cumulative, thresholds, right: true).AtMost(n - 1).cpu().data<long>().ToArray();
            }
            var candidates = x.index_select(0, torch.tensor(picks, device: x.device));
            var updated = torch.minimum(closest.unsqueeze(0), DistancesTo(x, squaredNorms, candidates)); // [trials, n]
            int best = (int)updated.sum(1, type: ScalarType.Float64).argmin().item<long>();
            chosen.Add(picks[best]);
            closest = updated[best].MoveToOuterDisposeScope();
        }
        return x.index_select(0, torch.tensor(chosen.ToArray(), device: x.device)).clone();
    }

    /// <summary>Squared distances [centres, rows], laid out so reductions over rows run along contiguous memory.</summary>
    private static Tensor DistancesTo(Tensor x, Tensor squaredNorms, Tensor centres) =>
        torch.addmm(centres.Squared().sum(1).unsqueeze(1).Plus(squaredNorms.unsqueeze(0)), centres, x.t(), beta: 1, alpha: -2).AtLeast(0);

    /// <summary>
    /// The nearest centre of each row. ‖x‖² is the same for every centre, so only ‖c‖² − 2c·x is compared; laid out
    /// [k, rows] so the reduction runs across k long contiguous rows (min over dim 0 is several times faster than argmin over a short last dim).
    /// </summary>
    private static Tensor NearestLabels(Tensor x, Tensor centres) =>
        torch.addmm(centres.Squared().sum(1).unsqueeze(1), centres, x.t(), beta: 1, alpha: -2).min(0).indexes;

    private static (Tensor centres, double inertia, int iterations, bool converged) Lloyd(Tensor x, Tensor squaredNorms, Tensor centres, int maxIterations, double shiftLimit)
    {
        long n = x.shape[0], d = x.shape[1], k = centres.shape[0];
        Tensor? previous = null;
        int iteration = 0;
        bool converged = false;
        while (iteration < maxIterations)
        {
            using var scope = NewDisposeScope();
            iteration++;
            var labels = NearestLabels(x, centres);
            if (previous is not null && !labels.ne(previous).any().item<bool>())
            {
                converged = true;
                break;
            }
            var counts = torch.bincount(labels, minlength: k).to(ScalarType.Float32);
            var sums = torch.zeros(new[] { k, d }, ScalarType.Float32, device: x.device).IndexAddInPlace(0, labels, x);
            var updated = sums / counts.AtLeast(1).unsqueeze(1);
            var isEmpty = counts.EqualTo(0);
            if (isEmpty.any().item<bool>())
            {
                // An empty cluster takes the row worst served by its centre, so k clusters stay k clusters.
                var empty = isEmpty.nonzero().reshape(-1).cpu().data<long>().ToArray();
                var distances = SquaredDistances(x, squaredNorms, centres).gather(1, labels.unsqueeze(1)).squeeze(1);
                var far = distances.argsort(descending: true).cpu().data<long>().Take(empty.Length).ToArray();
                for (int e = 0; e < empty.Length; e++) updated[empty[e]] = x[far[e]];
            }
            double shift = (updated - centres).Squared().sum().item<float>();
            centres = updated.MoveToOuterDisposeScope();
            previous?.Dispose();
            previous = labels.MoveToOuterDisposeScope();
            if (shift <= shiftLimit)
            {
                converged = true;
                break;
            }
        }
        // Inertia from the differences themselves, in double: the expanded form loses digits far from the origin.
        using var final = NearestLabels(x, centres);
        var inertia = (x.to(ScalarType.Float64) - centres.index_select(0, final).to(ScalarType.Float64)).Squared().sum().item<double>();
        previous?.Dispose();
        return (centres, inertia, iteration, converged);
    }
}
