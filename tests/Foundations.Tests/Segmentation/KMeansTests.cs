using Foundations.Patterns;

namespace Foundations.Tests.Segmentation;

public class KMeansTests
{
    [Fact]
    public void KMeans_matches_a_hand_computed_result_on_a_tiny_data_set()
    {
        // Two groups of three points: the centres are the group means (1/3, 1/3) and (31/3, 31/3); each point's
        // squared distance to its centre is 2/9, 5/9, 5/9, so the inertia is 2 × 12/9 = 8/3.
        float[] points = { 0, 0, 0, 1, 1, 0, 10, 10, 10, 11, 11, 10 };
        var fit = KMeans.Fit(points, rows: 6, dimensions: 2, k: 2, restarts: 3, seed: 7);

        Assert.Equal(fit.Assignments[0], fit.Assignments[1]);
        Assert.Equal(fit.Assignments[0], fit.Assignments[2]);
        Assert.Equal(fit.Assignments[3], fit.Assignments[4]);
        Assert.Equal(fit.Assignments[3], fit.Assignments[5]);
        Assert.NotEqual(fit.Assignments[0], fit.Assignments[3]);
        int low = fit.Assignments[0], high = fit.Assignments[3];
        Assert.Equal(1 / 3.0, fit.Centroids[low * 2], 5);
        Assert.Equal(1 / 3.0, fit.Centroids[low * 2 + 1], 5);
        Assert.Equal(31 / 3.0, fit.Centroids[high * 2], 4);
        Assert.Equal(31 / 3.0, fit.Centroids[high * 2 + 1], 4);
        Assert.Equal(8 / 3.0, fit.Inertia, 4);
        Assert.True(fit.Converged);
    }

    [Fact]
    public void KMeans_finds_three_groups_on_a_line_with_the_hand_computed_inertia()
    {
        // {1,2,3} → 2, {10,11} → 10.5, {20,21,22} → 21; inertia 2 + 0.5 + 2 = 4.5.
        float[] points = { 1, 2, 3, 10, 11, 20, 21, 22 };
        var fit = KMeans.Fit(points, rows: 8, dimensions: 1, k: 3, restarts: 5, seed: 1);
        var centres = fit.Centroids.OrderBy(c => c).ToArray();
        Assert.Equal(new[] { 2.0, 10.5, 21.0 }, centres.Select(c => Math.Round(c, 4)));
        Assert.Equal(4.5, fit.Inertia, 4);
        var groups = new[] { new[] { 0, 1, 2 }, new[] { 3, 4 }, new[] { 5, 6, 7 } };
        foreach (var g in groups) Assert.Single(g.Select(i => fit.Assignments[i]).Distinct());
    }

    [Fact]
    public void Same_seed_gives_identical_clusters_and_another_seed_may_start_elsewhere()
    {
        var rng = new Random(3);
        var data = Enumerable.Range(0, 3000).Select(_ => (float)rng.NextDouble()).ToArray();
        var first = KMeans.Fit(data, 1000, 3, k: 6, restarts: 4, seed: 11);
        var second = KMeans.Fit(data, 1000, 3, k: 6, restarts: 4, seed: 11);
        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Centroids, second.Centroids);
        Assert.Equal(first.Inertia, second.Inertia);
    }

    [Fact]
    public void More_restarts_never_give_a_looser_clustering()
    {
        var rng = new Random(5);
        var data = Enumerable.Range(0, 4000).Select(_ => (float)rng.NextDouble()).ToArray();
        var one = KMeans.Fit(data, 2000, 2, k: 8, restarts: 1, seed: 2);
        var many = KMeans.Fit(data, 2000, 2, k: 8, restarts: 8, seed: 2);
        // The first restart of both runs draws the same start, so the best of eight can only be as tight or tighter.
        Assert.True(many.Inertia <= one.Inertia + 1e-6, $"8 restarts gave inertia {many.Inertia}, 1 restart {one.Inertia}");
    }

    [Fact]
    public void Identical_rows_still_give_k_clusters_without_failing()
    {
        float[] points = { 1, 1, 1, 1, 5, 5 };
        var fit = KMeans.Fit(points, rows: 6, dimensions: 1, k: 2, restarts: 2, seed: 1);
        Assert.Equal(2, fit.Assignments.Distinct().Count());
        Assert.Equal(0, fit.Inertia, 6);
    }

    [Fact]
    public void KMeans_rejects_more_clusters_than_rows_naming_k()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Fit(new float[] { 1, 2, 3 }, 3, 1, k: 4));
        Assert.Equal("k", e.ParamName);
        Assert.Contains("3 rows", e.Message);
    }

    [Fact]
    public void Assign_puts_new_rows_with_the_nearest_centre()
    {
        float[] points = { 0, 0, 0, 1, 1, 0, 10, 10, 10, 11, 11, 10 };
        var fit = KMeans.Fit(points, rows: 6, dimensions: 2, k: 2, restarts: 2, seed: 7);
        using var centres = fit.CentroidTensor();
        using var fresh = TorchSharp.torch.tensor(new float[] { 0.5f, 0.2f, 9f, 12f }, new long[] { 2, 2 });
        var assigned = KMeans.Assign(fresh, centres);
        Assert.Equal(fit.Assignments[0], assigned[0]);
        Assert.Equal(fit.Assignments[3], assigned[1]);
    }
}
