using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Training;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Foundations.Explain;

/// <summary>
/// How the average predicted probability changes as one input is set to each value in turn for every customer.
/// <see cref="Values"/> are in the units the model sees; <see cref="Labels"/> are readable (original units or category names).
/// </summary>
public sealed class PartialDependenceCurve : IHtmlReport
{
    internal PartialDependenceCurve(string feature, bool categorical, IReadOnlyList<double> values, IReadOnlyList<string> labels, IReadOnlyList<double> meanProbability)
    {
        Feature = feature;
        IsCategorical = categorical;
        Values = values;
        Labels = labels;
        MeanProbability = meanProbability;
    }

    public string Feature { get; }
    public bool IsCategorical { get; }
    public IReadOnlyList<double> Values { get; }
    public IReadOnlyList<string> Labels { get; }
    /// <summary>Average predicted probability over all rows with the input set to each value.</summary>
    public IReadOnlyList<double> MeanProbability { get; }

    /// <summary>A line (numeric input) or bars (categories) of the average predicted probability.</summary>
    public Plotly.NET.GenericChart Chart() => (IsCategorical
            ? CSharpChart.Column<double, string, string>(MeanProbability.ToArray(), Keys: Labels.ToArray(), Name: Feature)
            : CSharpChart.Line<string, double, string>(Labels, MeanProbability, Name: Feature, ShowMarkers: true))
        .Titled($"Partial dependence on {Feature}", Feature, "average predicted probability");

    public string ToHtml() => ChartHtml.Embed(Chart());
}

/// <summary>Partial dependence for any model that scores a feature matrix.</summary>
public static class PartialDependence
{
    /// <summary>
    /// The curve for <paramref name="feature"/>: numeric inputs at <paramref name="points"/> quantiles (5% to 95%) of their
    /// values in <paramref name="data"/>, categorical inputs at each category. <paramref name="toOriginalUnits"/> labels numeric points.
    /// </summary>
    public static PartialDependenceCurve Compute(IFeatureScorer model, FeatureMatrix data, string feature, int points = 15, Func<double, double>? toOriginalUnits = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "Use at least 2 points.");
        int p = data.NumericColumns.Count, c = data.CategoricalColumns.Count;
        int numericIndex = data.NumericColumns.ToList().IndexOf(feature);
        int categoricalIndex = data.CategoricalColumns.Select(x => x.Name).ToList().IndexOf(feature);
        if (numericIndex < 0 && categoricalIndex < 0)
            throw new ArgumentException($"'{feature}' is not an input of the matrix (inputs: {string.Join(", ", data.FeatureNames)}).", nameof(feature));
        var values = new List<double>();
        var labels = new List<string>();
        var means = new List<double>();
        if (numericIndex >= 0)
        {
            var column = Enumerable.Range(0, data.Rows).Select(r => (double)data.Numeric[r * p + numericIndex]).Order().ToArray();
            var grid = Enumerable.Range(0, points).Select(k => column[(int)Math.Round((0.05 + 0.9 * k / (points - 1)) * (column.Length - 1))]).Distinct().ToArray();
            foreach (var v in grid)
            {
                var numeric = (float[])data.Numeric.Clone();
                for (int r = 0; r < data.Rows; r++) numeric[r * p + numericIndex] = (float)v;
                values.Add(v);
                labels.Add((toOriginalUnits?.Invoke(v) ?? v).ToString("G4", System.Globalization.CultureInfo.InvariantCulture));
                means.Add(model.Predict(new FeatureMatrix(data.Rows, data.NumericColumns, numeric, data.CategoricalColumns, data.Categorical)).Average());
            }
            return new PartialDependenceCurve(feature, false, values, labels, means);
        }
        var info = data.CategoricalColumns[categoricalIndex];
        for (int code = 1; code < info.Cardinality; code++)
        {
            var categorical = (long[])data.Categorical.Clone();
            for (int r = 0; r < data.Rows; r++) categorical[r * c + categoricalIndex] = code;
            values.Add(code);
            labels.Add(code - 1 < info.Categories.Count ? info.Categories[code - 1] : code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            means.Add(model.Predict(new FeatureMatrix(data.Rows, data.NumericColumns, data.Numeric, data.CategoricalColumns, categorical)).Average());
        }
        return new PartialDependenceCurve(feature, true, values, labels, means);
    }
}
