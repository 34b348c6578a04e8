using Foundations.Data;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of <see cref="KnownOutcomes"/>: rows kept and set aside, by outcome value.</summary>
internal static class KnownOutcomesHtml
{
    public static string Render(KnownOutcomes v)
    {
        var c = CultureInfo.InvariantCulture;
        var h = new StringBuilder("<div class=\"fn-known-outcomes\">");
        h.Append("<h4>Known outcomes: ").Append(Html.Escape(v.Target)).Append("</h4>");
        h.Append(c, $"<p>{v.RowsKept:N0} of {v.RowsRead:N0} rows have a known outcome");
        h.Append(v.RowsSetAside == 0 ? "; none set aside.</p>" : string.Format(c, "; <b>{0:N0} set aside</b>: their outcome is neither yes nor no (not known yet, or not recorded).</p>", v.RowsSetAside));
        h.Append("<table class=\"fn-table\"><tr><th>Value</th><th>Rows</th><th>Counts as</th></tr>");
        foreach (var k in v.Kept)
        {
            string means = v.PositiveLabel is null ? "the outcome as recorded"
                : k.Value == v.PositiveLabel ? "yes (1)"
                : k.Value is { } other && v.PositiveLabels.Contains(other) ? $"yes (1), written '{Html.Escape(v.PositiveLabel)}' in the rows kept"
                : v.NegativeLabels.Count > 1 && k.Value != v.NegativeLabels[0] ? $"no (0), written '{Html.Escape(v.NegativeLabels[0])}' in the rows kept" : "no (0)";
            h.Append("<tr><td>").Append(Html.Escape(k.Value ?? "")).Append("</td><td>").Append(k.Rows.ToString("N0", c)).Append("</td><td>").Append(means).Append("</td></tr>");
        }
        foreach (var s in v.SetAside)
            h.Append("<tr><td>").Append(s.Value is null ? "<i>no value</i>" : Html.Escape(s.Value)).Append("</td><td>").Append(s.Rows.ToString("N0", c)).Append("</td><td>set aside</td></tr>");
        return h.Append("</table></div>").ToString();
    }
}
