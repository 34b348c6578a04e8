using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Tests.Training;

public class OptimiserAndDropoutTests
{
    [Fact]
    public void Flat_Adam_takes_the_steps_of_Adam_with_weight_decay_as_written_in_the_paper()
    {
        // TorchSharp's own Adam is no reference here: it makes its step sizes as Scalars the GC may free mid-call (#15).
        const double lr = 0.01, decay = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        using var seeded = TorchRandomness.Seeded(5);
        using var start = torch.randn(12);
        using var target = torch.randn(12);
        var weights = new TorchSharp.Modules.Parameter(start.clone());
        using var adam = new FlatAdam(new[] { weights }, lr, decay);

        var expected = start.data<float>().Select(v => (double)v).ToArray();
        var m = new double[expected.Length];
        var v = new double[expected.Length];
        for (int step = 1; step <= 6; step++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = (weights - target).Squared().sum();
            adam.ZeroGrad();
            loss.backward();
            var gradient = weights.grad!.data<float>().ToArray();
            adam.Step();
            for (int i = 0; i < expected.Length; i++)
            {
                double g = gradient[i] + decay * expected[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(beta1, step)), vHat = v[i] / (1 - Math.Pow(beta2, step));
                expected[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }
        var actual = weights.detach().data<float>().ToArray();
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 5);
        Assert.NotEqual(start.data<float>().ToArray(), actual); // it moved
    }

    [Fact]
    public void Seeded_dropout_drops_the_share_asked_scales_the_rest_and_passes_through_in_evaluation()
    {
        var dropout = new SeededDropout(0.2);
        using var ones = torch.ones(1000, 100);
        float[] Mask()
        {
            using var seeded = TorchRandomness.Seeded(9);
            var fresh = new SeededDropout(0.2);
            fresh.train();
            using var first = fresh.forward(ones);
            using var second = fresh.forward(ones);
            return first.data<float>().ToArray().Concat(second.data<float>().ToArray()).ToArray();
        }

        var mask = Mask();
        double dropped = mask.Count(v => v == 0) / (double)mask.Length;
        Assert.InRange(dropped, 0.195, 0.205);
        Assert.All(mask, v => Assert.True(v == 0f || v == 1.25f));
        // Same seed, same masks; and two batches do not share one mask.
        Assert.Equal(mask, Mask());
        Assert.NotEqual(mask.Take(100_000), mask.Skip(100_000));

        dropout.eval();
        using var passed = dropout.forward(ones);
        Assert.All(passed.data<float>().ToArray(), v => Assert.Equal(1f, v));
    }
}
