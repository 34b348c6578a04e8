using Foundations.Charts;
using Foundations.Experiments;
using Foundations.Interactive;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="RunComparison"/>.</summary>
internal static class RunComparisonHtml
{
    public static string Render(RunComparison v)
    {
        var sb = new StringBuilder($"<div class=\"fn-compare\"><p><b>run {v.A.Id}</b> ({Html.Escape(v.A.Notebook)}, {v.A.Started:yyyy-MM-dd HH:mm} UTC, {Html.Escape(v.A.Host)}) vs <b>run {v.B.Id}</b> ({Html.Escape(v.B.Notebook)}, {v.B.Started:yyyy-MM-dd HH:mm} UTC, {Html.Escape(v.B.Host)})</p>");
        sb.Append(Html.Table(new[] { "parameter", $"run {v.A.Id}", $"run {v.B.Id}" }, v.Parameters.Select(p => new object?[] { p.Name, p.A, p.B }), "parameters that differ"));
        sb.Append(Html.Table(new[] { "metric", $"run {v.A.Id}", $"run {v.B.Id}", "delta" }, v.Metrics.Select(m => new object?[] { m.Name, m.A, m.B, m.Delta }), "metrics"));
        sb.Append(Html.Table(new[] { "series", $"run {v.A.Id}", $"run {v.B.Id}" }, v.Series.Select(x => new object?[] { x.Name, RunComparison.Steps(x.A), RunComparison.Steps(x.B) }), "series (steps: last value)"));
        sb.Append(Html.Table(new[] { "artifact", $"SHA-256 run {v.A.Id}", $"SHA-256 run {v.B.Id}", "" }, v.Artifacts.Select(x => new object?[] { x.Path, RunComparison.Short(x.A), RunComparison.Short(x.B), x.Change }), "artifacts"));
        sb.Append(Html.Table(new[] { "", $"run {v.A.Id}", $"run {v.B.Id}" }, v.Environment.Select(e => new object?[] { e.Name, e.A, e.B }), "where they ran (what differs)"));
        return sb.Append("</div>").ToString();
    }
}
