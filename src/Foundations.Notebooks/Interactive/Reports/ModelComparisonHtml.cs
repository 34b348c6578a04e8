using System.Globalization;
using System.Text;
using Foundations.Patterns;

namespace Foundations.Interactive;

/// <summary>The deep model against each other model: AUC difference, DeLong's 95% interval and p-value, and the recommendation in words.</summary>
internal static class ModelComparisonHtml
{
    public static string Render(ModelComparison value)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("<div class=\"fn-model-comparison\">");
        if (value.Against.Count > 0)
        {
            sb.Append(string.Format(c, "<table class=\"fn-table\"><caption>Is the difference real? DeLong's test on the same {0:N0} test customers</caption>", value.TestRows));
            sb.Append("<thead><tr><th>comparison</th><th>AUC</th><th>other AUC</th><th>difference</th><th>95% interval</th><th>p-value</th><th>significant (5%)</th></tr></thead><tbody>");
            foreach (var a in value.Against)
                sb.Append(string.Format(c, "<tr><td>{0} vs {1}</td><td>{2:0.000}</td><td>{3:0.000}</td><td>{4:+0.000;\u22120.000;0.000}</td><td>{5:+0.000;\u22120.000;0.000} to {6:+0.000;\u22120.000;0.000}</td><td>{7}</td><td>{8}</td></tr>",
                    Html.Escape(a.Model), Html.Escape(a.Baseline), a.ModelAuc, a.BaselineAuc, a.Difference, a.Lower, a.Upper, Html.Escape(Training.AucComparison.FormatP(a.PValue)), a.Significant ? "yes" : "no"));
            sb.Append("</tbody></table>");
        }
        sb.Append($"<p><b>{Html.Escape(value.Recommendation())}</b></p>");
        return sb.Append("</div>").ToString();
    }
}
