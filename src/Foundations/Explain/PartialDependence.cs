using Foundations.Data;

namespace Foundations.Explanation;

/// <summary>The average predicted probability as one numeric input moves through its range, everything else as observed.</summary>
public sealed record PartialDependenceCurve(string Feature, IReadOnlyList<double> Values, IReadOnlyList<double> AverageProbability);

/// <summary>Partial dependence: model-agnostic, on the values the recipe feeds the model (standardized units).</summary>
public static class PartialDependence
{
    /// <summary>The curve for numeric input <paramref name="feature"/> over <paramref name="points"/> quantiles (5% to 95%) of its values.</summary>
    public static PartialDependenceCurve For(Func<FeatureMatrix, double[]> score, FeatureMatrix data, string feature, int points = 12) =>
        For(new Training.MatrixInputReplacement(score, data).Fixed, data, feature, points);

    /// <summary>The same curve from <paramref name="scoreFixed"/>(numeric input, value): the rows' probabilities with that input set to the value (<c>Fixed</c> of an input replacement).</summary>
    internal static PartialDependenceCurve For(Func<int, float, double[]> scoreFixed, FeatureMatrix data, string feature, int points = 12)
    {
        int j = data.NumericColumns.ToList().IndexOf(feature);
        if (j < 0) throw new ArgumentException($"'{feature}' is not a numeric input (numeric inputs: {string.Join(", ", data.NumericColumns)}).", nameof(feature));
        int p = data.NumericColumns.Count;
        var observed = Enumerable.Range(0, data.Rows).Select(r => (double)data.Numeric[r * p + j]).OrderBy(v => v).ToArray();
        var grid = Enumerable.Range(0, points).Select(i => observed[(int)Math.Round((0.05 + 0.9 * i / (points - 1)) * (observed.Length - 1))]).Distinct().ToArray();
        var averages = grid.Select(value => scoreFixed(j, (float)value).Average()).ToList();
        return new PartialDependenceCurve(feature, grid, averages);
    }
}
