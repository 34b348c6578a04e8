using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="TrainedAlertAgent"/>.</summary>
internal static class TrainedAlertAgentHtml
{
    public static string Render(TrainedAlertAgent v)
    {
        var c = CultureInfo.InvariantCulture;
        var h = v.History;
        var last = h.Episodes.Skip(Math.Max(0, h.Episodes.Count - 10)).ToArray();
        var sb = new StringBuilder();
        sb.Append("<div><b>Trained alert agent</b> (DQN, ")
          .Append(string.Join("→", v.Layers.Select(l => l.Inputs.ToString(c)).Append("3"))).Append(" network): ")
          .Append(h.Episodes.Count).Append(" episodes (days), ").Append(h.Steps.ToString("N0", c)).Append(" decisions, ")
          .Append(h.GradientSteps.ToString("N0", c)).Append(" gradient steps in ").Append(h.Duration.TotalSeconds.ToString("0.0", c))
          .Append(" s; seed ").Append(h.Seed).Append("; daily alert budget ").Append(v.DailyAlertBudget).Append('.');
        if (last.Length > 0)
            sb.Append(" Last ").Append(last.Length).Append(" episodes: mean reward ").Append(last.Average(e => e.Reward).ToString("0.0", c))
              .Append(", caught ").Append(last.Sum(e => e.Caught)).Append(" of ").Append(last.Sum(e => e.Anomalies))
              .Append(" with ").Append(last.Sum(e => e.Alerts)).Append(" alerts.");
        sb.Append("</div>").Append(RewardTableHtml.Render(v.Rewards));
        if (h.Episodes.Count > 0) sb.Append(TrainingCurvesChart.Html(h));
        return sb.ToString();
    }
}
