using Foundations.Training;

namespace Foundations.Tests.Training;

public class TrainerTests
{
    private static readonly TrainingSettings Small = new() { Hidden = new[] { 16, 8 }, Epochs = 4, BatchSize = 64, Seed = 7 };

    [Fact]
    public void Same_seed_gives_identical_metrics_and_predictions()
    {
        var data = SyntheticFeatures.Make(600, seed: 1);
        var first = Trainer.Fit(data, Small);
        var second = Trainer.Fit(data, Small);
        Assert.Equal(first.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAuc)), second.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAuc)));
        Assert.Equal(first.Predict(data), second.Predict(data));
    }

    [Fact]
    public void A_different_seed_gives_a_different_network()
    {
        var data = SyntheticFeatures.Make(600, seed: 1);
        var first = Trainer.Fit(data, Small);
        var other = Trainer.Fit(data, Small with { Seed = 8 });
        Assert.NotEqual(first.Predict(data), other.Predict(data));
    }

    [Fact]
    public void Embeddings_learn_a_signal_carried_only_by_a_category()
    {
        var train = SyntheticFeatures.Make(1500, seed: 2, categoricalOnly: true);
        var test = SyntheticFeatures.Make(800, seed: 3, categoricalOnly: true);
        var network = Trainer.Fit(train, Small with { Epochs = 6 });
        double auc = BinaryMetrics.Auc(network.Predict(test), test.Label!.Select(v => (int)v).ToArray());
        // The best possible ranking here splits channel C (p ≈ 0.95) from the rest (p ≈ 0.27): AUC ≈ 0.80.
        Assert.True(auc > 0.75, $"test AUC {auc:0.000}");
    }

    [Fact]
    public void Class_weighting_is_undone_so_probabilities_match_the_event_rate()
    {
        var data = SyntheticFeatures.Make(1500, seed: 14, bias: -3); // about one customer in ten has the event
        var network = Trainer.Fit(data, Small with { Epochs = 6 });
        double rate = data.Label!.Average(), meanPredicted = network.Predict(data).Average();
        Assert.InRange(rate, 0.05, 0.2);
        Assert.True(Math.Abs(meanPredicted - rate) < 0.04, $"mean predicted {meanPredicted:0.000} vs event rate {rate:0.000}");
        Assert.Equal(-Math.Log((1 - rate) / rate * 1.0), network.LogitOffset, 1);
    }

    [Fact]
    public void Divergence_stops_with_an_error_naming_the_epoch()
    {
        // Inputs of 1e25 overflow float32 once squared by batch norm: the loss stops being a number.
        var data = SyntheticFeatures.Make(300, seed: 4);
        var extreme = new Foundations.Data.FeatureMatrix(data.Rows, data.NumericColumns, data.Numeric.Select(v => v * 1e25f).ToArray(),
            data.CategoricalColumns, data.Categorical, data.Label, "event");
        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(extreme, Small with { LearningRate = 1e30, Dropout = 0 }));
        Assert.Matches(@"at epoch \d+, batch \d+", error.Message);
        Assert.Contains("Lower the learning rate", error.Message);
    }

    [Fact]
    public void Early_stopping_keeps_the_best_epoch_and_stops_on_noise()
    {
        var data = SyntheticFeatures.Make(400, seed: 5);
        var shuffled = data.Label!.ToArray();
        new Random(9).Shuffle(shuffled); // labels no longer related to the inputs
        var noise = new Foundations.Data.FeatureMatrix(data.Rows, data.NumericColumns, data.Numeric, data.CategoricalColumns, data.Categorical, shuffled, "event");
        var network = Trainer.Fit(noise, Small with { Epochs = 40, Patience = 3 });
        Assert.True(network.History.Count < 40, $"ran {network.History.Count} epochs");
        Assert.Equal(network.History.Max(h => h.ValidationAuc), network.History[network.BestEpoch - 1].ValidationAuc);
    }

    [Fact]
    public void Training_without_a_label_names_the_fix()
    {
        var data = SyntheticFeatures.Make(50, seed: 6);
        var unlabelled = new Foundations.Data.FeatureMatrix(data.Rows, data.NumericColumns, data.Numeric, data.CategoricalColumns, data.Categorical);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(unlabelled, Small));
        Assert.Contains("no label", error.Message);
    }
}
