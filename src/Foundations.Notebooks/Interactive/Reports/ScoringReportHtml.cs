using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Patterns;
using Microsoft.Data.Analysis;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="ScoringReport"/>.</summary>
internal static class ScoringReportHtml
{
    public static string Render(ScoringReport v) => $"<div class=\"fn-scoring\"><p>{Html.Escape(v.ToString())}</p>" +
        (v.SetAside.Count == 0 ? "" : Html.Table(new[] { "line", "column", "reason" }, v.SetAside.Take(20).Select(s => new object?[] { s.Line, s.Column ?? "", s.Reason }), "Rows set aside (first 20)")) + "</div>";
}
