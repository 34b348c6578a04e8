using Foundations.Data;
using Foundations.Training;

namespace Foundations.Tests.Training;

[Trait("Speed", "Slow")]
public class TrainerTests
{
    private static FeatureMatrix Interaction(int n, int seed)
    {
        // The label is an XOR of two inputs plus a category effect: no single input nor a line separates it.
        var rng = new Random(seed);
        var numeric = new float[n * 2];
        var codes = new long[n];
        var label = new float[n];
        for (int r = 0; r < n; r++)
        {
            float a = (float)(rng.NextDouble() * 2 - 1), b = (float)(rng.NextDouble() * 2 - 1);
            numeric[r * 2] = a; numeric[r * 2 + 1] = b;
            codes[r] = rng.Next(1, 4);
            label[r] = (a * b > 0) ^ (codes[r] == 3) ? 1 : 0;
        }
        return new FeatureMatrix(n, new[] { "a", "b" }, numeric, new[] { new CategoricalFeature("c", 4, new[] { "x", "y", "z" }) }, codes, label, "y");
    }

    [Fact]
    public void Same_seed_gives_identical_predictions_on_cpu()
    {
        var data = Interaction(600, 1);
        var settings = new TrainingSettings { Hidden = new[] { 16, 8 }, Epochs = 4, BatchSize = 64, Seed = 11 };
        var first = Trainer.Fit(data, settings).Predict(data);
        var second = Trainer.Fit(data, settings).Predict(data);
        Assert.Equal(first, second);
        var other = Trainer.Fit(data, settings with { Seed = 12 }).Predict(data);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Network_learns_an_interaction_through_embeddings()
    {
        var train = Interaction(2000, 2);
        var test = Interaction(500, 3);
        var model = Trainer.Fit(train, new TrainingSettings { Hidden = new[] { 32, 16 }, Epochs = 40, BatchSize = 64, LearningRate = 0.01, Dropout = 0, Patience = 10, Seed = 3 });
        double auc = BinaryMetrics.Auc(model.Predict(test), test.Label!.Select(v => (int)v).ToArray());
        Assert.True(auc > 0.9, $"test AUC {auc:0.000}");
        Assert.InRange(model.BestEpoch, 1, 40);
        Assert.Equal(model.History.Count, model.History.Select(h => h.Epoch).Distinct().Count());
    }

    [Fact]
    public void A_loss_that_stops_being_a_number_stops_training_with_a_clear_error()
    {
        var data = Interaction(200, 4);
        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(data, new TrainingSettings { Hidden = new[] { 8 }, Epochs = 3, BatchSize = 32, LearningRate = double.PositiveInfinity, Seed = 1 }));
        Assert.Contains("epoch 1", error.Message);
    }

    [Fact]
    public void Training_without_a_label_names_the_problem()
    {
        var data = Interaction(50, 5);
        var unlabelled = new FeatureMatrix(data.Rows, data.NumericColumns, data.CopyNumeric(), data.CategoricalColumns, data.CopyCategorical());
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(unlabelled));
        Assert.Contains("no label", error.Message);
    }
}
