using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Charts;
using Foundations.Experiments;
using Foundations.Interactive;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="RunHistory"/>.</summary>
internal static class RunHistoryHtml
{
    public static string Render(RunHistory v)
    {
        var sb = new StringBuilder("<div class=\"fn-runs\">");
        sb.Append(Table(v));
        if (v.KeyMetric is not null && v.Entries.Count > 0) sb.Append(ChartHtml.Embed(v.Chart()));
        return sb.Append("</div>").ToString();
    }

    /// <summary>The table alone, with a line for the parameters every run shares.</summary>
    internal static string Table(RunHistory h)
    {
        var sb = new StringBuilder();
        sb.Append($"<p><b>{h.Entries.Count} run{(h.Entries.Count == 1 ? "" : "s")}{(h.Notebook is null ? "" : $" of {Html.Escape(h.Notebook)}")}</b>");
        if (h.SharedParameters.Count > 0) sb.Append(" · same in every run: ").Append(Html.Escape(string.Join(", ", h.SharedParameters.Select(p => $"{p.Name}={p.Value}"))));
        sb.Append("</p>");
        var (headers, rows) = h.Table();
        // Numbers are passed as formatted text that aligns right; words (host, status, text parameters) align left.
        sb.Append(Html.Table(headers, rows.Select(r => r.Select((v, i) => i < 4 || !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? (object?)v : new NumberText(v)))));
        return sb.ToString();
    }

    /// <summary>A number already formatted, so it aligns right like numbers do.</summary>
    internal sealed record NumberText(string Text) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? provider) => Text;
        public override string ToString() => Text;
    }
}
