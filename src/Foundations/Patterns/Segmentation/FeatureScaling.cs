using Foundations.Training;
using Foundations.Data;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>
/// The column schema and the standardisation learned on the customers that were segmented: numeric means and
/// standard deviations, and each categorical input's codes. Re-applied unchanged to new customers.
/// </summary>
public sealed class FeatureScaling
{
    internal FeatureScaling(IReadOnlyList<string> numericColumns, bool[] logScaled, float[] means, float[] scales, IReadOnlyList<CategoricalFeature> categoricalColumns,
        bool[]? yesNo = null, float[]? categoryFactors = null)
    {
        YesNo = yesNo ?? new bool[numericColumns.Count];
        // Older files carry no category frequencies: fall back to the equal-indicator factor of StandardizedWithIndicators.
        CategoryFactors = categoryFactors ?? categoricalColumns.Select(_ => (float)(1 / Math.Sqrt(2))).ToArray();
        NumericColumns = numericColumns;
        LogScaled = logScaled;
        Means = means;
        Scales = scales;
        CategoricalColumns = categoricalColumns;
        Codes = categoricalColumns.Select(c => Math.Max(c.Cardinality, c.Categories.Count + 1)).ToArray();
    }

    public IReadOnlyList<string> NumericColumns { get; }
    /// <summary>
    /// Columns taken as sign(x)·log(1 + |x|) before standardizing because they were strongly skewed (balances,
    /// incomes, counts): otherwise a few very large values dominate the distances and hide the segments.
    /// </summary>
    public IReadOnlyList<bool> LogScaled { get; }
    /// <summary>The mean (after any log scaling) of each numeric column on the fitted customers.</summary>
    public IReadOnlyList<float> Means { get; }
    /// <summary>The standard deviation of each numeric column (1 where the column was constant).</summary>
    public IReadOnlyList<float> Scales { get; }
    public IReadOnlyList<CategoricalFeature> CategoricalColumns { get; }
    /// <summary>How many codes each categorical column can take, 0 (unseen or missing) included.</summary>
    public IReadOnlyList<int> Codes { get; }
    /// <summary>Which numeric columns held only 0 and 1 on the fitted customers (yes/no columns).</summary>
    public IReadOnlyList<bool> YesNo { get; }
    /// <summary>The value of a category indicator in <see cref="Balanced"/>: scales each category block to the discrete weight's variance.</summary>
    public IReadOnlyList<float> CategoryFactors { get; }

    /// <summary>
    /// The variance a yes/no column or a category block carries in <see cref="Balanced"/>, against 1 for a number:
    /// 2/π, the share of a bell-shaped number's variance that its best two-way split removes. A split along a
    /// discrete column then never removes more spread than the best split of one number, so k-means cannot prefer
    /// cutting along yes/no and category columns merely because they have gaps.
    /// </summary>
    public const double DiscreteVariance = 2 / Math.PI;

    /// <summary>Learns the schema and the standardisation from <paramref name="features"/>.</summary>
    public static FeatureScaling Fit(FeatureMatrix features)
    {
        if (features.Rows < 2) throw new ArgumentException($"Segmentation needs at least 2 customers; the feature matrix has {features.Rows}.", nameof(features));
        if (features.NumericColumns.Count + features.CategoricalColumns.Count == 0)
            throw new ArgumentException("The feature matrix has no columns to segment on.", nameof(features));
        int p = features.NumericColumns.Count, n = features.Rows;
        var logScaled = new bool[p];
        for (int j = 0; j < p; j++)
        {
            var (_, _, skew) = Moments(features, j, log: false);
            logScaled[j] = Math.Abs(skew) > SkewLimit;
        }
        var means = new float[p];
        var scales = new float[p];
        for (int j = 0; j < p; j++)
        {
            var (mean, sd, _) = Moments(features, j, logScaled[j]);
            means[j] = (float)mean;
            scales[j] = sd > 1e-12 ? (float)sd : 1f;
        }
        var yesNo = new bool[p];
        for (int j = 0; j < p; j++)
        {
            yesNo[j] = true;
            for (int r = 0; r < n && yesNo[j]; r++) yesNo[j] = features.NumericSpan[r * p + j] is 0f or 1f;
        }
        int c = features.CategoricalColumns.Count;
        var factors = new float[c];
        for (int j = 0; j < c; j++)
        {
            int codes = Math.Max(features.CategoricalColumns[j].Cardinality, features.CategoricalColumns[j].Categories.Count + 1);
            var counts = new double[codes];
            for (int r = 0; r < n; r++) counts[Math.Clamp(features.CategoricalSpan[r * c + j], 0, codes - 1)]++;
            // The block of indicators has total variance Σ p(1 − p); scale it to the discrete weight.
            double variance = counts.Sum(k => k / n * (1 - k / n));
            factors[j] = variance > 1e-12 ? (float)Math.Sqrt(DiscreteVariance / variance) : 0f;
        }
        var scaling = new FeatureScaling(features.NumericColumns.ToArray(), logScaled, means, scales, features.CategoricalColumns.ToArray(), yesNo, factors);
        scaling.Check(features);
        return scaling;
    }

