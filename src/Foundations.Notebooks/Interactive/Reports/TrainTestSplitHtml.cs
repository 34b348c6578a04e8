using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Microsoft.Data.Analysis;
using System.Globalization;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="TrainTestSplit"/>.</summary>
internal static class TrainTestSplitHtml
{
    public static string Render(TrainTestSplit v) => $"<div class=\"fn-split\"><p>{Html.Escape(v.ToString())}</p>{FittedRecipeHtml.Render(v.Recipe)}</div>";
}
