using Foundations.Training;

namespace Foundations.Tests.Training;

[Trait("Speed", "Slow")]
public class TrainerStoppingAndCalibrationTests
{
    private static readonly TrainingSettings Small = new() { Hidden = new[] { 16, 8 }, Epochs = 4, BatchSize = 64, Seed = 7 };

    [Fact]
    public void A_different_seed_gives_a_different_network()
    {
        var data = SyntheticFeatures.Make(600, seed: 1);
        var first = Trainer.Fit(data, Small);
        var other = Trainer.Fit(data, Small with { Seed = 8 });
        Assert.NotEqual(first.Predict(data), other.Predict(data));
    }

    [Fact]
    public void Class_weighting_is_undone_so_probabilities_match_the_event_rate()
    {
        var data = SyntheticFeatures.Make(1500, seed: 14, bias: -3); // about one customer in ten has the event
        var network = Trainer.Fit(data, Small with { Epochs = 6 });
        double rate = data.Label!.Average(), meanPredicted = network.Predict(data).Average();
        Assert.InRange(rate, 0.05, 0.2);
        // Trained with the rare class weighted up, the raw network would average near 0.5.
        Assert.True(Math.Abs(meanPredicted - rate) < 0.04, $"mean predicted {meanPredicted:0.000} vs event rate {rate:0.000}");
        Assert.Equal(-Math.Log((1 - rate) / rate), network.LogitOffset, 1);
    }

    [Fact]
    public void An_optimizer_step_that_overflows_is_reported_as_divergence_naming_the_epoch()
    {
        var data = SyntheticFeatures.Make(300, seed: 4);
        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(data, Small with { LearningRate = 1e38, Dropout = 0 }));
        Assert.Matches(@"at epoch \d+, batch \d+", error.Message);
    }

    [Fact]
    public void Early_stopping_keeps_the_best_epoch_and_stops_on_noise()
    {
        var data = SyntheticFeatures.Make(400, seed: 5);
        var shuffled = data.Label!.ToArray();
        new Random(9).Shuffle(shuffled); // labels no longer related to the inputs
        var noise = new Foundations.Data.FeatureMatrix(data.Rows, data.NumericColumns, data.CopyNumeric(), data.CategoricalColumns, data.CopyCategorical(), shuffled, "event");
        var network = Trainer.Fit(noise, Small with { Epochs = 40, Patience = 3 });
        Assert.True(network.History.Count < 40, $"ran {network.History.Count} epochs");
        Assert.Equal(network.History.Max(h => h.ValidationAuc), network.History[network.BestEpoch - 1].ValidationAuc);
    }
}
