using Foundations.Data;
using Foundations.Training;

namespace Foundations.Tests.Training;

public class BinaryMetricsTests
{
    private static readonly double[] Scores = { 0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05 };
    private static readonly int[] Labels = { 1, 1, 0, 1, 0, 0, 1, 0, 0, 0 };

    [Fact]
    public void Auc_gini_and_ks_match_hand_computed_values()
    {
        // Positives at ranks 1,2,4,7 (of 10, highest first): pairs ranked right = 6+6+5+3 = 20 of 4×6 = 24.
        Assert.Equal(20.0 / 24, BinaryMetrics.Auc(Scores, Labels), 12);
        Assert.Equal(2 * 20.0 / 24 - 1, BinaryMetrics.Gini(Scores, Labels), 12);
        // Largest gap between cumulative shares: after 4 rows, 3/4 of positives vs 1/6 of negatives.
        Assert.Equal(0.75 - 1.0 / 6, BinaryMetrics.Ks(Scores, Labels), 12);
    }

    [Fact]
    public void Auc_counts_ties_as_one_half()
    {
        Assert.Equal(0.5, BinaryMetrics.Auc(new[] { 0.5, 0.5 }, new[] { 1, 0 }));
    }

    [Fact]
    public void Log_loss_brier_and_confusion_match_hand_computed_values()
    {
        double[] p = { 0.8, 0.4 };
        int[] y = { 1, 0 };
        Assert.Equal((-Math.Log(0.8) - Math.Log(0.6)) / 2, BinaryMetrics.LogLoss(p, y), 12);
        Assert.Equal((0.04 + 0.16) / 2, BinaryMetrics.Brier(p, y), 12);
        var m = BinaryMetrics.Confusion(Scores, Labels, 0.5);
        Assert.Equal((3, 2, 4, 1), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(0.7, m.Accuracy, 12);
        Assert.Equal(0.6, m.Precision, 12);
        Assert.Equal(0.75, m.Recall, 12);
    }

    [Fact]
    public void Deciles_give_gains_lift_and_calibration_per_tenth()
    {
        var deciles = BinaryMetrics.Deciles(Scores, Labels);
        Assert.Equal(10, deciles.Count);
        Assert.Equal(1, deciles[0].Events);
        Assert.Equal(0.9, deciles[0].MeanPredicted, 12);
        Assert.Equal(0.25, deciles[0].CumulativeGain, 12);
        Assert.Equal(1.0 / 0.4, deciles[0].Lift, 12);
        Assert.Equal(0.75, deciles[3].CumulativeGain, 12);
        Assert.Equal(1.0, deciles[9].CumulativeGain, 12);
    }

    [Fact]
    public void Metrics_refuse_labels_that_are_not_zero_or_one()
    {
        var e = Assert.Throws<ArgumentException>(() => BinaryMetrics.Auc(new[] { 0.1, 0.2 }, new[] { 0, 2 }));
        Assert.Contains("labels[1] is 2", e.Message);
    }
}
