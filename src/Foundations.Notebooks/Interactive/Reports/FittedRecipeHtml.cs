using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Microsoft.Data.Analysis;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="FittedRecipe"/>.</summary>
internal static class FittedRecipeHtml
{
    public static string Render(FittedRecipe v)
    {
        var h = new StringBuilder("<div class=\"fn-fitted-recipe\"><ol>");
        foreach (var s in v.Steps) h.Append("<li>").Append(Html.Escape(s.Describe())).Append("</li>");
        h.Append("</ol><p>").Append(v.Inputs.Count).Append(" input columns → ").Append(v.Outputs.Count).Append(" output columns");
        if (v.LabelColumn is not null) h.Append("; label ").Append(Html.Escape(v.LabelColumn));
        return h.Append("</p></div>").ToString();
    }
}
