using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Patterns.Segmentation;

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
    /// <summary>Clusters the rows of <paramref name="data"/> ([rows, dimensions], float32) into <paramref name="k"/> groups.</summary>
    public static KMeansFit Fit(Tensor data, int k, int restarts = 10, int maxIterations = 100, int? seed = null, Device? device = null)
    {
        if (data.dim() != 2) throw new ArgumentException($"data must be [rows, dimensions]; found {data.dim()} dimensions.", nameof(data));
        long n = data.shape[0], d = data.shape[1];
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k = {k} is more than the {n} rows to cluster.");
        if (restarts < 1) throw new ArgumentOutOfRangeException(nameof(restarts), restarts, "restarts must be at least 1.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "maxIterations must be at least 1.");

        var rng = new Random(seed ?? Kit.Seed);
        var target = device ?? data.device;
        using var outer = NewDisposeScope();
        var x = data.to(ScalarType.Float32, target).contiguous();
        var squaredNorms = x.pow(2).sum(1);

        Tensor? bestCentres = null;
        double bestInertia = double.PositiveInfinity;
        int bestIterations = 0;
        bool bestConverged = false;
        for (int r = 0; r < restarts; r++)
        {
            using var scope = NewDisposeScope();
            var centres = PlusPlus(x, squaredNorms, k, rng);
            var (finalCentres, inertia, iterations, converged) = Lloyd(x, squaredNorms, centres, maxIterations);
            if (inertia < bestInertia)
            {
                bestInertia = inertia;
                bestCentres?.Dispose();
                bestCentres = finalCentres.MoveToOuterDisposeScope();
                bestIterations = iterations;
                bestConverged = converged;
            }
        }

        var labels = Nearest(x, squaredNorms, bestCentres!).labels;
        var centroidArray = bestCentres!.cpu().data<float>().ToArray();
        var assignments = labels.cpu().to(ScalarType.Int32).data<int>().ToArray();
        return new KMeansFit(k, (int)d, centroidArray, assignments, bestInertia, bestIterations, bestConverged);
    }

    /// <summary>Clusters a row-major float array of <paramref name="rows"/> × <paramref name="dimensions"/>.</summary>
    public static KMeansFit Fit(float[] data, int rows, int dimensions, int k, int restarts = 10, int maxIterations = 100, int? seed = null, Device? device = null)
    {
        if (data.Length != rows * dimensions)
            throw new ArgumentException($"data holds {data.Length} values, expected rows × dimensions = {rows} × {dimensions}.", nameof(data));
        using var scope = NewDisposeScope();
        return Fit(torch.tensor(data, new long[] { rows, dimensions }), k, restarts, maxIterations, seed, device);
    }

    /// <summary>The nearest centre of every row of <paramref name="data"/> (assigning new customers to existing segments).</summary>
    public static int[] Assign(Tensor data, Tensor centroids)
    {
        using var scope = NewDisposeScope();
        var x = data.to(ScalarType.Float32, centroids.device);
        return Nearest(x, x.pow(2).sum(1), centroids.to(ScalarType.Float32)).labels.cpu().to(ScalarType.Int32).data<int>().ToArray();
    }

    /// <summary>Squared Euclidean distances [rows, k] as ‖x‖² − 2x·c + ‖c‖², one matrix product instead of a loop.</summary>
    internal static Tensor SquaredDistances(Tensor x, Tensor squaredNorms, Tensor centres) =>
        torch.addmm(squaredNorms.unsqueeze(1) + centres.pow(2).sum(1).unsqueeze(0), x, centres.t(), beta: 1, alpha: -2).clamp_min(0);

    private static (Tensor distances, Tensor labels) Nearest(Tensor x, Tensor squaredNorms, Tensor centres)
    {
        var (values, indexes) = SquaredDistances(x, squaredNorms, centres).min(1);
        return (values, indexes);
    }

    // k-means++: each next centre is drawn with probability proportional to its squared distance from the nearest
    // centre so far, which spreads the start out and makes Lloyd's method converge to a good optimum far more often.
    private static Tensor PlusPlus(Tensor x, Tensor squaredNorms, int k, Random rng)
    {
        long n = x.shape[0];
        var chosen = new List<long> { rng.NextInt64(n) };
        var closest = SquaredDistances(x, squaredNorms, x[chosen[0]].unsqueeze(0)).squeeze(1);
        for (int j = 1; j < k; j++)
        {
            var cumulative = closest.to(ScalarType.Float64).cumsum(0);
            double total = cumulative[n - 1].item<double>();
            long pick;
            if (total <= 0)
                pick = rng.NextInt64(n); // every row sits on a chosen centre: any row will do
            else
            {
                var threshold = torch.tensor(new[] { rng.NextDouble() * total }, ScalarType.Float64, device: x.device);
                pick = Math.Min(n - 1, torch.searchsorted(cumulative, threshold, right: true).item<long>());
            }
            chosen.Add(pick);
            closest = torch.minimum(closest, SquaredDistances(x, squaredNorms, x[pick].unsqueeze(0)).squeeze(1));
        }
        return x.index_select(0, torch.tensor(chosen.ToArray(), device: x.device)).clone();
    }

    private static (Tensor centres, double inertia, int iterations, bool converged) Lloyd(Tensor x, Tensor squaredNorms, Tensor centres, int maxIterations)
    {
        long n = x.shape[0], d = x.shape[1], k = centres.shape[0];
        Tensor? previous = null;
        int iteration = 0;
        bool converged = false;
        while (iteration < maxIterations)
        {
            using var scope = NewDisposeScope();
            iteration++;
            var (distances, labels) = Nearest(x, squaredNorms, centres);
            if (previous is not null && !labels.ne(previous).any().item<bool>())
            {
                converged = true;
                break;
            }
            var counts = torch.bincount(labels, minlength: k).to(ScalarType.Float32);
            var sums = torch.zeros(new[] { k, d }, ScalarType.Float32, device: x.device).index_add_(0, labels, x, 1);
            var updated = sums / counts.clamp_min(1).unsqueeze(1);
            var isEmpty = counts == 0;
            if (isEmpty.any().item<bool>())
            {
                var empty = isEmpty.nonzero().reshape(-1).cpu().data<long>().ToArray();
                // An empty cluster takes the row worst served by its centre, so k clusters stay k clusters.
                var far = distances.argsort(descending: true).cpu().data<long>().Take(empty.Length).ToArray();
                for (int e = 0; e < empty.Length; e++) updated[empty[e]] = x[far[e]];
            }
            centres = updated.MoveToOuterDisposeScope();
            previous?.Dispose();
            previous = labels.MoveToOuterDisposeScope();
        }
        // Inertia from the differences themselves, in double: the expanded form above loses digits far from the origin.
        var final = Nearest(x, squaredNorms, centres).labels;
        var inertia = (x.to(ScalarType.Float64) - centres.index_select(0, final).to(ScalarType.Float64)).pow(2).sum().item<double>();
        final.Dispose();
        previous?.Dispose();
        return (centres, inertia, iteration, converged);
    }
}
