using Foundations.Data;

namespace Foundations.Training;

/// <summary>One term of a logistic regression: an input (a numeric column, or one category of a categorical column) and its weight in log-odds.</summary>
public sealed record LogisticTerm(string Feature, string? Category, double Weight);

/// <summary>
/// A plain logistic regression on the recipe's features, the baseline any model must beat: numeric inputs enter as
/// they are (standardized by the recipe), each category of a categorical input gets its own weight. Immutable.
/// A file's categories may hold thousands of values (an amount written as text in a few rows, a customer's income
/// repeated over their months): as scikit-learn's OneHotEncoder with max_categories does, each keeps its most frequent
/// values, at most <see cref="MaxCategoryWeights"/> weights over all categorical inputs, and its rarer values share the
/// weight of unseen ones.
/// </summary>
public sealed class LogisticRegression
{
    private readonly int[] _numericIndex;
    private readonly int[] _categoricalIndex;
    private readonly int[] _categoryOffsets;
    private readonly double[] _weights;

    private LogisticRegression(IReadOnlyList<string> features, int[] numericIndex, int[] categoricalIndex, int[] categoryOffsets, double[] weights, double intercept, IReadOnlyList<LogisticTerm> terms)
    {
        Features = features;
        _numericIndex = numericIndex;
        _categoricalIndex = categoricalIndex;
        _categoryOffsets = categoryOffsets;
        _weights = weights;
        Intercept = intercept;
        Terms = terms;
    }

    /// <summary>The columns the regression uses.</summary>
    public IReadOnlyList<string> Features { get; }
    /// <summary>The log-odds of the event when every input is 0.</summary>
    public double Intercept { get; }
    /// <summary>Every weight.</summary>
    public IReadOnlyList<LogisticTerm> Terms { get; }

    /// <summary>
    /// The most weights the categorical inputs get together. One-hot columns are held dense, so 80,000 rows with 13,000
    /// income values written as text took 10 GB and ran for half an hour; 1,000 keeps a fit to seconds and leaves
    /// categories of a few hundred values (branches, merchants) whole.
    /// </summary>
    public const int MaxCategoryWeights = 1000;

    /// <summary>No categorical input is cut below this many weights to make room for the others.</summary>
    private const int MinWeightsPerCategory = 20;

    /// <summary>Fits on <paramref name="train"/> using <paramref name="features"/> (names of numeric or categorical columns of the matrix; default: all).</summary>
    public static LogisticRegression Fit(FeatureMatrix train, IReadOnlyList<string>? features = null, double l2 = 1e-3)
    {
        if (train.Label is null) throw new ArgumentException("The training matrix has no label.", nameof(train));
        features ??= train.FeatureNames.ToArray();
        var numericNames = train.NumericColumns.ToList();
        var categoricalNames = train.CategoricalColumns.Select(c => c.Name).ToList();
        foreach (var f in features)
            if (!numericNames.Contains(f) && !categoricalNames.Contains(f))
                throw new ArgumentException($"Feature '{f}' is not an input of the matrix (inputs: {string.Join(", ", train.FeatureNames)}).", nameof(features));
        var numericIndex = features.Where(numericNames.Contains).Select(f => numericNames.IndexOf(f)).ToArray();
        var categoricalIndex = features.Where(categoricalNames.Contains).Select(f => categoricalNames.IndexOf(f)).ToArray();
        var offsets = new int[categoricalIndex.Length];
        int cap = LevelsPerCategory(categoricalIndex.Select(i => train.CategoricalColumns[i].Cardinality).ToArray());
        int width = numericIndex.Length;
        for (int j = 0; j < categoricalIndex.Length; j++) { offsets[j] = width; width += Math.Min(cap, train.CategoricalColumns[categoricalIndex[j]].Cardinality); }

        var x = Design(train, numericIndex, categoricalIndex, offsets, width);
        var (weights, intercept) = NewtonFit(x, train.Label, train.Rows, width, l2);

        var terms = new List<LogisticTerm>();
        for (int j = 0; j < numericIndex.Length; j++) terms.Add(new(numericNames[numericIndex[j]], null, weights[j]));
        for (int j = 0; j < categoricalIndex.Length; j++)
        {
            var column = train.CategoricalColumns[categoricalIndex[j]];
            int block = Math.Min(cap, column.Cardinality);
            for (int code = 0; code < block; code++)
                terms.Add(new(column.Name, code == 0 ? (block < column.Cardinality ? "(unseen or rarer)" : "(unseen)") : code - 1 < column.Categories.Count ? column.Categories[code - 1] : code.ToString(), weights[offsets[j] + code]));
        }
        return new LogisticRegression(features.ToArray(), numericIndex, categoricalIndex, offsets, weights, intercept, terms);
    }

