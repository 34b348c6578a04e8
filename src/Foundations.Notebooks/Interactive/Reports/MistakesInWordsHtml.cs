using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Training;
using Foundations.Tutorial;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="MistakesInWords"/>.</summary>
internal static class MistakesInWordsHtml
{
    public static string Render(MistakesInWords v)
    {
        var c = v.Confusion;
        var sb = new StringBuilder(Html.Style);
        sb.Append("<div class=\"fn-mistakes\"><h3>Right and wrong, in plain words</h3><ul>");
        foreach (var s in v.Sentences()) sb.Append("<li>").Append(Html.Escape(s)).Append("</li>");
        sb.Append("</ul>");
        sb.Append(Html.Table(new[] { "", $"did {v.EventName}", $"did not {v.EventName}" }, new[]
        {
            new object?[] { "flagged by the model", $"{c.TruePositives:N0} (caught)", $"{c.FalsePositives:N0} (false alarm)" },
            new object?[] { "not flagged", $"{c.FalseNegatives:N0} (missed)", $"{c.TrueNegatives:N0} (rightly left alone)" },
        }, "Every customer lands in one of four boxes"));
        sb.Append("</div>");
        return sb.ToString();
    }
}
