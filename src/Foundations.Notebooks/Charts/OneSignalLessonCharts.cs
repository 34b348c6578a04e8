using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Training;
using Foundations.Tutorial;
using Microsoft.Data.Analysis;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Charts;

/// <summary>The charts of a <see cref="OneSignalLesson"/> (extension methods, so <c>x.Chart()</c> reads as before).</summary>
public static class OneSignalLessonCharts
{
    /// <summary>The observed rate per band (dots) and the model's curve at each snapshot, from a flat guess to a fit.</summary>
    public static GenericChart CurveChart(this OneSignalLesson v) => CurveChart(v.Signal, v.Outcome, v.Grid, v.Observed, v.Snapshots);

    /// <summary>The model's error after every step, beside the error of guessing the overall rate.</summary>
    public static GenericChart ErrorChart(this OneSignalLesson v)
    {
        var steps = Enumerable.Range(0, v.LossByStep.Count).ToArray();
        return CSharpChart.Combine(new[]
        {
            CSharpChart.Line<int, double, string>(steps, v.LossByStep.ToArray(), Name: "the model's error"),
            CSharpChart.Line<int, double, string>(steps, steps.Select(_ => v.GuessingLogLoss).ToArray(), Name: "guessing the overall rate",
                LineDash: StyleParam.DrawingStyle.Dash),
        }).Titled("Error while learning (log loss; lower is better)", "learning step", "log loss");
    }

    internal static GenericChart CurveChart(string signal, string outcome, IReadOnlyList<double> grid,
        IReadOnlyList<(double Centre, double Rate, int Customers)> observed, IReadOnlyList<LearningSnapshot> snapshots)
    {
        var charts = new List<GenericChart>
        {
            CSharpChart.Point<double, double, string>(observed.Select(o => o.Centre).ToArray(), observed.Select(o => o.Rate).ToArray(),
                Name: "what happened", MarkerColor: Color.fromString("black")),
        };
        foreach (var s in snapshots)
            charts.Add(CSharpChart.Line<double, double, string>(grid.ToArray(), s.Curve.ToArray(), Name: $"step {s.Step}",
                Opacity: 0.35 + 0.65 * (s.Step + 1) / (double)(OneSignalLesson.FinalStep + 1)));
        return CSharpChart.Combine(charts).Titled($"Chance of {outcome} by {signal}: the model's curve while it learns", signal, $"chance of {outcome}");
    }
}
