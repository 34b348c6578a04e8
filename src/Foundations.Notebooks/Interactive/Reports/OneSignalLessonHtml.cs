using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Training;
using Foundations.Tutorial;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive;
using Plotly.NET;
using System.Globalization;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="OneSignalLesson"/>.</summary>
internal static class OneSignalLessonHtml
{
    public static string Render(OneSignalLesson v)
    {
        var sb = new StringBuilder(Html.Style);
        sb.Append("<div class=\"fn-lesson\"><h3>A tiny model learning: ").Append(Html.Escape(v.Outcome)).Append(" from ").Append(Html.Escape(v.Signal)).Append("</h3>");
        sb.Append(v.CurveChart().WithCaption($"Black dots are what really happened in ten bands of {v.Signal}; each line is the model's guess after more " +
            "learning steps: it starts flat at 50% and bends onto the dots as it learns.").ToHtml());
        sb.Append("<ul>");
        foreach (var f in v.Findings()) sb.Append("<li>").Append(Html.Escape(f)).Append("</li>");
        sb.Append("</ul>").Append(v.ErrorChart().WithCaption("The model's error falls with every step and ends well below the dashed line, " +
            "the error of guessing the same chance for everyone.").ToHtml()).Append("</div>");
        return sb.ToString();
    }
}
