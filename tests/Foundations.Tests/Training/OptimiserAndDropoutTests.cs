using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Tests.Training;

public class OptimiserAndDropoutTests
{
    [Fact]
    public void Flat_Adam_takes_the_same_steps_as_TorchSharps_Adam()
    {
        float[] TrainFor(bool flat)
        {
            using var seeded = TorchRandomness.Seeded(5);
            var network = new TabularNetwork(new NetworkShape(6, new[] { 4 }, new[] { 8, 4 }, 0));
            using var x = torch.randn(32, 6);
            using var codes = torch.randint(4, new long[] { 32, 1 }, dtype: ScalarType.Int64);
            using var y = (torch.rand(32) > 0.5).to_type(ScalarType.Float32);
            var flatAdam = flat ? new FlatAdam(network.parameters(), 0.01, 1e-3) : null;
            var adam = flat ? null : torch.optim.Adam(network.parameters(), lr: 0.01, weight_decay: 1e-3);
            for (int step = 0; step < 5; step++)
            {
                using var scope = torch.NewDisposeScope();
                var loss = nn.functional.binary_cross_entropy_with_logits(network.forward(x, codes), y);
                if (flat) flatAdam!.ZeroGrad(); else adam!.zero_grad();
                loss.backward();
                if (flat) flatAdam!.Step(); else adam!.step();
            }
            using var all = torch.cat(network.parameters().Select(p => p.detach().flatten()).ToList());
            return all.data<float>().ToArray();
        }

        var ours = TrainFor(flat: true);
        var torchSharp = TrainFor(flat: false);
        Assert.Equal(torchSharp.Length, ours.Length);
        Assert.Equal(torchSharp, ours);
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
