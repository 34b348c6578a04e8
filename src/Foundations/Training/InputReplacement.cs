using Foundations.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>
/// A network's probabilities for a set of rows with one input replaced: set to the training average (occlusion, for a
/// customer's reasons), to one value (a point of a partial dependence curve) or taken from the rows in another order
/// (a shuffle, for permutation importance). The shared
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
    private readonly int _block;

    /// <summary>Embeds <paramref name="features"/> and runs the first layer of <paramref name="model"/> once.</summary>
    /// <param name="model">The trained network.</param>
    /// <param name="features">The rows, built by the model's recipe.</param>
    /// <param name="blockRows">Rows per block (tests); by default the [rows·k, first] tensors after the first layer stay near 8 MB.</param>
    public InputReplacement(TrainedNetwork model, FeatureMatrix features, int? blockRows = null)
    {
        _model = model;
        Rows = features.Rows;
        var network = model.Network;
        _block = blockRows ?? Math.Max(256, (8 << 20) / (4 * Math.Max(1, network.Shape.Members) * network.Shape.Hidden.Max()));
        // A scope of its own, the kept tensors detached from it: an enclosing scope must not free them under this object.
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _embedded = network.Embed(features.NumericTensor(), features.CategoricalTensor()).DetachFromDisposeScope(); // [rows, width]
        _weight = network.AdaptedFirstWeight().DetachFromDisposeScope();                                           // [width, k·first]
        _product = _embedded.mm(_weight).DetachFromDisposeScope();                                                 // [rows, k·first]
        // The training average in the matrix's terms: 0 for a standardized number, code 0 for a category.
        _average = network.Embed(torch.zeros(1, network.Shape.NumericInputs),
            torch.zeros(1, network.Shape.Cardinalities.Count, dtype: ScalarType.Int64)).DetachFromDisposeScope();   // [1, width]
        var owners = network.Shape.InputOwners();
        _columns = Enumerable.Range(0, network.Shape.NumericInputs + network.Shape.Cardinalities.Count)
            .Select(input => torch.tensor(Enumerable.Range(0, owners.Count).Where(d => owners[d] == input).Select(d => (long)d).ToArray()).DetachFromDisposeScope())
            .ToArray();
    }

    public int Rows { get; }

    /// <summary>The rows' probabilities with nothing replaced (the same as the network's Predict, up to float rounding).</summary>
    public double[] Unchanged()
    {
        using var noGrad = torch.no_grad();
        var result = new double[Rows];
        for (int start = 0; start < Rows; start += _block)
        {
            using var scope = torch.NewDisposeScope();
            int length = Math.Min(_block, Rows - start);
            Array.Copy(Probabilities(_model.Network.FromProduct(_product.narrow(0, start, length))), 0, result, start, length);
        }
        return result;
    }

    /// <summary>The probabilities with <paramref name="input"/> (numeric first, then categorical) set to the training average in every row.</summary>
    public double[] Occluded(int input) => Replaced(input, null, _average);

    /// <summary>The probabilities with numeric <paramref name="input"/> set to <paramref name="value"/> (in the matrix's standardized units) in every row: one point of a partial dependence curve.</summary>
    public double[] Fixed(int input, float value)
    {
        var shape = _model.Network.Shape;
        if (input < 0 || input >= shape.NumericInputs) throw new ArgumentOutOfRangeException(nameof(input), input, $"a numeric input is 0 to {shape.NumericInputs - 1}.");
        using var noGrad = torch.no_grad();
        var numeric = new float[shape.NumericInputs];
        numeric[input] = value;
        using var scope = torch.NewDisposeScope();
        var row = _model.Network.Embed(torch.tensor(numeric).reshape(1, shape.NumericInputs),
            torch.zeros(1, shape.Cardinalities.Count, dtype: ScalarType.Int64));                   // [1, width]
        return Replaced(input, null, row);
    }

    /// <summary>The probabilities with <paramref name="input"/> of row r taken from row <paramref name="order"/>[r].</summary>
    public double[] Permuted(int input, int[] order)
    {
        if (order.Length != Rows) throw new ArgumentException($"order has {order.Length} rows, expected {Rows}.", nameof(order));
        return Replaced(input, order, null);
    }

    /// <summary>Replaces <paramref name="input"/>'s columns by those of rows in <paramref name="order"/>, or else by <paramref name="row"/>'s in every row.</summary>
    private double[] Replaced(int input, int[]? order, Tensor? row)
    {
        using var noGrad = torch.no_grad();
        var result = new double[Rows];
        var columns = _columns[input];
        using var weight = _weight.index_select(0, columns);                              // [m, k·first]
        using var orderTensor = order is null ? null : torch.tensor(order.Select(r => (long)r).ToArray());
        using var inputColumns = _embedded.index_select(1, columns);                        // [rows, m]: this input's part only
        // A block of rows at a time: the layers after the first make several [rows·k, first] tensors, and past glibc's
        // 32 MB mmap ceiling each would be fresh pages again (10,000 rows of a 1,024-wide product are 41 MB).
        for (int start = 0; start < Rows; start += _block)
        {
            using var scope = torch.NewDisposeScope();
            int length = Math.Min(_block, Rows - start);
            var own = inputColumns.narrow(0, start, length);                                // [block, m]
            var replacement = orderTensor is null
                ? row!.index_select(1, columns).expand(length, columns.shape[0])
                : inputColumns.index_select(0, orderTensor.narrow(0, start, length));
            var change = replacement.sub(own).mm(weight);                                   // [block, k·first]
            var p = Probabilities(_model.Network.FromProduct(_product.narrow(0, start, length).Plus(change)));
            Array.Copy(p, 0, result, start, length);
        }
        return result;
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
