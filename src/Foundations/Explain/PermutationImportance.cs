using System.Globalization;
using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Training;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Foundations.Explain;

/// <summary>How much AUC one input carries: the mean drop when its values are shuffled, with a 95% confidence interval over repeats.</summary>
public sealed record FeatureImportance(string Feature, double MeanAucDrop, double Low, double High, int Repeats);

/// <summary>Permutation importance for any model that scores a feature matrix: shuffle one input at a time and measure the AUC lost.</summary>
public sealed class PermutationImportance : IHtmlReport
{
    private PermutationImportance(double baselineAuc, IReadOnlyList<FeatureImportance> features)
    {
        BaselineAuc = baselineAuc;
        Features = features;
    }

    /// <summary>AUC of the model on the unshuffled rows.</summary>
    public double BaselineAuc { get; }
    /// <summary>Every input, most important first.</summary>
    public IReadOnlyList<FeatureImportance> Features { get; }

    /// <summary>The <paramref name="count"/> most important input names.</summary>
    public IReadOnlyList<string> Top(int count) => Features.Take(count).Select(f => f.Feature).ToArray();

    /// <summary>Shuffles each input <paramref name="repeats"/> times on <paramref name="data"/> (which must carry a label) and measures the AUC drop.</summary>
    public static PermutationImportance Compute(IFeatureScorer model, FeatureMatrix data, int repeats = 5, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (data.Label is null) throw new ArgumentException("Permutation importance needs labelled rows: build the matrix with its label.", nameof(data));
        if (repeats < 2) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "At least 2 repeats are needed for a confidence interval.");
        var labels = data.Label.Select(v => (int)v).ToArray();
        double baseline = BinaryMetrics.Auc(model.Predict(data), labels);
        var rng = new Random(seed ?? Kit.Seed);
        int p = data.NumericColumns.Count, c = data.CategoricalColumns.Count;
        var names = data.FeatureNames.ToArray();
        var results = new List<FeatureImportance>();
        for (int j = 0; j < p + c; j++)
        {
            var drops = new double[repeats];
            for (int k = 0; k < repeats; k++)
            {
                var order = Enumerable.Range(0, data.Rows).ToArray();
                rng.Shuffle(order);
                var numeric = data.Numeric;
                var categorical = data.Categorical;
                if (j < p)
                {
                    numeric = (float[])data.Numeric.Clone();
                    for (int r = 0; r < data.Rows; r++) numeric[r * p + j] = data.Numeric[order[r] * p + j];
                }
                else
                {
                    categorical = (long[])data.Categorical.Clone();
                    int jc = j - p;
                    for (int r = 0; r < data.Rows; r++) categorical[r * c + jc] = data.Categorical[order[r] * c + jc];
                }
                var shuffled = new FeatureMatrix(data.Rows, data.NumericColumns, numeric, data.CategoricalColumns, categorical, data.Label, data.LabelColumn);
                drops[k] = baseline - BinaryMetrics.Auc(model.Predict(shuffled), labels);
            }
            double mean = drops.Average();
            double sd = Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (repeats - 1));
            double half = StudentT975(repeats - 1) * sd / Math.Sqrt(repeats);
            results.Add(new FeatureImportance(names[j], mean, mean - half, mean + half, repeats));
        }
        return new PermutationImportance(baseline, results.OrderByDescending(r => r.MeanAucDrop).ToArray());
    }

    /// <summary>97.5% quantile of Student's t: small repeat counts get the wider interval they deserve.</summary>
    internal static double StudentT975(int df) => df switch
    {
        1 => 12.706, 2 => 4.303, 3 => 3.182, 4 => 2.776, 5 => 2.571, 6 => 2.447, 7 => 2.365, 8 => 2.306, 9 => 2.262,
        10 => 2.228, <= 15 => 2.131, <= 20 => 2.086, <= 30 => 2.042, _ => 1.96,
    };

    /// <summary>Horizontal bars of AUC drop with the confidence interval as error bars.</summary>
    public Plotly.NET.GenericChart Chart(int top = 15)
    {
        var shown = Features.Take(top).Reverse().ToArray();
        var bars = CSharpChart.Bar<double, string, string>(shown.Select(f => f.MeanAucDrop).ToArray(), Keys: shown.Select(f => f.Feature).ToArray(), Name: "AUC lost when shuffled");
        // One short black segment per input for its 95% interval.
        var intervals = shown.Select(f => CSharpChart.Line<double, string, string>(new[] { f.Low, f.High }, new[] { f.Feature, f.Feature },
            ShowLegend: false, LineColor: Plotly.NET.Color.fromString("black")));
        var chart = CSharpChart.Combine(intervals.Prepend(bars));
        return chart.Titled("Which inputs the model relies on", "AUC lost when the input is shuffled (95% interval)", "");
    }

    public string ToHtml()
    {
        var ci = CultureInfo.InvariantCulture;
        return "<div class=\"fn-importance\"><h4>Permutation importance</h4>"
            + $"<p>AUC on these rows: {BaselineAuc.ToString("0.000", ci)}. Shuffling an input breaks its link to the outcome; the AUC lost is what the model owes to it.</p>"
            + Html.Table(new[] { "input", "AUC lost", "95% interval" },
                Features.Select(f => new object?[] { f.Feature, f.MeanAucDrop.ToString("0.0000", ci), $"{f.Low.ToString("0.0000", ci)} to {f.High.ToString("0.0000", ci)}" }))
            + ChartHtml.Embed(Chart()) + "</div>";
    }
}
