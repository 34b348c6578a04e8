using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Microsoft.Data.Analysis;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="Recipe"/>.</summary>
internal static class RecipeHtml
{
    public static string Render(Recipe v) =>
        "<div class=\"fn-recipe\"><ol>" + string.Concat(v.Steps.Select(s => $"<li>{Html.Escape(s.ToString())}</li>")) + "</ol>"
        + (v.LabelColumn is null ? "" : $"<p>label: {Html.Escape(v.LabelColumn)}</p>") + "</div>";
}
