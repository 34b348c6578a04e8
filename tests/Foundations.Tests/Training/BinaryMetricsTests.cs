using Foundations.Training;

namespace Foundations.Tests.Training;

public class BinaryMetricsTests
{
    // Eight customers, four events; every figure below is worked out by hand in the comments.
    private static readonly double[] Scores = { 0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2 };
    private static readonly int[] Labels = { 1, 1, 0, 1, 0, 0, 1, 0 };

    [Fact]
    public void Auc_and_gini_count_correctly_ordered_pairs()
    {
        // Event scores 0.9, 0.8, 0.6, 0.3 beat 4 + 4 + 3 + 1 = 12 of the 16 non-event scores.
        Assert.Equal(12.0 / 16, BinaryMetrics.Auc(Scores, Labels), 12);
        Assert.Equal(0.5, BinaryMetrics.Gini(Scores, Labels), 12);
    }

    [Fact]
    public void Auc_counts_a_tie_as_one_half()
    {
        Assert.Equal(0.5, BinaryMetrics.Auc(new[] { 0.5, 0.5 }, new[] { 1, 0 }), 12);
        // Pairs: tie ½, then 1 + 1 + 1 → 3.5 of 4.
        Assert.Equal(0.875, BinaryMetrics.Auc(new[] { 0.5, 0.5, 0.9, 0.1 }, new[] { 1, 0, 1, 0 }), 12);
    }

    [Fact]
    public void Ks_is_the_largest_gap_between_cumulative_distributions()
    {
        // Ascending: n p n n p n p p → gaps .25 0 .25 .5 .25 .5 .25 0.
        Assert.Equal(0.5, BinaryMetrics.Ks(Scores, Labels), 12);
    }

    [Fact]
    public void Log_loss_and_brier_match_hand_computation()
    {
        double expectedLogLoss = -(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.3) + Math.Log(0.6) + Math.Log(0.45) + Math.Log(0.6) + Math.Log(0.3) + Math.Log(0.8)) / 8;
        Assert.Equal(expectedLogLoss, BinaryMetrics.LogLoss(Scores, Labels), 12);
        Assert.Equal(0.5974690, BinaryMetrics.LogLoss(Scores, Labels), 6);
        // (0.01 + 0.04 + 0.49 + 0.16 + 0.3025 + 0.16 + 0.49 + 0.04) / 8
        Assert.Equal(1.6925 / 8, BinaryMetrics.Brier(Scores, Labels), 12);
    }

    [Fact]
    public void Confusion_matrix_at_a_cutoff_gives_accuracy_precision_recall()
    {
        var m = BinaryMetrics.Confusion(Scores, Labels, 0.5);
        Assert.Equal((3, 2, 2, 1), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(5.0 / 8, m.Accuracy, 12);
        Assert.Equal(3.0 / 5, m.Precision, 12);
        Assert.Equal(3.0 / 4, m.Recall, 12);
        var none = BinaryMetrics.Confusion(Scores, Labels, 0.95);
        Assert.Equal(0, none.Precision);
        Assert.Equal(0, none.Recall);
    }

    [Fact]
    public void Deciles_give_gains_lift_and_calibration()
    {
        // Twenty customers scored 1.00, 0.95, ..., 0.05; events (by rank) in deciles 1, 1, 2, 3, 5: five in all, 25%.
        var scores = Enumerable.Range(0, 20).Select(i => (20 - i) * 0.05).ToArray();
        var labels = new[] { 1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        var d = BinaryMetrics.Deciles(scores, labels);
        Assert.Equal(10, d.Count);
        Assert.All(d, row => Assert.Equal(2, row.Rows));
        Assert.Equal(new[] { 2, 1, 1, 0, 1, 0, 0, 0, 0, 0 }, d.Select(r => r.Events));
        Assert.Equal(new[] { 0.4, 0.6, 0.8, 0.8, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 }, d.Select(r => Math.Round(r.CumulativeGain, 12)));
        Assert.Equal(new[] { 4.0, 2.0, 2.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0 }, d.Select(r => Math.Round(r.Lift, 12)));
        Assert.Equal(0.975, d[0].MeanPredicted, 12);
        Assert.Equal(0.075, d[9].MeanPredicted, 12);
        Assert.Equal(1.0, d[0].ObservedRate, 12);
    }

    [Fact]
    public void Metrics_name_a_label_that_is_not_zero_or_one()
    {
        var error = Assert.Throws<ArgumentException>(() => BinaryMetrics.LogLoss(new[] { 0.2, 0.3 }, new[] { 0, 2 }));
        Assert.Contains("labels[1] is 2", error.Message);
    }
}
