using Foundations.Charts;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Foundations.Patterns;

/// <summary>Reward per episode (with a moving average) above the exploration rate epsilon, over training.</summary>
public static class TrainingCurvesChart
{
    /// <summary>The reward and epsilon curves of <paramref name="history"/>.</summary>
    public static GenericChart Create(TrainingHistory history, int smoothing = 10)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Episodes.Count == 0) throw new ArgumentException("The training history has no episodes.", nameof(history));
        var episodes = history.Episodes.Select(e => e.Episode).ToArray();
        var rewards = history.Episodes.Select(e => e.Reward).ToArray();
        var smoothed = rewards.Select((_, i) => rewards.Skip(Math.Max(0, i - smoothing + 1)).Take(Math.Min(smoothing, i + 1)).Average()).ToArray();
        var reward = Chart.Combine(new[]
        {
            Chart.Line<int, double, string>(episodes, rewards, Name: "reward per day", Opacity: 0.45),
            Chart.Line<int, double, string>(episodes, smoothed, Name: $"moving average ({smoothing} days)"),
        });
        var epsilon = Chart.Line<int, double, string>(episodes, history.Episodes.Select(e => e.Epsilon), Name: "epsilon (exploration)");
        return Chart.Grid(new[] { reward, epsilon }, 2, 1)
            .WithChartTitle("Training: reward per episode (day) and exploration rate")
            .WithSize(900, 560);
    }

    /// <summary>The chart as an HTML fragment.</summary>
    public static string Html(TrainingHistory history) => Foundations.Charts.ChartHtml.Embed(Create(history));
}
