using Foundations.Data;
using Foundations.Training;

namespace Foundations.Tests.Training;

public class AucComparisonTests
{
    /// <summary>DeLong's estimator written out as in the 1988 paper: ψ over every (event, non-event) pair, O(m·n).</summary>
    private static (double Difference, double Variance) QuadraticDeLong(double[] a, double[] b, int[] labels)
    {
        var pos = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1).ToArray();
        var neg = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 0).ToArray();
        static double Psi(double x, double y) => x > y ? 1 : x == y ? 0.5 : 0;
        double[,] v10 = new double[2, pos.Length], v01 = new double[2, neg.Length];
        double[] auc = new double[2];
        for (int k = 0; k < 2; k++)
        {
            var s = k == 0 ? a : b;
            for (int i = 0; i < pos.Length; i++)
                for (int j = 0; j < neg.Length; j++)
                {
                    double psi = Psi(s[pos[i]], s[neg[j]]);
                    v10[k, i] += psi / neg.Length;
                    v01[k, j] += psi / pos.Length;
                    auc[k] += psi / ((double)pos.Length * neg.Length);
                }
        }
        double Cov(double[,] v, int p, int q, int count)
        {
            double mp = 0, mq = 0, sum = 0;
            for (int i = 0; i < count; i++) { mp += v[p, i]; mq += v[q, i]; }
            mp /= count; mq /= count;
            for (int i = 0; i < count; i++) sum += (v[p, i] - mp) * (v[q, i] - mq);
            return sum / (count - 1);
        }
        double s10 = Cov(v10, 0, 0, pos.Length) + Cov(v10, 1, 1, pos.Length) - 2 * Cov(v10, 0, 1, pos.Length);
        double s01 = Cov(v01, 0, 0, neg.Length) + Cov(v01, 1, 1, neg.Length) - 2 * Cov(v01, 0, 1, neg.Length);
        return (auc[0] - auc[1], s10 / pos.Length + s01 / neg.Length);
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 300)]
    [InlineData(3, 1000)]
    public void DeLong_matches_the_pairwise_definition_on_correlated_scores_with_ties(int seed, int rows)
    {
        var rng = new Random(seed);
        var labels = new int[rows];
        var a = new double[rows];
        var b = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = rng.NextDouble() < 0.3 ? 1 : 0;
            double shared = rng.NextDouble() + labels[i] * 0.4;
            // Rounded to one decimal so that many scores tie, within and across classes.
            a[i] = Math.Round(shared + 0.3 * rng.NextDouble(), 1);
            b[i] = Math.Round(shared + 0.6 * rng.NextDouble() - 0.1 * labels[i], 1);
        }
        var fast = AucComparison.DeLong(a, b, labels, "a", "b");
        var (difference, variance) = QuadraticDeLong(a, b, labels);
        // The pairwise sums round differently from the midranks: equal to 1e-10.
        Assert.Equal(difference, fast.Difference, 10);
        Assert.Equal(Math.Sqrt(variance), fast.StandardError, 10);
        Assert.Equal(BinaryMetrics.Auc(a, labels), fast.ModelAuc, 12);
        Assert.Equal(BinaryMetrics.Auc(b, labels), fast.BaselineAuc, 12);
        Assert.Equal(fast.Difference - 1.959963984540054 * fast.StandardError, fast.Lower, 12);
        Assert.Equal(2 * AucComparison.NormalUpperTail(Math.Abs(difference) / Math.Sqrt(variance)), fast.PValue, 9);
    }

    [Fact]
    public void Normal_tail_matches_published_values()
    {
        // erfc at points across Cody's three ranges (Abramowitz & Stegun table values).
        Assert.Equal(0.6713732405408726, AucComparison.Erfc(0.3), 14);
        Assert.Equal(0.1572992070502851, AucComparison.Erfc(1.0), 14);
        Assert.Equal(0.004677734981047266, AucComparison.Erfc(2.0), 15);
        Assert.Equal(1.537459794428035, AucComparison.Erfc(5.0) * 1e12, 13);
        Assert.Equal(0.025, AucComparison.NormalUpperTail(1.959963984540054), 12);
        Assert.Equal(0.5, AucComparison.NormalUpperTail(0), 15);
    }

    [Fact]
    public void The_same_scores_differ_by_nothing_and_p_is_one()
    {
        double[] s = { 0.1, 0.4, 0.35, 0.8, 0.7, 0.2 };
        int[] y = { 0, 0, 1, 1, 1, 0 };
        var c = AucComparison.DeLong(s, s, y);
        Assert.Equal(0, c.Difference);
        Assert.Equal(1, c.PValue);
        Assert.False(c.Significant);
    }

    [Fact]
    public void A_much_better_model_on_many_customers_is_significant_and_its_interval_excludes_zero()
    {
        var rng = new Random(7);
        int n = 2000;
        var y = new int[n];
        var good = new double[n];
        var weak = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < 0.2 ? 1 : 0;
            good[i] = y[i] * 1.5 + rng.NextDouble() * 2;
            weak[i] = y[i] * 0.3 + rng.NextDouble() * 2;
        }
        var c = AucComparison.DeLong(good, weak, y, "good", "weak");
        Assert.True(c.PValue < 0.001, c.Describe());
        Assert.True(c.Lower > 0, c.Describe());
        Assert.StartsWith("AUC 0.", c.Describe());
        Assert.Contains("higher than weak's (95% CI", c.Describe());
    }

    [Fact]
    public void Labels_of_one_class_are_refused_with_the_counts()
    {
        var e = Assert.Throws<ArgumentException>(() => AucComparison.DeLong(new[] { 0.1, 0.2, 0.3 }, new[] { 0.3, 0.2, 0.1 }, new[] { 1, 1, 1 }));
        Assert.Contains("found 3 and 0", e.Message);
    }
}
