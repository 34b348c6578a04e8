using System.IO.Compression;
using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Segmentation;

namespace Foundations.Tests.Reuse;

[Trait("Speed", "Slow")]
public class CustomerEncoderTests
{
    /// <summary>The first 1,200 sample customers prepared for default prediction: 80% pool, 20% test.</summary>
    private static readonly Lazy<TrainTestSplit> Split = new(() =>
        Wrangle.From(SampleCustomers.Customers.Head(1200))
            .PrepareFor("defaulted_next_12m", "customer_id", "name", "churned_next_90d")
            .SplitTrainTest(0.2, stratifyBy: "defaulted_next_12m", seed: 7));

    private static FeatureMatrix Pool => Split.Value.TrainFeatures();
    private static FeatureMatrix Test => Split.Value.TestFeatures();

    private static readonly EncoderSettings Quick = new(Dimensions: 8, Hidden: 32, Epochs: 6);

    [Fact]
    public void Same_seed_gives_the_same_encoder_and_the_same_embeddings()
    {
        using var first = CustomerEncoder.Fit(Pool, Quick, seed: 3);
        using var second = CustomerEncoder.Fit(Pool, Quick, seed: 3);
        Assert.Equal(first.Losses, second.Losses);
        Assert.Equal(first.Embed(Test), second.Embed(Test));
        Assert.Equal(Test.Rows * Quick.Dimensions, first.Embed(Test).Length);
    }

    [Fact]
    public void Masked_reconstruction_loss_falls_as_the_encoder_learns()
    {
        using var encoder = CustomerEncoder.Fit(Pool, Quick with { Epochs = 10 }, seed: 5);
        Assert.Equal(10, encoder.Losses.Count);
        Assert.True(encoder.Losses[^1] < 0.8 * encoder.Losses[0], $"loss {encoder.Losses[0]:0.000} → {encoder.Losses[^1]:0.000}");
    }

    [Fact]
    public void Saved_encoder_loads_back_with_identical_embeddings_and_its_recipe()
    {
        using var encoder = CustomerEncoder.Fit(Pool, Quick, seed: 3, recipe: Split.Value.Recipe);
        string path = Path.Combine(Path.GetTempPath(), $"encoder-{Guid.NewGuid():N}.fnd");
        try
        {
            encoder.Save(path);
            using var loaded = TrainedEncoder.Load(path);
            Assert.Equal(encoder.Embed(Test), loaded.Embed(Test));
            Assert.Equal(encoder.Settings, loaded.Settings);
            Assert.Equal(encoder.Losses, loaded.Losses);
            Assert.Equal(Split.Value.Recipe.ToJson(), loaded.Recipe!.ToJson());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Encoder_file_with_altered_weights_is_refused_naming_the_file()
    {
        using var encoder = CustomerEncoder.Fit(Pool, Quick with { Epochs = 1 }, seed: 3);
        string path = Path.Combine(Path.GetTempPath(), $"encoder-{Guid.NewGuid():N}.fnd");
        try
        {
            encoder.Save(path);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
            {
                var entry = zip.GetEntry("weights.bin")!;
                byte[] bytes;
                using (var read = entry.Open()) { var buffer = new MemoryStream(); read.CopyTo(buffer); bytes = buffer.ToArray(); }
                bytes[^1] ^= 0xFF;
                entry.Delete();
                using var write = zip.CreateEntry("weights.bin").Open();
                write.Write(bytes);
            }
            var error = Assert.Throws<InvalidDataException>(() => TrainedEncoder.Load(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("SHA-256", error.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_prediction_model_file_is_not_read_as_an_encoder()
    {
        using var encoder = CustomerEncoder.Fit(Pool, Quick with { Epochs = 1 }, seed: 3);
        string path = Path.Combine(Path.GetTempPath(), $"encoder-{Guid.NewGuid():N}.fnd");
        try
        {
            encoder.Save(path);
            var error = Assert.Throws<InvalidDataException>(() => TrainedPrediction.Load(path));
            Assert.Contains("customer encoder", error.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Embedding_refuses_features_prepared_with_other_columns()
    {
        using var encoder = CustomerEncoder.Fit(Pool, Quick with { Epochs = 1 }, seed: 3);
        var other = Wrangle.From(SampleCustomers.Customers.Head(100))
            .PrepareFor("defaulted_next_12m", "customer_id", "name", "churned_next_90d", "income")
            .SplitTrainTest(0.2, seed: 1).TrainFeatures();
        var error = Assert.Throws<ArgumentException>(() => encoder.Embed(other));
        Assert.Contains("income", error.Message);
        Assert.Equal("customers", error.ParamName);
    }

    [Fact]
    public void Mask_rate_outside_zero_to_one_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CustomerEncoder.Fit(Pool, Quick with { MaskRate = 0 }));
        Assert.Equal("MaskRate", error.ParamName);
    }

    [Fact]
    public void Fine_tuning_trains_a_copy_and_leaves_the_encoder_unchanged()
    {
        using var encoder = CustomerEncoder.Fit(Pool, Quick, seed: 3);
        var before = encoder.Embed(Test);
        var scores = TransferLearning.TrainAndScore(encoder, Pool, Test, TransferStart.FineTuned, new HeadSettings(Steps: 40), seed: 1);
        Assert.Equal(before, encoder.Embed(Test));
        Assert.Equal(Test.Rows, scores.Length);
        Assert.All(scores, p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public void Each_start_learns_default_above_chance_on_test_customers()
    {
        using var encoder = CustomerEncoder.Fit(Pool, Quick, seed: 3);
        var labels = Test.Label!.Select(v => v > 0.5f ? 1 : 0).ToArray();
        foreach (var start in Enum.GetValues<TransferStart>())
        {
            double auc = Foundations.Data.BinaryMetrics.Auc(TransferLearning.TrainAndScore(encoder, Pool, Test, start, new HeadSettings(Steps: 150), seed: 2), labels);
            Assert.True(auc > 0.65, $"{start}: test AUC {auc:0.000}");
        }
    }

    [Fact]
    public void Learning_curve_names_its_points_and_gives_an_interval_over_seeds()
    {
        using var encoder = CustomerEncoder.Fit(Pool, Quick with { Epochs = 2 }, seed: 3);
        var curve = TransferLearning.LearningCurve(encoder, Pool, Test, sizes: new[] { 250, 5000 }, seeds: 2, settings: new HeadSettings(Steps: 20, CheckEvery: 10));
        Assert.Equal(new[] { 250, Pool.Rows }, curve.Sizes); // sizes beyond the pool give way to "all"
        Assert.Equal(new[] { "auc_scratch_250", "auc_transfer_250", "auc_scratch_all", "auc_transfer_all" }, curve.Metrics.Select(m => m.Key));
        var point = curve[250, TransferStart.Scratch];
        Assert.Equal(2, point.Aucs.Count);
        double mean = point.Aucs.Average(), sd = Math.Sqrt(point.Aucs.Sum(a => (a - mean) * (a - mean)));
        Assert.Equal(mean - 12.706 * sd / Math.Sqrt(2), point.Low, 12);
        Assert.Equal(mean + 12.706 * sd / Math.Sqrt(2), point.High, 12);
        Assert.Equal(2, curve.InWords().Count);
        Assert.Contains("With 250 labelled customers", curve.InWords()[0]);
        var missing = Assert.Throws<ArgumentException>(() => curve[500, TransferStart.Scratch]);
        Assert.Contains("250", missing.Message);
    }
}