    /// <summary>
    /// The most weights any one categorical input gets: every category whole when they fit in <see cref="MaxCategoryWeights"/>,
    /// else the largest cap under which they do (the smaller inputs stay whole), never below <see cref="MinWeightsPerCategory"/>.
    /// </summary>
    internal static int LevelsPerCategory(IReadOnlyList<int> cardinalities)
    {
        if (cardinalities.Count == 0 || cardinalities.Sum(c => (long)c) <= MaxCategoryWeights) return int.MaxValue;
        int cap = MinWeightsPerCategory;
        for (int low = MinWeightsPerCategory, high = cardinalities.Max(); low <= high;)
        {
            int mid = low + (high - low) / 2;
            if (cardinalities.Sum(c => (long)Math.Min(c, mid)) <= MaxCategoryWeights) { cap = mid; low = mid + 1; }
            else high = mid - 1;
        }
        return cap;
    }

    /// <summary>The weight of <paramref name="code"/> in a block of <paramref name="block"/> weights: codes are most frequent first, so one beyond the block is a rarer value and shares the unseen weight (0).</summary>
    private static int Slot(long code, int block) => code >= 0 && code < block ? (int)code : 0;

    /// <summary>Everything the regression learned, as plain data for a model file.</summary>
    internal LogisticState State => new(Features.ToArray(), _numericIndex, _categoricalIndex, _categoryOffsets, _weights, Intercept, Terms.ToArray());

    /// <summary>Rebuilds a regression from <see cref="State"/>, checking that its indices and weights agree.</summary>
    internal static LogisticRegression FromState(LogisticState s)
    {
        if (s.Features is null || s.NumericIndex is null || s.CategoricalIndex is null || s.CategoryOffsets is null || s.Weights is null || s.Terms is null)
            throw new InvalidDataException("the logistic regression lacks its features, indices, weights or terms");
        if (s.CategoryOffsets.Length != s.CategoricalIndex.Length || s.NumericIndex.Length + s.CategoricalIndex.Length != s.Features.Length
            || s.Terms.Length != s.Weights.Length || s.CategoryOffsets.Any(o => o < 0 || o >= s.Weights.Length) || s.NumericIndex.Length > s.Weights.Length
            || s.Terms.Any(t => t is null) || !Blocks(s))
            throw new InvalidDataException("the logistic regression's indices, offsets and weights do not agree");
        if (!double.IsFinite(s.Intercept) || s.Weights.Any(w => !double.IsFinite(w)))
            throw new InvalidDataException("the logistic regression holds a weight that is not a finite number");
        return new LogisticRegression(s.Features, s.NumericIndex, s.CategoricalIndex, s.CategoryOffsets, s.Weights, s.Intercept, s.Terms);
    }

    // The numeric weights come first, then one block of weights per categorical input, in order.
    private static bool Blocks(LogisticState s)
    {
        for (int j = 0; j < s.CategoryOffsets.Length; j++)
            if (j == 0 ? s.CategoryOffsets[0] != s.NumericIndex.Length : s.CategoryOffsets[j] <= s.CategoryOffsets[j - 1]) return false;
        return true;
    }

    /// <summary>
    /// A matrix built by another recipe would put other columns under the weights: each index must hold the column the
    /// weight was fitted on, and a categorical input as many codes as its block of weights.
    /// </summary>
    private void CheckInputs(FeatureMatrix features)
    {
        string? wrong = null;
        for (int j = 0; j < _numericIndex.Length && wrong is null; j++)
        {
            int i = _numericIndex[j];
            if (i < 0 || i >= features.NumericColumns.Count || features.NumericColumns[i] != Terms[j].Feature) wrong = Terms[j].Feature;
        }
        for (int j = 0; j < _categoricalIndex.Length && wrong is null; j++)
        {
            int i = _categoricalIndex[j], offset = _categoryOffsets[j], end = j + 1 < _categoryOffsets.Length ? _categoryOffsets[j + 1] : _weights.Length;
            // A block smaller than the input's codes is a capped one (its rarer codes share the unseen weight); larger is another recipe's.
            if (i < 0 || i >= features.CategoricalColumns.Count || features.CategoricalColumns[i].Name != Terms[offset].Feature
                || features.CategoricalColumns[i].Cardinality < end - offset) wrong = Terms[offset].Feature;
        }
        if (wrong is not null)
            throw new ArgumentException($"The logistic regression's input '{wrong}' is not where it was fitted in this matrix (inputs: {string.Join(", ", features.FeatureNames)}). Build it with the model's fitted recipe.", nameof(features));
    }

