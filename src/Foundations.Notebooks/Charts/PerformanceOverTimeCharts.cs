using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Interactive;
using Foundations.Monitor;
using Foundations.Training;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Charts;

/// <summary>The charts of a <see cref="PerformanceOverTime"/> (extension methods, so <c>x.Chart()</c> reads as before).</summary>
public static class PerformanceOverTimeCharts
{
    /// <summary>Gini per period with its 95% interval, and the development Gini as a line.</summary>
    public static GenericChart GiniChart(this PerformanceOverTime v)
    {
        var all = v.Periods.Prepend(v.Development).ToArray();
        var names = all.Select(p => p.Period).ToArray();
        var gini = CSharpChart.Line<string, double, string>(names, all.Select(p => p.Gini).ToArray(), Name: "Gini", ShowMarkers: true);
        var low = CSharpChart.Line<string, double, string>(names, all.Select(p => 2 * p.AucLow - 1).ToArray(), Name: "95% interval (low)",
            LineDash: StyleParam.DrawingStyle.Dot, LineColor: Color.fromString("gray"));
        var high = CSharpChart.Line<string, double, string>(names, all.Select(p => 2 * p.AucHigh - 1).ToArray(), Name: "95% interval (high)",
            LineDash: StyleParam.DrawingStyle.Dot, LineColor: Color.fromString("gray"));
        var development = CSharpChart.Line<string, double, string>(names, names.Select(_ => v.Development.Gini).ToArray(),
            Name: $"development ({v.Development.Gini:0.000})", LineDash: StyleParam.DrawingStyle.Dash);
        var watch = CSharpChart.Line<string, double, string>(names, names.Select(_ => v.Development.Gini * (1 - PerformanceOverTime.GiniWatchDrop)).ToArray(),
            Name: "amber below", LineDash: StyleParam.DrawingStyle.LongDash, LineColor: Color.fromString("orange"));
        var act = CSharpChart.Line<string, double, string>(names, names.Select(_ => v.Development.Gini * (1 - PerformanceOverTime.GiniActDrop)).ToArray(),
            Name: "red below", LineDash: StyleParam.DrawingStyle.LongDash, LineColor: Color.fromString("red"));
        return CSharpChart.Combine(new[] { gini, low, high, development, watch, act }).Titled("Gini over time against development", "period", "Gini");
    }

    /// <summary>Expected (mean predicted) and observed event rates per period: the gap is calibration drift.</summary>
    public static GenericChart CalibrationChart(this PerformanceOverTime v)
    {
        var all = v.Periods.Prepend(v.Development).ToArray();
        var names = all.Select(p => p.Period).ToArray();
        return CSharpChart.Combine(new[]
        {
            CSharpChart.Line<string, double, string>(names, all.Select(p => p.ExpectedRate).ToArray(), Name: "expected (mean score)", ShowMarkers: true),
            CSharpChart.Line<string, double, string>(names, all.Select(p => p.ObservedRate).ToArray(), Name: "observed", ShowMarkers: true),
        }).Titled("Calibration over time: expected vs observed event rate", "period", "event rate");
    }
}
