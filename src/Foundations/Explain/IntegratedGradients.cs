using System.Globalization;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Explain;

/// <summary>
/// Per-customer attributions from integrated gradients: how much each original column moved the log-odds away from
/// the average customer's. Attributions of a categorical column are summed over its embedding dimensions.
/// </summary>
public sealed class Attributions : IHtmlReport
{
    internal Attributions(IReadOnlyList<string> features, IReadOnlyList<int> rows, double[][] values, double[] logits, double baselineLogit)
    {
        Features = features;
        Rows = rows;
        Values = values;
        Logits = logits;
        BaselineLogit = baselineLogit;
    }

    /// <summary>Original column names, numeric first then categorical.</summary>
    public IReadOnlyList<string> Features { get; }
    /// <summary>Which rows of the matrix were explained.</summary>
    public IReadOnlyList<int> Rows { get; }
    /// <summary>Values[i][j]: log-odds contributed by feature j for explained row i; each row sums to Logits[i] − BaselineLogit.</summary>
    public double[][] Values { get; }
    /// <summary>The model's log-odds for each explained row (after the class-weight correction).</summary>
    public double[] Logits { get; }
    /// <summary>The log-odds of the average customer (the reference every attribution is measured from).</summary>
    public double BaselineLogit { get; }

    /// <summary>The <paramref name="top"/> inputs that moved explained row <paramref name="index"/> most, with their signed effect.</summary>
    public IReadOnlyList<(string Feature, double Effect)> TopFor(int index, int top = 5) =>
        Values[index].Select((v, j) => (Features[j], v)).OrderByDescending(x => Math.Abs(x.v)).Take(top).ToArray();

    public string ToHtml()
    {
        var ci = CultureInfo.InvariantCulture;
        var rows = Enumerable.Range(0, Rows.Count).Select(i => new object?[]
        {
            Rows[i], (1 / (1 + Math.Exp(-Logits[i]))).ToString("P1", ci),
            string.Join("; ", TopFor(i, 4).Select(t => $"{t.Feature} {t.Effect.ToString("+0.00;-0.00", ci)}")),
        });
        return "<div class=\"fn-attributions\"><h4>Why these customers got their scores (integrated gradients)</h4>"
            + $"<p>Effects are in log-odds against the average customer (probability {(1 / (1 + Math.Exp(-BaselineLogit))).ToString("P1", ci)}); positive pushes the risk up.</p>"
            + Html.Table(new[] { "row", "probability", "largest effects" }, rows) + "</div>";
    }
}

/// <summary>Integrated gradients for the deep tabular network, in the embedded input space, summed back to original columns.</summary>
public static class IntegratedGradients
{
    /// <summary>
    /// Attributions for the given <paramref name="rows"/> of <paramref name="features"/>; the reference point is the mean
    /// embedded input over all rows of <paramref name="background"/> (default: <paramref name="features"/>).
    /// </summary>
    public static Attributions Compute(TrainedNetwork model, FeatureMatrix features, IReadOnlyList<int> rows, FeatureMatrix? background = null, int steps = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Use at least 2 integration steps.");
        foreach (var r in rows)
            if (r < 0 || r >= features.Rows) throw new ArgumentOutOfRangeException(nameof(rows), r, $"Row {r} is outside the matrix (0 to {features.Rows - 1}).");
        background ??= features;
        var network = model.Network;
        network.eval();
        var subset = features.Take(rows);
        using var scope = torch.NewDisposeScope();
        Tensor x, reference;
        using (torch.no_grad())
        {
            x = network.Embed(subset.NumericTensor(), subset.CategoricalTensor()).detach();
            reference = network.Embed(background.NumericTensor(), background.CategoricalTensor()).mean(new long[] { 0 }, keepdim: true).detach();
        }
        var delta = x - reference;
        var total = torch.zeros_like(x);
        // Midpoint rule along the straight path from the reference to each customer.
        for (int s = 0; s < steps; s++)
        {
            using var stepScope = torch.NewDisposeScope();
            double alpha = (s + 0.5) / steps;
            var point = (reference + delta * alpha).detach().requires_grad_(true);
            var output = network.FromEmbedded(point).sum();
            var grad = torch.autograd.grad(new[] { output }, new[] { point })[0];
            total.add_(grad.detach());
        }
        var attribution = (delta * total / steps).data<float>().ToArray();
        double[] logits, baseLogit;
        using (torch.no_grad())
        {
            logits = network.FromEmbedded(x).data<float>().Select(v => v + model.LogitOffset).ToArray();
            baseLogit = network.FromEmbedded(reference).data<float>().Select(v => v + model.LogitOffset).ToArray();
        }

        // Map each embedded dimension back to its original column.
        int p = features.NumericColumns.Count;
        var owner = new List<int>();
        for (int j = 0; j < p; j++) owner.Add(j);
        for (int k = 0; k < features.CategoricalColumns.Count; k++)
            for (int d = 0; d < NetworkShape.EmbeddingWidth(features.CategoricalColumns[k].Cardinality); d++) owner.Add(p + k);
        int width = owner.Count, columns = p + features.CategoricalColumns.Count;
        var values = new double[rows.Count][];
        for (int i = 0; i < rows.Count; i++)
        {
            values[i] = new double[columns];
            for (int d = 0; d < width; d++) values[i][owner[d]] += attribution[i * width + d];
        }
        return new Attributions(features.FeatureNames.ToArray(), rows.ToArray(), values, logits, baseLogit[0]);
    }
}