    /// <summary>Probability of the event for every row.</summary>
    public double[] Predict(FeatureMatrix features)
    {
        CheckInputs(features);
        int p = features.NumericColumns.Count, c = features.CategoricalColumns.Count;
        var result = new double[features.Rows];
        for (int r = 0; r < features.Rows; r++)
        {
            double z = Intercept;
            for (int j = 0; j < _numericIndex.Length; j++) z += _weights[j] * features.NumericSpan[r * p + _numericIndex[j]];
            for (int j = 0; j < _categoricalIndex.Length; j++)
            {
                long code = features.CategoricalSpan[r * c + _categoricalIndex[j]];
                int block = (j + 1 < _categoryOffsets.Length ? _categoryOffsets[j + 1] : _weights.Length) - _categoryOffsets[j];
                if (code >= 0) z += _weights[_categoryOffsets[j] + Slot(code, block)];
            }
            result[r] = 1 / (1 + Math.Exp(-z));
        }
        return result;
    }

    /// <summary>
    /// Minimises mean log loss + <paramref name="l2"/>·|w|² by Newton's method in double precision: the loss is convex, so
    /// this reaches the one optimum in a few exact steps, with no random start and no libtorch optimiser.
    /// </summary>
    internal static (double[] Weights, double Intercept) NewtonFit(float[] x, IReadOnlyList<float> label, int rows, int width, double l2, double[]? penalties = null)
    {
        penalties ??= Enumerable.Repeat(l2, width).ToArray();
        int d = width + 1; // the intercept is the last coordinate, not penalised
        var theta = new double[d];
        var gradient = new double[d];
        var hessian = new double[d * d];
        var nonZero = new int[d];
        var row = new double[d];
        double Loss(double[] t)
        {
            double sum = 0, penalty = 0;
            for (int r = 0; r < rows; r++)
            {
                double v = t[width];
                for (int j = 0; j < width; j++) v += t[j] * x[r * width + j];
                // log(1 + e^v) − y·v, written to stay finite for large |v|
                sum += Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v))) - label[r] * v;
            }
            for (int j = 0; j < width; j++) penalty += penalties[j] * t[j] * t[j];
            return sum / rows + penalty;
        }
        double loss = Loss(theta);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            Array.Clear(gradient);
            Array.Clear(hessian);
            for (int r = 0; r < rows; r++)
            {
                double v = theta[width];
                for (int j = 0; j < width; j++) v += theta[j] * x[r * width + j];
                double p = 1 / (1 + Math.Exp(-v)), residual = p - label[r], w = p * (1 - p);
                // Only the row's non-zero inputs touch the Hessian: one-hot categories are mostly zero, so a row costs
                // (non-zeros)² rather than width², which keeps many categories affordable.
                int count = 0;
                long denseCost = 0;
                for (int j = 0; j < width; j++)
                    if (x[r * width + j] != 0) { nonZero[count++] = j; denseCost += j + 1; }
                nonZero[count++] = width; // the intercept
                denseCost += d;
                for (int a = 0; a < count; a++)
                {
                    int j = nonZero[a];
                    gradient[j] += residual * (j < width ? x[r * width + j] : 1);
                }
                // A mostly dense row (numbers, WoE codes) adds w·x·xᵀ faster as whole Hessian rows in SIMD; zeros add
                // nothing, and each entry gets the same product in the same row order, so the result is the same to the bit.
                if (denseCost < (long)count * count * 2)
                {
                    for (int j = 0; j < width; j++) row[j] = x[r * width + j];
                    row[width] = 1;
                    for (int a = 0; a < count; a++)
                    {
                        int j = nonZero[a];
                        AddScaled(hessian.AsSpan(j * d, j + 1), w * row[j], row.AsSpan(0, j + 1));
                    }
                    continue;
                }
                for (int a = 0; a < count; a++)
                {
                    int j = nonZero[a];
                    double xj = j < width ? x[r * width + j] : 1;
                    for (int b = 0; b <= a; b++)
                    {
                        int k = nonZero[b];
                        double xk = k < width ? x[r * width + k] : 1;
                        hessian[j * d + k] += w * xj * xk;
                    }
                }
            }
            for (int j = 0; j < d; j++)
            {
                gradient[j] /= rows;
                for (int k = 0; k <= j; k++) hessian[k * d + j] = hessian[j * d + k] /= rows;
                if (j < width) { gradient[j] += 2 * penalties[j] * theta[j]; hessian[j * d + j] += 2 * penalties[j]; }
            }
            var step = SolveSymmetric(hessian, gradient, d);
            // Halve the step until the loss falls: Newton can overshoot far from the optimum.
            double scale = 1, next;
            var candidate = new double[d];
            do
            {
                for (int j = 0; j < d; j++) candidate[j] = theta[j] - scale * step[j];
                next = Loss(candidate);
                scale /= 2;
            } while (next > loss && scale > 1e-6);
            if (next > loss) break;
            double change = 0;
            for (int j = 0; j < d; j++) change = Math.Max(change, Math.Abs(candidate[j] - theta[j]));
            (theta, loss) = (candidate, next);
            if (change < 1e-10) break;
        }
        return (theta[..width], theta[width]);
    }

    /// <summary>target += scale · source, element by element (a multiply then an add, as the scalar loop does: no fused multiply-add).</summary>
    private static void AddScaled(Span<double> target, double scale, ReadOnlySpan<double> source)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var factor = new System.Numerics.Vector<double>(scale);
            int width = System.Numerics.Vector<double>.Count;
            for (; i <= target.Length - width; i += width)
                (new System.Numerics.Vector<double>(target[i..]) + factor * new System.Numerics.Vector<double>(source[i..])).CopyTo(target[i..]);
        }
        for (; i < target.Length; i++) target[i] += scale * source[i];
    }

    /// <summary>Solves H·s = g for a symmetric positive-definite H by Cholesky, with a tiny ridge if H is only semi-definite.</summary>
    private static double[] SolveSymmetric(double[] h, double[] g, int d)
    {
        for (double ridge = 0; ; ridge = ridge == 0 ? 1e-12 : ridge * 100)
        {
            var l = new double[d * d];
            bool ok = true;
            for (int j = 0; j < d && ok; j++)
            {
                for (int k = 0; k <= j; k++)
                {
                    double sum = h[j * d + k] + (j == k ? ridge : 0);
                    for (int m = 0; m < k; m++) sum -= l[j * d + m] * l[k * d + m];
                    if (j == k)
                    {
                        if (sum <= 0) { ok = false; break; }
                        l[j * d + j] = Math.Sqrt(sum);
                    }
                    else l[j * d + k] = sum / l[k * d + k];
                }
            }
            if (!ok) { if (ridge > 1) throw new InvalidOperationException("The logistic regression's design matrix is degenerate."); continue; }
            var y = new double[d];
            for (int j = 0; j < d; j++) { double sum = g[j]; for (int m = 0; m < j; m++) sum -= l[j * d + m] * y[m]; y[j] = sum / l[j * d + j]; }
            var s = new double[d];
            for (int j = d - 1; j >= 0; j--) { double sum = y[j]; for (int m = j + 1; m < d; m++) sum -= l[m * d + j] * s[m]; s[j] = sum / l[j * d + j]; }
            return s;
        }
    }

    private static float[] Design(FeatureMatrix m, int[] numericIndex, int[] categoricalIndex, int[] offsets, int width)
    {
        int p = m.NumericColumns.Count, c = m.CategoricalColumns.Count;
        var x = new float[m.Rows * width];
        for (int r = 0; r < m.Rows; r++)
        {
            for (int j = 0; j < numericIndex.Length; j++) x[r * width + j] = m.NumericSpan[r * p + numericIndex[j]];
            for (int j = 0; j < categoricalIndex.Length; j++)
            {
                int block = (j + 1 < offsets.Length ? offsets[j + 1] : width) - offsets[j];
                x[r * width + offsets[j] + Slot(m.CategoricalSpan[r * c + categoricalIndex[j]], block)] = 1f;
            }
        }
        return x;
    }
}

/// <summary>A logistic regression's learned state as saved in a model file.</summary>
internal sealed record LogisticState(string[] Features, int[] NumericIndex, int[] CategoricalIndex, int[] CategoryOffsets, double[] Weights, double Intercept, LogisticTerm[] Terms);
