using CSharpChart = Plotly.NET.CSharp.Chart;
using Foundations.Experiments;
using Foundations.Interactive;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Charts;

/// <summary>The charts of a <see cref="RunHistory"/> (extension methods, so <c>x.Chart()</c> reads as before).</summary>
public static class RunHistoryCharts
{
    /// <summary>A metric (default: <see cref="RunHistory.KeyMetric"/>) across runs, in run order, each point labelled with its run number.</summary>
    public static GenericChart Chart(this RunHistory v, string? metric = null)
    {
        metric ??= v.KeyMetric ?? throw new InvalidOperationException("These runs logged no metric to chart.");
        var runs = v.Entries.OrderBy(r => r.Id).Where(r => r.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v)).ToArray();
        var labels = runs.Select(r => $"#{r.Id}").ToArray();
        var line = CSharpChart.Line<string, double, string>(labels, runs.Select(r => r.Metrics[metric]).ToArray(), Name: metric, ShowMarkers: true,
            MultiText: runs.Select(r => string.Join(" ", v.VaryingParameters.Select(p => $"{p}={r.Parameters.GetValueOrDefault(p, "")}"))).ToArray());
        return line.Titled($"{metric} across runs{(v.Notebook is null ? "" : $" of {v.Notebook}")}", "run", metric, width: 640, height: 360);
    }
}
