using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using Foundations.Training;
using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="TrainingHistory"/>.</summary>
internal static class TrainingHistoryHtml
{
    public static string Render(TrainingHistory v) => v.Episodes.Count == 0
        ? "<div>No training episodes.</div>"
        : $"<div>{Html.Escape($"{v.Episodes.Count} episodes, {v.Steps:N0} decisions, {v.GradientSteps:N0} gradient steps in {v.Duration.TotalSeconds:0.0} s (seed {v.Seed})")}</div>{TrainingCurvesChart.Html(v)}";
}
