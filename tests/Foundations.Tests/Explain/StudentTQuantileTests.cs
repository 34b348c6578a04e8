using Foundations.Explanation;
using Foundations.Monitor;

namespace Foundations.Tests.Explain;

/// <summary>The distributions behind intervals and p-values come from MathNet.Numerics: pinned to published table values.</summary>
public class StudentTQuantileTests
{
    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(4, 2.7764)]
    [InlineData(11, 2.2010)]   // the old table answered 2.1 for df 11-19
    [InlineData(15, 2.1314)]
    [InlineData(19, 2.0930)]
    [InlineData(29, 2.0452)]
    [InlineData(120, 1.9799)]
    public void The_97_5_percent_t_quantile_matches_the_table(int df, double expected) =>
        Assert.Equal(expected, PermutationImportance.StudentT975(df), 4);

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959963984540054, 0.025)]
    [InlineData(-1.6448536269514722, 0.95)]
    [InlineData(6.0, 9.865876450377012e-10)]
    public void Normal_upper_tail_matches_known_values(double z, double p) =>
        Assert.Equal(p, DistributionTests.NormalUpperTail(z), 12);

    [Fact]
    public void Chi_squared_survival_keeps_tiny_p_values()
    {
        // x = 100 with 1 degree of freedom: p = erfc(sqrt(50)) ≈ 1.5e-23, which 1 − CDF would round to 0.
        Assert.Equal(1.5239706048320995e-23, DistributionTests.ChiSquaredSurvival(100, 1), 1e-30);
    }
}