    /// <summary>Checks that <paramref name="features"/> has the columns and codes this scaling was fitted on, naming any that differ.</summary>
    public void Check(FeatureMatrix features)
    {
        var expected = NumericColumns.ToList();
        var found = features.NumericColumns.ToList();
        if (!expected.SequenceEqual(found))
        {
            var missing = expected.Except(found).ToList();
            var extra = found.Except(expected).ToList();
            throw new ArgumentException("The customers' numeric columns differ from those the segments were fitted on: " +
                (missing.Count > 0 ? $"missing {string.Join(", ", missing.Select(m => $"'{m}'"))}" : "") +
                (missing.Count > 0 && extra.Count > 0 ? "; " : "") +
                (extra.Count > 0 ? $"unexpected {string.Join(", ", extra.Select(m => $"'{m}'"))}" : "") +
                (missing.Count == 0 && extra.Count == 0 ? "same columns in another order" : "") + ".", nameof(features));
        }
        var expectedCategorical = CategoricalColumns.Select(c => c.Name).ToList();
        var foundCategorical = features.CategoricalColumns.Select(c => c.Name).ToList();
        if (!expectedCategorical.SequenceEqual(foundCategorical))
            throw new ArgumentException($"The customers' categorical columns ({string.Join(", ", foundCategorical)}) differ from those the segments were fitted on ({string.Join(", ", expectedCategorical)}).", nameof(features));
        int c = Codes.Count;
        for (int i = 0; i < features.CategoricalSpan.Length; i++)
        {
            long code = features.CategoricalSpan[i];
            if (code < 0 || code >= Codes[i % c])
                throw new ArgumentException($"Column '{CategoricalColumns[i % c].Name}' holds code {code} at row {i / c}; codes must lie in 0 … {Codes[i % c] - 1} (0 = unseen or missing).", nameof(features));
        }
    }

    /// <summary>Numeric columns as z-scores, [rows, numeric columns].</summary>
    public Tensor Standardize(FeatureMatrix features, Device? device = null)
    {
        Check(features);
        int p = NumericColumns.Count;
        var values = new float[features.NumericSpan.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int j = i % p;
            float v = LogScaled[j] ? SignedLog(features.NumericSpan[i]) : features.NumericSpan[i];
            values[i] = (v - Means[j]) / Scales[j];
        }
        return tensor(values, new long[] { features.Rows, p }, device: device);
    }

    /// <summary>
    /// Z-scored numeric columns followed by one column per category code (1/√2 where the customer has it), so that
    /// a change of category weighs as much as a one-standard-deviation change of a number.
    /// </summary>
    public Tensor StandardizedWithIndicators(FeatureMatrix features, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor> { Standardize(features, device) };
        var codes = features.CategoricalTensor(device);
        for (int j = 0; j < Codes.Count; j++)
            parts.Add(nn.functional.one_hot(codes.select(1, j), Codes[j]).to(ScalarType.Float32).Times((float)(1 / Math.Sqrt(2))));
        return cat(parts, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Every column weighted so that no kind dominates the distance by construction: numbers as z-scores (variance 1),
    /// yes/no columns standardized then scaled to variance <see cref="DiscreteVariance"/>, and each category column as
    /// indicators whose block carries the same variance. [rows, <see cref="IndicatorWidth"/>].
    /// </summary>
    public Tensor Balanced(FeatureMatrix features, Device? device = null)
    {
        Check(features);
        int p = NumericColumns.Count, c = Codes.Count, width = IndicatorWidth, n = features.Rows;
        float discrete = (float)Math.Sqrt(DiscreteVariance);
        var values = new float[(long)n * width];
        for (int r = 0; r < n; r++)
        {
            long row = (long)r * width;
            for (int j = 0; j < p; j++)
            {
                float v = features.NumericSpan[r * p + j];
                if (LogScaled[j]) v = SignedLog(v);
                v = (v - Means[j]) / Scales[j];
                values[row + j] = YesNo[j] ? v * discrete : v;
            }
            int offset = p;
            for (int j = 0; j < c; j++)
            {
                long code = Math.Clamp(features.CategoricalSpan[r * c + j], 0, Codes[j] - 1);
                values[row + offset + code] = CategoryFactors[j];
                offset += Codes[j];
            }
        }
        return tensor(values, new long[] { n, width }, device: device);
    }

    /// <summary>The label of each column of <see cref="Balanced"/> and <see cref="StandardizedWithIndicators"/>: a number's name, or "column = category".</summary>
    public IReadOnlyList<string> IndicatorLabels =>
        NumericColumns.Concat(CategoricalColumns.SelectMany((col, j) => Enumerable.Range(0, Codes[j])
            .Select(code => code >= 1 && code <= col.Categories.Count ? $"{col.Name} = {col.Categories[code - 1]}" : $"{col.Name} = (unseen)"))).ToArray();

    /// <summary>Skewness beyond which a column is log scaled.</summary>
    internal const double SkewLimit = 2.0;

    internal static float SignedLog(float v) => MathF.Sign(v) * MathF.Log(1 + MathF.Abs(v));

    private static (double Mean, double Sd, double Skew) Moments(FeatureMatrix features, int j, bool log)
    {
        int p = features.NumericColumns.Count, n = features.Rows;
        double sum = 0;
        for (int r = 0; r < n; r++) sum += log ? SignedLog(features.NumericSpan[r * p + j]) : features.NumericSpan[r * p + j];
        double mean = sum / n, m2 = 0, m3 = 0;
        for (int r = 0; r < n; r++)
        {
            double d = (log ? SignedLog(features.NumericSpan[r * p + j]) : features.NumericSpan[r * p + j]) - mean;
            m2 += d * d;
            m3 += d * d * d;
        }
        double variance = m2 / n;
        double skew = variance > 1e-24 ? m3 / n / Math.Pow(variance, 1.5) : 0;
        return (mean, Math.Sqrt(m2 / Math.Max(1, n - 1)), skew);
    }

    /// <summary>Width of <see cref="StandardizedWithIndicators"/>.</summary>
    public int IndicatorWidth => NumericColumns.Count + Codes.Sum();
}
