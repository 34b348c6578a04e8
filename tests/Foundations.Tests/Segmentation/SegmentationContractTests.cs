using Foundations.Data;
using Foundations.Patterns;
using Foundations.Training;
using static TorchSharp.torch;

namespace Foundations.Tests.Segmentation;

/// <summary>The segmentation side of the one pattern contract: Of learns nothing, Train fits everything, the model hands out managed data.</summary>
[Trait("Speed", "Slow")]
public class SegmentationContractTests
{
    [Fact]
    public void Of_a_customer_table_learns_nothing_and_Train_fits_the_recipe()
    {
        // The recipe refuses a one-row table when it is fitted: Of, which only stores settings, accepts it.
        var one = SampleCustomers.Customers.Head(1);
        var setup = Patterns.Segmentation.Of(one, SampleCustomers.IdColumns, SampleCustomers.Labels).OnStandardizedFeatures();
        var error = Assert.Throws<ArgumentException>(() => setup.Train());
        Assert.Contains("at least 2", error.Message);
    }

    [Fact]
    public void Represent_returns_managed_rows_that_Assign_agrees_with()
    {
        var rng = new Random(4);
        var values = Enumerable.Range(0, 120).SelectMany(i => new[] { (float)((i < 60 ? 0 : 6) + rng.NextDouble()), (float)rng.NextDouble() }).ToArray();
        var features = new FeatureMatrix(120, new[] { "balance", "logins" }, values, Array.Empty<CategoricalFeature>(), Array.Empty<long>());
        var result = Patterns.Segmentation.Of(features).OnStandardizedFeatures().Cluster(Segments.Exactly(2), restarts: 2).WithStability(0).WithSeed(1).OnDevice(CPU).Train();
        using var model = result.Model;
        float[] rows = model.Represent(features);
        Assert.Equal(120 * model.Dimensions, rows.Length);
        // The nearest centre of each managed row is the segment Assign gives.
        var centres = model.Centroids.ToArray();
        int Nearest(int r) => Enumerable.Range(0, model.K).MinBy(k =>
            Enumerable.Range(0, model.Dimensions).Sum(j => Math.Pow(rows[r * model.Dimensions + j] - centres[k * model.Dimensions + j], 2))) + 1;
        Assert.Equal(model.Assign(features), Enumerable.Range(0, 120).Select(Nearest).ToArray());
    }

    [Fact]
    public void A_diverging_autoencoder_throws_the_one_divergence_exception()
    {
        var setup = Patterns.Segmentation.Of(SampleCustomers.Customers.Head(300), SampleCustomers.IdColumns, SampleCustomers.Labels)
            .Embed(dimensions: 2, epochs: 3, learningRate: 1e38).Cluster(Segments.Exactly(2), restarts: 1).WithStability(0).WithSeed(1).OnDevice(CPU);
        var error = Assert.Throws<TrainingDivergedException>(() => setup.Train());
        Assert.Contains("learningRate", error.Message);
    }
}
