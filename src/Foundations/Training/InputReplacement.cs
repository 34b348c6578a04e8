using Foundations.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>
/// A network's probabilities for a set of rows with one input replaced: set to the training average (occlusion, for a
/// customer's reasons) or taken from the rows in another order (a shuffle, for permutation importance). The shared
/// first layer's product is computed once; replacing an input changes only its own columns of the embedded vector (its
/// scaled value and bins, or its embedding), so each replacement costs those columns' product and the layers after the
/// first instead of a whole forward pass: on a file with hundreds of inputs, where the first layer is almost all the
/// work, hundreds of times less. Holds native memory: dispose it.
/// </summary>
internal sealed class InputReplacement : IDisposable
{
    private readonly TrainedNetwork _model;
    private readonly Tensor _embedded, _weight, _product, _average;
    private readonly Tensor[] _columns;

    public InputReplacement(TrainedNetwork model, FeatureMatrix features)
    {
        _model = model;
        Rows = features.Rows;
        var network = model.Network;
        using var noGrad = torch.no_grad();
        using (var numeric = features.NumericTensor())
        using (var categorical = features.CategoricalTensor())
            _embedded = network.Embed(numeric, categorical);                            // [rows, width]
        _weight = network.AdaptedFirstWeight();                                         // [width, k·first]
        _product = _embedded.mm(_weight);                                               // [rows, k·first]
        // The training average in the matrix's terms: 0 for a standardized number, code 0 for a category.
        using (var zeros = torch.zeros(1, network.Shape.NumericInputs))
        using (var codes = torch.zeros(1, network.Shape.Cardinalities.Count, dtype: ScalarType.Int64))
            _average = network.Embed(zeros, codes);                                      // [1, width]
        var owners = network.Shape.InputOwners();
        _columns = Enumerable.Range(0, network.Shape.NumericInputs + network.Shape.Cardinalities.Count)
            .Select(input => torch.tensor(Enumerable.Range(0, owners.Count).Where(d => owners[d] == input).Select(d => (long)d).ToArray()))
            .ToArray();
    }

    public int Rows { get; }

    /// <summary>The rows' probabilities with nothing replaced (the same as the network's Predict, up to float rounding).</summary>
    public double[] Unchanged()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return Probabilities(_model.Network.FromProduct(_product));
    }

    /// <summary>The probabilities with <paramref name="input"/> (numeric first, then categorical) set to the training average in every row.</summary>
    public double[] Occluded(int input) => Replaced(input, null);

    /// <summary>The probabilities with <paramref name="input"/> of row r taken from row <paramref name="order"/>[r].</summary>
    public double[] Permuted(int input, int[] order)
    {
        if (order.Length != Rows) throw new ArgumentException($"order has {order.Length} rows, expected {Rows}.", nameof(order));
        return Replaced(input, order);
    }

    private double[] Replaced(int input, int[]? order)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var columns = _columns[input];
        var own = _embedded.index_select(1, columns);                                    // [rows, m]
        var replacement = order is null
            ? _average.index_select(1, columns).expand(Rows, columns.shape[0])
            : own.index_select(0, torch.tensor(order.Select(r => (long)r).ToArray()));
        var change = replacement.sub(own).mm(_weight.index_select(0, columns));         // [rows, k·first]
        return Probabilities(_model.Network.FromProduct(_product.Plus(change)));
    }

    private double[] Probabilities(Tensor logOdds)
    {
        var p = torch.sigmoid(logOdds.Plus(_model.LogitOffset)).data<float>().ToArray();
        return Array.ConvertAll(p, v => (double)v);
    }

    public void Dispose()
    {
        _embedded.Dispose();
        _weight.Dispose();
        _product.Dispose();
        _average.Dispose();
        foreach (var c in _columns) c.Dispose();
    }
}
