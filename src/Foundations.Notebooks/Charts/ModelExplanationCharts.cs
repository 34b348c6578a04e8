using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Explanation;
using Foundations.Interactive;
using Foundations.Patterns;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Charts;

/// <summary>The charts of a <see cref="ModelExplanation"/> (extension methods, so <c>x.Chart()</c> reads as before).</summary>
public static class ModelExplanationCharts
{
    /// <summary>Bars of the AUC lost when each input is shuffled, with 95% intervals.</summary>
    public static GenericChart ImportanceChart(this ModelExplanation v, int top = 12)
    {
        var rows = v.Importance.Take(top).Reverse().ToArray();
        var chart = CSharpChart.Bar<double, string, string>(rows.Select(r => r.AucDrop).ToArray(), Keys: rows.Select(r => r.Feature).ToArray(), Name: "AUC lost");
        return chart.Titled("What the model relies on: AUC lost when an input is shuffled", "fall in test AUC", "input", height: 60 + 28 * rows.Length);
    }

    /// <summary>Partial dependence curves of the top numeric inputs.</summary>
    public static GenericChart PartialDependenceChart(this ModelExplanation v) =>
        CSharpChart.Combine(v.Curves.Select(c => CSharpChart.Line<double, double, string>(c.Values.ToArray(), c.AverageProbability.ToArray(), Name: c.Feature, ShowMarkers: true)))
            .Titled("Average predicted probability as one input moves", "input value (standard deviations from the training average)", "average probability");

    /// <summary>One customer's reasons: the columns that pushed the score up or down.</summary>
    public static GenericChart CustomerChart(this ModelExplanation v, int top = 10)
    {
        var rows = v.Customer.Effects.Take(top).Reverse().ToArray();
        return CSharpChart.Bar<double, string, string>(rows.Select(r => r.Effect).ToArray(), Keys: rows.Select(r => r.Feature).ToArray(), Name: "effect on log-odds")
            .Titled("Why this customer scores high (integrated gradients, log-odds)", "effect on log-odds versus an average customer", "input", height: 60 + 28 * rows.Length);
    }
}
