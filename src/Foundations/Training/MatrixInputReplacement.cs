using Foundations.Data;

namespace Foundations.Training;

/// <summary>
/// Any model's probabilities with one input replaced (<see cref="InputReplacement"/>'s operations for a model that is
/// only a scoring function: the scorecard, the logistic regression, trees). One private copy of the matrix backs every
/// replacement: the input is changed in place, scored and put back, instead of a fresh copy of rows × inputs per input
/// (gigabytes on a file with hundreds of columns).
/// </summary>
internal sealed class MatrixInputReplacement
{
    private readonly Func<FeatureMatrix, double[]> _score;
    private readonly FeatureMatrix _original, _changed;
    private readonly float[] _numeric;
    private readonly long[] _categorical;
    private readonly int _p, _c;

    public MatrixInputReplacement(Func<FeatureMatrix, double[]> score, FeatureMatrix features)
    {
        _score = score;
        _original = features;
        _numeric = features.CopyNumeric();
        _categorical = features.CopyCategorical();
        _changed = new FeatureMatrix(features.Rows, features.NumericColumns, _numeric, features.CategoricalColumns, _categorical, features.Label, features.LabelColumn);
        (_p, _c) = (features.NumericColumns.Count, features.CategoricalColumns.Count);
    }

    /// <summary>The rows' probabilities with nothing replaced.</summary>
    public double[] Unchanged() => _score(_original);

    /// <summary>The probabilities with <paramref name="input"/> (numeric first, then categorical) at the training average: 0 after standardizing, code 0.</summary>
    public double[] Occluded(int input) => Replaced(input, _ => 0f, _ => 0);

    /// <summary>The probabilities with <paramref name="input"/> of row r taken from row <paramref name="order"/>[r].</summary>
    public double[] Permuted(int input, int[] order)
    {
        if (order.Length != _original.Rows) throw new ArgumentException($"order has {order.Length} rows, expected {_original.Rows}.", nameof(order));
        return Replaced(input, r => _original.Numeric[order[r] * _p + input], r => _original.Categorical[order[r] * _c + input - _p]);
    }

    /// <summary>The probabilities with numeric <paramref name="input"/> set to <paramref name="value"/> in every row: one point of a partial dependence curve.</summary>
    public double[] Fixed(int input, float value)
    {
        if (input < 0 || input >= _p) throw new ArgumentOutOfRangeException(nameof(input), input, $"a numeric input is 0 to {_p - 1}.");
        return Replaced(input, _ => value, _ => 0);
    }

    private double[] Replaced(int input, Func<int, float> number, Func<int, long> code)
    {
        int rows = _original.Rows;
        for (int r = 0; r < rows; r++)
        {
            if (input < _p) _numeric[r * _p + input] = number(r);
            else _categorical[r * _c + input - _p] = code(r);
        }
        var scores = _score(_changed);
        for (int r = 0; r < rows; r++)
        {
            if (input < _p) _numeric[r * _p + input] = _original.NumericSpan[r * _p + input];
            else _categorical[r * _c + input - _p] = _original.CategoricalSpan[r * _c + input - _p];
        }
        return scores;
    }
}
