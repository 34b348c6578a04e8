using Foundations.Patterns;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Foundations.Charts;

/// <summary>The reuse pattern's chart: test AUC against the number of labelled customers, one line per start.</summary>
public static class LearningCurveChart
{
    /// <summary>Mean test AUC per number of labelled customers for each start, with its 95% interval over seeds as dotted lines.</summary>
    public static GenericChart Chart(this LearningCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var traces = new List<GenericChart>();
        foreach (var start in curve.Starts)
        {
            var points = curve.Points.Where(p => p.Start == start).OrderBy(p => p.Labelled).ToArray();
            var x = points.Select(p => p.Labelled).ToArray();
            string name = Name(start);
            traces.Add(CSharpChart.Line<int, double, string>(x, points.Select(p => p.Mean).ToArray(), Name: $"{name} (mean of {curve.Seeds} seeds)", ShowMarkers: true));
            if (curve.Seeds > 1)
            {
                traces.Add(CSharpChart.Line<int, double, string>(x, points.Select(p => p.Low).ToArray(), Name: $"{name}: 95% interval, low", LineDash: StyleParam.DrawingStyle.Dot));
                traces.Add(CSharpChart.Line<int, double, string>(x, points.Select(p => p.High).ToArray(), Name: $"{name}: 95% interval, high", LineDash: StyleParam.DrawingStyle.Dot));
            }
        }
        return CSharpChart.Combine(traces).Titled($"Learning curve: test AUC for {curve.Target} by labelled customers", "labelled customers", $"test AUC ({curve.TestRows:N0} customers)");
    }

    internal static string Name(TransferStart start) => start switch
    {
        TransferStart.Scratch => "from scratch",
        TransferStart.Frozen => "encoder frozen, head only",
        _ => "from the encoder, fine-tuned",
    };
}
