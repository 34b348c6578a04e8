using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Charts;
using Foundations.Explanation;
using Foundations.Interactive;
using Foundations.Patterns;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="ModelExplanation"/>.</summary>
internal static class ModelExplanationHtml
{
    public static string Render(ModelExplanation v)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("<div class=\"fn-explanation\"><h3>What drives the prediction</h3><ul>");
        foreach (var s in v.Summary) sb.Append("<li>").Append(Html.Escape(s)).Append("</li>");
        sb.Append("</ul>");
        sb.Append(Html.Table(new[] { "input", "AUC lost", "95% interval" }, v.Importance.Take(10).Select(i => new object?[] { i.Feature, i.AucDrop, $"{i.Low.ToString("0.0000", c)} to {i.High.ToString("0.0000", c)}" }), v.RowsExplained < v.TestRows
            ? string.Format(c, "Permutation importance on {0:N0} of the {1:N0} test customers (a seeded sample with the same share of events)", v.RowsExplained, v.TestRows)
            : "Permutation importance on the test split"));
        sb.Append(ChartHtml.Embed(v.ImportanceChart()));
        if (v.Curves.Count > 0) sb.Append(ChartHtml.Embed(v.PartialDependenceChart()));
        sb.Append(ChartHtml.Embed(v.CustomerChart()));
        return sb.Append("</div>").ToString();
    }
}
