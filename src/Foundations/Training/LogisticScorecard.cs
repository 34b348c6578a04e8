using Foundations.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>One term of a scorecard: an input (a numeric column, or one category of a categorical column) and its weight in log-odds.</summary>
public sealed record ScorecardTerm(string Feature, string? Category, double Weight);

/// <summary>
/// The bank's conventional model: a logistic regression on a short list of classic features. Numeric inputs enter
/// as they are (standardized by the recipe), each category of a categorical input gets its own weight. Immutable.
/// </summary>
public sealed class LogisticScorecard
{
    private readonly int[] _numericIndex;
    private readonly int[] _categoricalIndex;
    private readonly int[] _categoryOffsets;
    private readonly double[] _weights;

    private LogisticScorecard(IReadOnlyList<string> features, int[] numericIndex, int[] categoricalIndex, int[] categoryOffsets, double[] weights, double intercept, IReadOnlyList<ScorecardTerm> terms)
    {
        Features = features;
        _numericIndex = numericIndex;
        _categoricalIndex = categoricalIndex;
        _categoryOffsets = categoryOffsets;
        _weights = weights;
        Intercept = intercept;
        Terms = terms;
    }

    /// <summary>The columns the scorecard uses.</summary>
    public IReadOnlyList<string> Features { get; }
    public double Intercept { get; }
    /// <summary>Every weight, readable as a points table.</summary>
    public IReadOnlyList<ScorecardTerm> Terms { get; }

    /// <summary>Fits on <paramref name="train"/> using only <paramref name="features"/> (names of numeric or categorical columns of the matrix).</summary>
    public static LogisticScorecard Fit(FeatureMatrix train, IReadOnlyList<string> features, double l2 = 1e-3, int? seed = null)
    {
        if (train.Label is null) throw new ArgumentException("The training matrix has no label.", nameof(train));
        var numericNames = train.NumericColumns.ToList();
        var categoricalNames = train.CategoricalColumns.Select(c => c.Name).ToList();
        foreach (var f in features)
            if (!numericNames.Contains(f) && !categoricalNames.Contains(f))
                throw new ArgumentException($"Scorecard feature '{f}' is not an input of the matrix (inputs: {string.Join(", ", train.FeatureNames)}).", nameof(features));
        var numericIndex = features.Where(numericNames.Contains).Select(f => numericNames.IndexOf(f)).ToArray();
        var categoricalIndex = features.Where(categoricalNames.Contains).Select(f => categoricalNames.IndexOf(f)).ToArray();
        var offsets = new int[categoricalIndex.Length];
        int width = numericIndex.Length;
        for (int j = 0; j < categoricalIndex.Length; j++) { offsets[j] = width; width += train.CategoricalColumns[categoricalIndex[j]].Cardinality; }

        var x = Design(train, numericIndex, categoricalIndex, offsets, width);
        using var seeded = TorchRandomness.Seeded(seed ?? Kit.Seed);
        using var scope = torch.NewDisposeScope();
        var X = torch.tensor(x, new long[] { train.Rows, width });
        var y = torch.tensor(train.Label, new long[] { train.Rows });
        var w = new TorchSharp.Modules.Parameter(torch.zeros(width));
        var b = new TorchSharp.Modules.Parameter(torch.zeros(1));
        // Full-batch L-BFGS on a convex loss: the same optimum whatever the start, so it is deterministic.
        var optimizer = torch.optim.LBFGS(new[] { w, b }.AsEnumerable<TorchSharp.Modules.Parameter>(), lr: 1, max_iter: 200);
        optimizer.step(() =>
        {
            optimizer.zero_grad();
            var loss = nn.functional.binary_cross_entropy_with_logits(X.matmul(w) + b, y) + l2 * w.pow(2).sum();
            loss.backward();
            return loss;
        });
        var weights = w.detach().data<float>().Select(v => (double)v).ToArray();
        double intercept = b.detach().item<float>();

        var terms = new List<ScorecardTerm>();
        for (int j = 0; j < numericIndex.Length; j++) terms.Add(new(numericNames[numericIndex[j]], null, weights[j]));
        for (int j = 0; j < categoricalIndex.Length; j++)
        {
            var column = train.CategoricalColumns[categoricalIndex[j]];
            for (int code = 0; code < column.Cardinality; code++)
                terms.Add(new(column.Name, code == 0 ? "(unseen)" : code - 1 < column.Categories.Count ? column.Categories[code - 1] : code.ToString(), weights[offsets[j] + code]));
        }
        return new LogisticScorecard(features.ToArray(), numericIndex, categoricalIndex, offsets, weights, intercept, terms);
    }

    /// <summary>Probability of the event for every row.</summary>
    public double[] Predict(FeatureMatrix features)
    {
        int p = features.NumericColumns.Count, c = features.CategoricalColumns.Count;
        var result = new double[features.Rows];
        for (int r = 0; r < features.Rows; r++)
        {
            double z = Intercept;
            for (int j = 0; j < _numericIndex.Length; j++) z += _weights[j] * features.Numeric[r * p + _numericIndex[j]];
            for (int j = 0; j < _categoricalIndex.Length; j++)
            {
                long code = features.Categorical[r * c + _categoricalIndex[j]];
                int cardinality = features.CategoricalColumns[_categoricalIndex[j]].Cardinality;
                if (code >= 0 && code < cardinality) z += _weights[_categoryOffsets[j] + (int)code];
            }
            result[r] = 1 / (1 + Math.Exp(-z));
        }
        return result;
    }

    private static float[] Design(FeatureMatrix m, int[] numericIndex, int[] categoricalIndex, int[] offsets, int width)
    {
        int p = m.NumericColumns.Count, c = m.CategoricalColumns.Count;
        var x = new float[m.Rows * width];
        for (int r = 0; r < m.Rows; r++)
        {
            for (int j = 0; j < numericIndex.Length; j++) x[r * width + j] = m.Numeric[r * p + numericIndex[j]];
            for (int j = 0; j < categoricalIndex.Length; j++) x[r * width + offsets[j] + (int)m.Categorical[r * c + categoricalIndex[j]]] = 1f;
        }
        return x;
    }
}
