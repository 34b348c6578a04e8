using Foundations.Patterns;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of an <see cref="AlertReviewReport"/>.</summary>
internal static class AlertReviewReportHtml
{
    public static string Render(AlertReviewReport v)
    {
        var setAside = v.SetAside.Select(s => (v.Input, s)).Concat(v.HistorySetAside.Select(s => (v.History ?? "", s))).Take(20);
        return $"<div class=\"fn-scoring\"><p>{Html.Escape(v.ToString())}</p>" +
            (v.SetAside.Count + v.HistorySetAside.Count == 0 ? "" : Html.Table(new[] { "file", "problem" }, setAside.Select(p => new object?[] { p.Item1, p.s }), "Rows set aside (first 20)")) + "</div>";
    }
}
