using Foundations.Interactive;
using Plotly.NET;

namespace Foundations.Charts;

/// <summary>A chart with a one-sentence caption under it that says, in plain words, how to read it.</summary>
public sealed record CaptionedChart(GenericChart Chart, string Caption) : IHtmlReport
{
    /// <inheritdoc />
    public string ToHtml() =>
        $"{Html.Style}<figure class=\"fn-figure\">{ChartHtml.Embed(Chart)}<figcaption class=\"fn-caption\">{Html.Escape(Caption)}</figcaption></figure>";
}

/// <summary>Captions for charts.</summary>
public static class ChartCaptions
{
    /// <summary>Puts a plain-words caption under the chart.</summary>
    public static CaptionedChart WithCaption(this GenericChart chart, string caption)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (string.IsNullOrWhiteSpace(caption)) throw new ArgumentException("Say in one sentence how to read the chart.", nameof(caption));
        return new CaptionedChart(chart, caption);
    }
}
