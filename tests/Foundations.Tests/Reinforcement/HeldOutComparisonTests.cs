using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using Xunit.Abstractions;
using RL = Foundations.Patterns.Reinforcement;

namespace Foundations.Tests.Reinforcement;

/// <summary>The acceptance test: on the bundled sample's held-out days the agent beats the bank's rules at no more alerts.</summary>
[Trait("Speed", "Slow")]
public class HeldOutComparisonTests(ITestOutputHelper output)
{
    [Fact]
    public void Agent_catches_more_planted_anomalies_than_the_rules_on_held_out_days_with_no_more_alerts()
    {
        var stream = RL.ReadCsv(Path.Combine(RepoPaths.DataSamples, "transactions.csv"));
        Assert.Empty(stream.SetAside);
        var split = stream.SplitDays(heldOutDays: 20);

        // The notebook's settings: 60 episodes (days) at 8 alerts a day, default reward table, the kit's seed.
        var agent = RL.Of(stream).OnDays(split.Training).WithEpisodes(60).WithDailyAlertBudget(8).WithSeed(42)
            .OnDevice(TorchSharp.torch.CPU).Quiet().Train().Agent;
        var comparison = agent.CompareWithBaselines(stream, split.HeldOut);
        var ours = comparison[agent.Name];
        var rules = comparison[RL.Rules().Name];
        var zScore = comparison[RL.ZScore().Name];
        foreach (var o in comparison.Outcomes)
            output.WriteLine($"{o.Policy}: caught {o.Caught}/{o.Anomalies}, false alerts {o.FalseAlerts}, alerts {o.Alerts}, reward {o.Reward:0}");
        output.WriteLine($"training {agent.History.Duration.TotalSeconds:0.0} s");

        Assert.Empty(comparison.DaysSeenInTraining);
        Assert.Equal(split.Training, agent.History.TrainingDays);
        Assert.True(ours.Anomalies > 50, $"held-out days hold {ours.Anomalies} planted anomalies");
        Assert.True(ours.Alerts <= rules.Alerts, $"agent raised {ours.Alerts} alerts, rules {rules.Alerts}");
        Assert.True(ours.Caught > rules.Caught, $"agent caught {ours.Caught}, rules {rules.Caught} of {ours.Anomalies}");
        Assert.True(ours.FalseAlerts < rules.FalseAlerts, $"agent raised {ours.FalseAlerts} false alerts, rules {rules.FalseAlerts}");
        Assert.True(ours.Caught > zScore.Caught, $"agent caught {ours.Caught}, z-score {zScore.Caught}");
        Assert.True(ours.Reward > rules.Reward);

        // Every alert the trained agent raises names what drove it.
        var monitor = agent.Monitor().LearnHistory(stream.Transactions.Where(t => t.Day < split.HeldOut[0]));
        var alerts = stream.Transactions.Where(t => t.Day >= split.HeldOut[0]).Select(monitor.Decide).Where(d => d.Action == AlertAction.Alert).ToArray();
        Assert.Equal(ours.Alerts, alerts.Length);
        Assert.All(alerts, d => Assert.NotEmpty(d.Drivers));

        // The report and charts render for the reader.
        var (account, day) = comparison.MostEventfulAccountDay();
        Assert.Contains("plotly", Foundations.Charts.ChartHtml.Embed(comparison.ReplayChart(account, day)), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Held-out comparison", Reports.Html(comparison));
        Assert.Contains("Trained alert agent", Reports.Html(agent));
        Assert.Contains($"caught {ours.Caught} of {ours.Anomalies}", Reports.Html(ours));
        Assert.Contains("20 held-out days", Reports.Html(split));
    }
}
