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
        (v.Segments.Count == 0 ? "" : Html.Table(new[] { "segment", "name", "customers", "share", "share at fitting" },
            v.Segments.Select(s => new object?[] { s.Segment, s.Name, s.Customers, Percent(s.Share), s.ShareAtFitting is { } f ? Percent(f) : "" }), "Segments in this file")) +
        (v.SetAside.Count == 0 ? "" : Html.Table(new[] { "line", "column", "reason" }, v.SetAside.Take(20).Select(s => new object?[] { s.Line, s.Column ?? "", s.Reason }), "Rows set aside (first 20)")) + "</div>";

    private static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
}
