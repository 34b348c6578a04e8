using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="ReadinessReport"/>.</summary>
internal static class ReadinessReportHtml
{
    public static string Render(ReadinessReport v)
    {
        var sb = new StringBuilder(Html.Style);
        sb.Append("<div class=\"fn-readiness\"><h4>Data readiness for '").Append(Html.Escape(v.Target)).Append("' ")
          .Append(Html.Badge(v.Overall, v.Overall switch { Light.Green => "ready", Light.Amber => "look first", _ => "fix first" })).Append("</h4>");
        sb.Append("<p>").Append(Html.Escape(v.Summary)).Append("</p>");
        sb.Append(Html.KeyValues(new (string, object?)[]
        {
            ("Rows", v.TestRows is long t ? $"{v.Rows:N0} train, {t:N0} test" : v.Rows.ToString("N0")),
            ("Possible inputs", v.Features),
            ("Positive label", v.PositiveLabel),
            ("Red / amber / green", $"{v.Red} / {v.Amber} / {v.Checks.Count - v.Red - v.Amber}"),
        }));
        sb.Append("<table class=\"fn-table\"><thead><tr><th>Light</th><th>Area</th><th>Check</th><th>Columns</th><th>Evidence</th><th>What to do</th></tr></thead><tbody>");
        foreach (var c in v.Checks)
            sb.Append("<tr><td>").Append(Html.Badge(c.Light, c.Light switch { Light.Green => "ok", Light.Amber => "look", _ => "fix" }))
              .Append("</td><td>").Append(Html.Escape(ReadinessReport.AreaName(c.Area)))
              .Append("</td><td>").Append(Html.Escape(c.Name))
              .Append("</td><td>").Append(Html.Escape(string.Join(", ", c.Columns)))
              .Append("</td><td style=\"text-align:left\">").Append(Html.Escape(c.Evidence))
              .Append("</td><td style=\"text-align:left\">").Append(Html.Escape(c.WhatToDo)).Append("</td></tr>");
        return sb.Append("</tbody></table></div>").ToString();
    }
}
