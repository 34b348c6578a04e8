using Foundations.Data;
using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Explanation;

/// <summary>One customer's attribution: how much each original column moved the log-odds from an average customer's.</summary>
public sealed record Attribution(int Row, double Logit, double BaselineLogit, IReadOnlyList<(string Feature, double Effect)> Effects);

/// <summary>
/// Integrated gradients for the tabular network. The path runs from a baseline (every numeric input at its training
/// average, every category at the unseen code) to the customer, through the embedding space; the attributions of an
/// embedding's dimensions are summed back to the column they came from, so a banker reads one number per column.
/// </summary>
public static class IntegratedGradients
{
    /// <summary>Attributions for every row of <paramref name="rows"/> (keep it small: steps × rows forward passes).</summary>
    public static IReadOnlyList<Attribution> For(TrainedNetwork model, FeatureMatrix rows, int steps = 32)
    {
        var network = model.Network;
        var shape = network.Shape;
        var names = rows.FeatureNames.ToArray();
        // Which input dimensions belong to which original column.
        var owner = shape.InputOwners();

        using var scope = torch.NewDisposeScope();
        var embedded = network.Embed(rows.NumericTensor(), rows.CategoricalTensor()).detach();
        var baseline = network.Embed(torch.zeros(rows.Rows, shape.NumericInputs), torch.zeros(new long[] { rows.Rows, shape.Cardinalities.Count }, dtype: torch.int64)).detach();
        var difference = embedded - baseline;
        var gradientSum = torch.zeros_like(embedded);
        for (int k = 0; k < steps; k++)
        {
            double alpha = (k + 0.5) / steps; // midpoint rule
            var x = baseline.PlusScaled(difference, alpha).detach().requires_grad_(true);
            network.FromEmbedded(x).sum().backward();
            gradientSum.PlusInPlace(x.grad!.detach());
        }
        network.zero_grad();
        var attributions = (difference * gradientSum).DividedBy(steps).data<float>().ToArray();
        float[] logits, baseLogits;
        using (torch.no_grad())
        {
            logits = network.FromEmbedded(embedded).data<float>().ToArray();
            baseLogits = network.FromEmbedded(baseline).data<float>().ToArray();
        }
        int width = owner.Count;
        var result = new List<Attribution>();
        for (int r = 0; r < rows.Rows; r++)
        {
            var perColumn = new double[names.Length];
            for (int d = 0; d < width; d++) perColumn[owner[d]] += attributions[r * width + d];
            result.Add(new Attribution(r, logits[r] + model.LogitOffset, baseLogits[r] + model.LogitOffset, names.Select((n, j) => (n, perColumn[j])).OrderByDescending(e => Math.Abs(e.Item2)).ToArray()));
        }
        return result;
    }
}
