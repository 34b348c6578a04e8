using System.Globalization;
using System.Net;
using System.Text;

namespace Foundations.Interactive;

/// <summary>Small HTML building blocks shared by every formatter; all text from data goes through <see cref="Escape"/>.</summary>
public static class Html
{
    /// <summary>HTML-escapes text from data (a customer called &lt;script&gt; shows as text).</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>A value as culture-invariant, escaped text (numbers with up to 4 decimals).</summary>
    public static string Cell(object? value) => Escape(value switch
    {
        null => "",
        double d when double.IsNaN(d) => "NaN",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    });

    /// <summary>A table from headers and rows; every cell is escaped.</summary>
    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<object?>> rows, string? caption = null)
    {
        var sb = new StringBuilder("<table class=\"fn-table\">");
        if (caption is not null) sb.Append("<caption>").Append(Escape(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in headers) sb.Append("<th>").Append(Escape(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            // Numbers align right so digits line up; words align left so sentences read.
            foreach (var cell in row) sb.Append(cell is string ? "<td class=\"fn-text\">" : "<td>").Append(Cell(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>A table a notebook displays as it is (the result of a cell); every cell is escaped.</summary>
    public static IHtmlReport TableOf(IEnumerable<string> headers, IEnumerable<IEnumerable<object?>> rows, string? caption = null) =>
        new Fragment(Table(headers, rows, caption));

    private sealed record Fragment(string Markup) : IHtmlReport
    {
        public string ToHtml() => Markup;
    }

    /// <summary>A two-column table of names and values.</summary>
    public static string KeyValues(IEnumerable<(string Key, object? Value)> pairs, string? caption = null) =>
        Table(new[] { "", "" }, pairs.Select(p => new object?[] { p.Key, p.Value }), caption).Replace("<thead><tr><th></th><th></th></tr></thead>", "");

    /// <summary>A traffic-light badge: colour plus a word, so it reads without colour too.</summary>
    public static string Badge(Light light, string? text = null)
    {
        string word = text ?? light switch { Light.Green => "stable", Light.Amber => "watch", _ => "act" };
        string colour = light switch { Light.Green => "#1b7f3b", Light.Amber => "#b36b00", _ => "#b3261e" };
        return $"<span class=\"fn-light fn-{light.ToString().ToLowerInvariant()}\" style=\"background:{colour};color:#fff;border-radius:8px;padding:1px 8px;font-size:0.85em\">{Escape(word)}</span>";
    }

    /// <summary>The kit's stylesheet, embedded once per page by the report writer and with every notebook result.</summary>
    public const string Style = "<style>.fn-table{border-collapse:collapse;font-size:0.9em;margin:6px 0}.fn-table th,.fn-table td{border:1px solid #ccd;padding:3px 8px;text-align:right}" +
        ".fn-table th{background:#eef1f6}.fn-table td:first-child,.fn-table th:first-child,.fn-table td.fn-text{text-align:left}.fn-table caption{text-align:left;font-weight:600;padding:4px 0}" +
        ".fn-muted{color:#667}.fn-chart{max-width:100%}.fn-figure{margin:8px 0}.fn-caption{color:#334;font-style:italic;margin-top:2px}</style>";
}
