using Foundations.Patterns;
using static TorchSharp.torch;

namespace Foundations.Tests.Segmentation;

public class ClusterQualityTests
{
    [Fact]
    public void Silhouette_matches_the_hand_computed_value()
    {
        // Points 0, 1 | 10, 11: a = 1 for every point; b = 10.5, 9.5, 9.5, 10.5; s = 1 − a/b.
        using var data = tensor(new float[] { 0, 1, 10, 11 }, new long[] { 4, 1 });
        double expected = (2 * (1 - 1 / 10.5) + 2 * (1 - 1 / 9.5)) / 4;
        Assert.Equal(expected, ClusterQuality.Silhouette(data, new[] { 0, 0, 1, 1 }), 6);
    }

    [Fact]
    public void Silhouette_on_a_sample_is_exact_on_the_sampled_rows_and_says_how_many()
    {
        var rng = new Random(1);
        var values = Enumerable.Range(0, 500).Select(i => (float)(i % 2 * 10 + rng.NextDouble())).ToArray();
        using var data = tensor(values, new long[] { 500, 1 });
        var labels = Enumerable.Range(0, 500).Select(i => i % 2).ToArray();
        var (sampled, rows) = ClusterQuality.Silhouette(data, labels, sampleSize: 100, k: 2, seed: 4);
        var (again, _) = ClusterQuality.Silhouette(data, labels, sampleSize: 100, k: 2, seed: 4);
        Assert.Equal(100, rows);
        Assert.Equal(sampled, again);
        Assert.InRange(sampled - ClusterQuality.Silhouette(data, labels), -0.01, 0.01);
    }

    [Fact]
    public void Davies_Bouldin_matches_the_hand_computed_value()
    {
        // Centres 0.5 and 10.5, each cluster's mean distance to its centre 0.5, separation 10: (0.5 + 0.5) / 10.
        using var data = tensor(new float[] { 0, 1, 10, 11 }, new long[] { 4, 1 });
        using var centres = tensor(new float[] { 0.5f, 10.5f }, new long[] { 2, 1 });
        Assert.Equal(0.1, ClusterQuality.DaviesBouldin(data, new[] { 0, 0, 1, 1 }, centres), 6);
    }

    [Fact]
    public void Adjusted_Rand_index_matches_the_hand_computed_value_and_ignores_label_names()
    {
        // Contingency {2,1,1}: index 1; rows 2, columns 1; expected 2·1/6; ARI = (1 − 1/3) / (1.5 − 1/3) = 4/7.
        Assert.Equal(4 / 7.0, ClusterQuality.AdjustedRandIndex(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 }), 10);
        Assert.Equal(1.0, ClusterQuality.AdjustedRandIndex(new[] { 1, 1, 2, 2, 3 }, new[] { "b", "b", "a", "a", "c" }), 10);
        Assert.True(ClusterQuality.AdjustedRandIndex(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }) < 0);
    }

    [Fact]
    public void Adjusted_Rand_index_rejects_labellings_of_different_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => ClusterQuality.AdjustedRandIndex(new[] { 0, 1 }, new[] { 0, 1, 1 }));
        Assert.Contains("2 vs 3", e.Message);
    }
}
