using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Prediction;
using Foundations.Tests.Runner;
using Foundations.Training;
using TorchSharp;

namespace Foundations.Tests.Training;

/// <summary>The default deep model: bin encodings, the TabM-style ensemble, early stopping, the Learner loop, saving.</summary>
[Trait("Speed", "Slow")]
public class DeepTabularModelTests
{
    // The default architecture (ensemble of 8, 8 bins), kept small so the tests stay quick.
    private static readonly TrainingSettings Quick = new() { Hidden = new[] { 32, 32 }, Epochs = 4, BatchSize = 128, Seed = 5 };

    /// <summary>Four numeric columns: x (signal), constant (imputed all-missing column), mostly_zero (90% zeros), noise.</summary>
    private static FeatureMatrix Awkward(int rows, int seed)
    {
        var rng = new Random(seed);
        var numeric = new float[rows * 4];
        var label = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            float x = (float)(rng.NextDouble() * 4 - 2);
            numeric[r * 4] = x;
            numeric[r * 4 + 1] = 3.5f;
            numeric[r * 4 + 2] = rng.NextDouble() < 0.9 ? 0f : (float)rng.NextDouble() * 100;
            numeric[r * 4 + 3] = (float)rng.NextDouble();
            label[r] = rng.NextDouble() < 1 / (1 + Math.Exp(-2 * x)) ? 1f : 0f;
        }
        return new FeatureMatrix(rows, new[] { "x", "constant", "mostly_zero", "noise" }, numeric, Array.Empty<CategoricalFeature>(), Array.Empty<long>(), label, "event");
    }

    [Fact]
    public void Same_seed_gives_the_same_test_auc_and_another_seed_does_not()
    {
        var data = SyntheticFeatures.Make(800, seed: 21);
        var test = SyntheticFeatures.Make(400, seed: 22);
        var labels = test.Label!.Select(v => (int)v).ToArray();
        double first = BinaryMetrics.Auc(Trainer.Fit(data, Quick).Predict(test), labels);
        double second = BinaryMetrics.Auc(Trainer.Fit(data, Quick).Predict(test), labels);
        var firstPredictions = Trainer.Fit(data, Quick).Predict(test);
        var otherPredictions = Trainer.Fit(data, Quick with { Seed = 6 }).Predict(test);
        Assert.Equal(first, second);
        Assert.NotEqual(firstPredictions, otherPredictions);
    }

    [Fact]
    public void Networks_built_on_another_thread_during_a_seeded_training_do_not_change_it()
    {
        // Loading a saved model builds a network, which draws first weights from libtorch's one generator. A test (or a
        // notebook cell) doing so beside a training once shifted the training's draws: same seed, another model.
        var data = SyntheticFeatures.Make(800, seed: 21);
        var test = SyntheticFeatures.Make(400, seed: 22);
        var alone = Trainer.Fit(data, Quick).Predict(test);
        var shape = Trainer.Fit(data, Quick with { Epochs = 1 }).Network.Shape;
        using var stop = new CancellationTokenSource();
        int built = 0;
        var builder = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var network = new TabularNetwork(shape);
                built++;
            }
        });
        builder.Start();
        double[] beside;
        try { beside = Trainer.Fit(data, Quick).Predict(test); }
        finally { stop.Cancel(); builder.Join(); }
        Assert.True(built > 0);
        Assert.Equal(alone, beside);
    }

    [Fact]
    public void Encoding_has_the_documented_width_and_no_nan_for_constant_and_mostly_zero_columns()
    {
        var data = Awkward(500, 3);
        var trained = Trainer.Fit(data, Quick with { Epochs = 2 });
        var network = trained.Network;
        var shape = network.Shape;
        Assert.Equal(4 * (1 + 8), shape.InputWidth);
        Assert.Equal(shape.InputWidth, shape.InputOwners().Count);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var embedded = network.Embed(data.NumericTensor(), data.CategoricalTensor());
        Assert.Equal(new long[] { 500, shape.InputWidth }, embedded.shape);
        var values = embedded.data<float>().ToArray();
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        // The constant column carries no information: its scaled value and every one of its bins encode as 0.
        var owners = shape.InputOwners();
        for (int r = 0; r < 500; r++)
            for (int d = 0; d < owners.Count; d++)
                if (owners[d] == 1) Assert.Equal(0f, values[r * owners.Count + d]);
        // Numbers far outside the training range are softly clipped: the scaled part stays within ±3.
        var extreme = torch.tensor(new float[] { 1e6f, 3.5f, 1e6f, -1e6f }, new long[] { 1, 4 });
        var far = network.Embed(extreme, torch.zeros(new long[] { 1, 0 }, dtype: torch.int64)).data<float>().ToArray();
        Assert.All(far, v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= 3.0001, $"{v}"));
        Assert.All(trained.Predict(data), p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public void Ensemble_members_make_different_predictions_and_the_model_averages_their_probabilities()
    {
        var data = SyntheticFeatures.Make(600, seed: 8);
        var network = Trainer.Fit(data, Quick).Network;
        Assert.Equal(8, network.Shape.Members);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var embedded = network.Embed(data.NumericTensor(), data.CategoricalTensor());
        var members = network.MemberLogits(embedded);
        Assert.Equal(new long[] { 8, 600 }, members.shape);
        var logits = members.data<float>().ToArray();
        for (int k = 1; k < 8; k++)
            Assert.True(Enumerable.Range(0, 600).Max(r => Math.Abs(logits[k * 600 + r] - logits[r])) > 1e-3, $"member {k} predicts as member 0");
        var combined = network.FromEmbedded(embedded).data<float>().ToArray();
        for (int r = 0; r < 600; r += 97)
        {
            double meanP = Enumerable.Range(0, 8).Average(k => 1 / (1 + Math.Exp(-logits[k * 600 + r])));
            Assert.Equal(Math.Log(meanP / (1 - meanP)), combined[r], 3);
        }
    }

    [Fact]
    public void Early_stopping_restores_the_weights_of_the_best_epoch()
    {
        var data = SyntheticFeatures.Make(700, seed: 12);
        var settings = Quick with { Epochs = 12, Patience = 3, LearningRate = 0.02 };
        var trained = Trainer.Fit(data, settings);
        Assert.InRange(trained.BestEpoch, 1, trained.History.Count);
        Assert.Equal(trained.History.Max(h => h.ValidationAuc), trained.History[trained.BestEpoch - 1].ValidationAuc);
        // The same validation rows the trainer held back (its random stream starts with the holdout).
        var (_, holdout) = Trainer.StratifiedHoldout(data.Label!, settings.ValidationShare, new Random(settings.Seed!.Value));
        var validation = data.Take(holdout);
        double auc = BinaryMetrics.Auc(trained.Predict(validation), validation.Label!.Select(v => (int)v).ToArray());
        Assert.Equal(trained.History[trained.BestEpoch - 1].ValidationAuc, auc, 6);
    }

    [Fact]
    public void Learner_runs_any_module_with_its_callbacks_and_restores_the_best_epoch()
    {
        using var seeded = TorchRandomness.Seeded(1);
        var model = torch.nn.Linear(2, 1);
        using var optimizer = new FlatAdam(model.parameters(), 0.05, 0);
        using var x = torch.randn(64, 2);
        using var y = torch.randn(64, 1);
        var scores = new Queue<double>(new[] { 0.5, 0.9, 0.6, 0.7, 0.8 });
        Dictionary<string, float[]>? atBest = null;
        var reported = new List<int>();
        var stopping = new EarlyStopping(patience: 3);
        var learner = new Learner(model, optimizer,
            batch => torch.nn.functional.mse_loss(model.forward(batch[0]), batch[1]),
            () =>
            {
                double score = scores.Dequeue();
                if (score == 0.9) atBest = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
                return (1 - score, score);
            },
            stopping, new ReportProgress(new Recorder(reported)));
        learner.Fit(new[] { x, y }, epochs: 10, batchSize: 16, new Random(1));
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, reported);  // stopped 3 epochs after the best
        Assert.Equal(2, stopping.BestEpoch);
        foreach (var (name, value) in model.state_dict())
            Assert.Equal(atBest![name], value.data<float>().ToArray());
    }

    [Fact]
    public void A_saved_default_model_loads_and_scores_identically()
    {
        var (customers, _) = Csv.Load(Path.Combine(RepoPaths.DataSamples, "customers.csv"));
        var split = SampleBankPrediction.ChurnRecipe(customers).SplitTrainTest(0.2, stratifyBy: "churned_next_90d", seed: 42);
        var model = Patterns.Prediction.Of(split, "churned_next_90d").WithDeepModel(hidden: new[] { 32 }, epochs: 2).WithSeed(4).Train().Deep;
        Assert.Equal(8, model.Network.Shape.Members);
        string folder = RunnerProcess.TempFolder();
        var loaded = TrainedPrediction.Load(model.Save(Path.Combine(folder, "churn.fnd")));
        Assert.Equal(model.Network.Shape.NumericBins, loaded.Network.Shape.NumericBins);
        Assert.Equal(model.Score(split.RawTest), loaded.Score(split.RawTest));
    }

    private sealed class Recorder(List<int> epochs) : IProgress<EpochRecord>
    {
        public void Report(EpochRecord value) => epochs.Add(value.Epoch);
    }
}
