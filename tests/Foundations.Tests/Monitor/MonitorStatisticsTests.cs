using Foundations.Interactive;
using Foundations.Monitor;

namespace Foundations.Tests.Monitor;

public class MonitorStatisticsTests
{
    [Fact]
    public void Psi_uses_reference_deciles_and_counts_an_empty_bin_as_a_tiny_share()
    {
        double[] reference = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        double[] current = { 1, 1, 2, 2, 3, 3, 4, 4, 5, 5 };
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, Stability.DecileEdges(reference));
        var psi = Stability.Psi(reference, current);
        // Five bins go 0.1 -> 0.2; five go 0.1 -> empty (counted as 1e-4).
        double expected = 5 * (0.2 - 0.1) * Math.Log(2) + 5 * (1e-4 - 0.1) * Math.Log(1e-4 / 0.1);
        Assert.Equal(3.79699735213155, expected, 1e-12);
        Assert.Equal(expected, psi.Value, 1e-12);
        Assert.Equal(10, psi.Bins.Count);
        Assert.Equal(0.0, psi.Bins[9].CurrentShare);
        Assert.Equal(StabilityBand.Act, psi.Band);
    }

    [Fact]
    public void Psi_of_identical_samples_is_zero_and_stable()
    {
        var values = Enumerable.Range(0, 200).Select(i => Math.Sin(i) * 100).ToArray();
        var psi = Stability.Psi(values, values.Reverse().ToArray());
        Assert.Equal(0.0, psi.Value, 1e-12);
        Assert.Equal(StabilityBand.Stable, psi.Band);
    }

    [Fact]
    public void Psi_on_a_single_value_column_has_two_bins_and_stays_finite()
    {
        double[] reference = Enumerable.Repeat(5.0, 20).ToArray();
        double[] current = { 5, 5, 6, 6 };
        Assert.Equal(new double[] { 5 }, Stability.DecileEdges(reference));
        var psi = Stability.Psi(reference, current);
        Assert.Equal(2, psi.Bins.Count);
        Assert.Equal((0.5 - 1) * Math.Log(0.5) + (0.5 - 1e-4) * Math.Log(0.5 / 1e-4), psi.Value, 1e-12);
        Assert.Equal(0.0, Stability.Psi(reference, new double[] { 5, 5 }).Value, 1e-12);
    }

    [Fact]
    public void Psi_ties_keep_each_repeated_edge_once()
    {
        double[] reference = { 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 };
        Assert.Equal(new double[] { 0, 1, 2, 3 }, Stability.DecileEdges(reference));
    }

    [Fact]
    public void Csi_lists_new_categories_and_uses_epsilon_for_them()
    {
        string?[] reference = { "web", "web", "mobile", "mobile", null };
        string?[] current = { "web", "mobile", "video", "video" };
        var csi = Stability.Csi(reference, current);
        Assert.Equal(new[] { "video" }, csi.NewCategories);
        double expected = (0.25 - 0.5) * Math.Log(0.25 / 0.5) * 2 + (0.5 - 1e-4) * Math.Log(0.5 / 1e-4);
        Assert.Equal(expected, csi.Value, 1e-12);
    }

    [Theory]
    [InlineData(0.0999, StabilityBand.Stable, Light.Green)]
    [InlineData(0.10, StabilityBand.Watch, Light.Amber)]
    [InlineData(0.25, StabilityBand.Watch, Light.Amber)]
    [InlineData(0.2501, StabilityBand.Act, Light.Red)]
    public void Bands_follow_the_usual_thresholds(double psi, StabilityBand band, Light light)
    {
        Assert.Equal(band, Stability.BandOf(psi));
        Assert.Equal(light, Stability.LightOf(band));
    }

    [Fact]
    public void Ks_statistic_on_tiny_samples_matches_hand_computation()
    {
        Assert.Equal(0.5, DistributionTests.KolmogorovSmirnov(new double[] { 1, 2, 3, 4 }, new double[] { 3, 4, 5, 6 }).Statistic, 1e-12);
        var apart = DistributionTests.KolmogorovSmirnov(new double[] { 1, 2, 3 }, new double[] { 4, 5, 6 });
        Assert.Equal(1.0, apart.Statistic, 1e-12);
        // lambda = (sqrt(1.5) + 0.12 + 0.11 / sqrt(1.5)) * 1; Q = 2 sum (-1)^(j-1) exp(-2 j^2 lambda^2).
        Assert.Equal(0.03262165165202117, apart.PValue, 1e-10);
        var same = DistributionTests.KolmogorovSmirnov(new double[] { 1, 2, 3 }, new double[] { 1, 2, 3 });
        Assert.Equal(0.0, same.Statistic);
        Assert.Equal(1.0, same.PValue);
    }

    [Fact]
    public void Chi_squared_on_two_categories_matches_hand_computation()
    {
        // Expected counts 40/60 on both sides: 2 * (100/40 + 100/60) = 8.3333; df 1, p = erfc(sqrt(8.3333/2)).
        var test = DistributionTests.ChiSquared(new double[] { 30, 70 }, new double[] { 50, 50 });
        Assert.Equal(25.0 / 3, test.Statistic, 1e-12);
        Assert.Equal(1, test.DegreesOfFreedom);
        Assert.Equal(0.003892417122778627, test.PValue, 1e-12);
    }

    [Theory]
    [InlineData(6.0, 2, 0.049787068367863944)] // df 2: exp(-x/2)
    [InlineData(1.0, 2, 0.60653065971263342)]
    [InlineData(3.841458820694124, 1, 0.05)]
    [InlineData(18.307038053275146, 10, 0.05)]
    public void Chi_squared_survival_matches_known_values(double x, int df, double p) =>
        Assert.Equal(p, DistributionTests.ChiSquaredSurvival(x, df), 1e-9);

    [Fact]
    public void Chi_squared_rejects_mismatched_counts_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentException>(() => DistributionTests.ChiSquared(new double[] { 1, 2 }, new double[] { 1 }));
        Assert.Equal("currentCounts", e.ParamName);
    }
}
