using Foundations.Interactive;
using System.Threading.Channels;
using Foundations.Data;
using Foundations.Patterns;
using RL = Foundations.Patterns.Reinforcement;
using static Foundations.Tests.Reinforcement.HandMadeStreams;

namespace Foundations.Tests.Reinforcement;

[Trait("Speed", "Slow")]
public class MonitoringTests
{
    [Fact]
    public void Rules_alert_on_a_large_payment_or_a_new_country_and_say_which()
    {
        var stream = TransactionStream.From(new[]
        {
            Tx("A", Day1.AddHours(9), 40),
            Tx("A", Day1.AddHours(10), 1500),
            Tx("A", Day1.AddHours(11), 30, country: "TH"),
            Tx("A", Day1.AddHours(12), 2000, direction: "credit", balanceAfter: 3000),
        });
        var monitor = new ActivityMonitor(RL.Rules(), dailyAlertBudget: 10);
        var decisions = stream.Transactions.Select(monitor.Decide).ToArray();
        Assert.Equal(new[] { AlertAction.Pass, AlertAction.Alert, AlertAction.Alert, AlertAction.Pass }, decisions.Select(d => d.Action));
        Assert.Equal("amount", decisions[1].Drivers.Single().Feature);
        Assert.Equal("TH", decisions[2].Drivers.Single(d => d.Feature == "new country").Value);
        Assert.Empty(decisions[0].Drivers);
    }

    [Fact]
    public void Z_score_alerts_only_on_payments_far_above_the_accounts_usual_amount()
    {
        var tracker = new List<AccountTransaction>();
        for (int i = 0; i < 8; i++) tracker.Add(Tx("A", Day1.AddHours(i), 100 + i));
        tracker.Add(Tx("A", Day1.AddHours(9), 110));
        tracker.Add(Tx("A", Day1.AddHours(10), 900));
        var monitor = new ActivityMonitor(RL.ZScore(3), dailyAlertBudget: 10);
        var actions = tracker.Select(t => monitor.Decide(t).Action).ToArray();
        Assert.Equal(AlertAction.Pass, actions[^2]);
        Assert.Equal(AlertAction.Alert, actions[^1]);
        Assert.Equal(1, actions.Count(a => a == AlertAction.Alert));
    }

    [Fact]
    public void The_monitor_stops_alerting_when_the_days_budget_is_spent_and_starts_again_next_day()
    {
        var always = new Always(AlertAction.Alert);
        var monitor = new ActivityMonitor(always, dailyAlertBudget: 2);
        var taken = TwoDays().Transactions.Select(t => monitor.Decide(t)).ToArray();
        Assert.Equal(new[] { AlertAction.Alert, AlertAction.Alert, AlertAction.Watch, AlertAction.Alert, AlertAction.Alert, AlertAction.Watch },
            taken.Select(d => d.Action));
        Assert.All(taken, d => Assert.Equal(AlertAction.Alert, d.Chosen));
        Assert.Equal(6, monitor.Decisions);
    }

    [Fact]
    public async Task Live_monitoring_decides_exactly_as_the_replay_of_the_same_days()
    {
        var bank = SampleBank.Generate(customers: 60, seed: 11, transactionAccounts: 60, days: 22);
        var stream = TransactionStream.From(bank.Transactions);
        var split = stream.SplitDays(4);
        var agent = RL.Of(stream).OnDays(split.Training).WithEpisodes(3).WithDailyAlertBudget(2)
            .WithReplay(2_000, 32, 2, 50).OnDevice(TorchSharp.torch.CPU).Quiet().Train().Agent;
        var comparison = agent.CompareWithBaselines(stream, split.HeldOut);

        var training = stream.Transactions.Where(t => t.Day < split.HeldOut[0]).ToArray();
        var heldOut = stream.Transactions.Where(t => t.Day >= split.HeldOut[0]).ToArray();
        int firstIndex = training.Length;
        foreach (var policy in new IAlertPolicy[] { agent, RL.Rules(), RL.ZScore() })
        {
            var expected = comparison[policy.Name];
            var monitor = new ActivityMonitor(policy, agent.DailyAlertBudget).LearnHistory(training);
            var live = new List<AlertDecision>();
            await foreach (var d in monitor.Watch(AsAsync(heldOut))) live.Add(d);
            Assert.Equal(heldOut.Length, live.Count);
            for (int i = 0; i < live.Count; i++)
                Assert.Equal(expected.DecisionAt(firstIndex + i), live[i].Action);
            Assert.Equal(expected.Alerts, live.Count(d => d.Action == AlertAction.Alert));
            Assert.All(live.Where(d => d.Action == AlertAction.Pass), d => Assert.Empty(d.Drivers));
        }

        // The same through a channel, as a payment system would feed it.
        var channel = Channel.CreateUnbounded<AccountTransaction>();
        var viaChannel = new ActivityMonitor(agent, agent.DailyAlertBudget).LearnHistory(training);
        foreach (var t in heldOut) await channel.Writer.WriteAsync(t);
        channel.Writer.Complete();
        int k = 0;
        await foreach (var d in viaChannel.Watch(channel.Reader))
            Assert.Equal(comparison[agent.Name].DecisionAt(firstIndex + k++), d.Action);
        Assert.Equal(heldOut.Length, k);
    }

    [Fact]
    public void Agent_alerts_name_the_features_that_drove_them()
    {
        // A hand-set network: Pass is worth 0.5 always, Alert is worth 1 per "new country", so a new country alone drives alerts.
        int n = ActivityFeatures.InputCount;
        int newCountry = ActivityFeatures.InputNames.ToList().IndexOf("new country");
        var first = new float[2 * n];
        first[newCountry] = 1;
        var layers = new[]
        {
            new DenseLayer(n, 2, first, new float[2]),
            new DenseLayer(2, 2, new float[] { 1, 0, 0, 1 }, new float[2]),
            new DenseLayer(2, 3, new float[] { 0, 0, 0, 0, 1, 0 }, new float[] { 0.5f, 0, 0 }),
        };
        var agent = new TrainedAlertAgent(layers, RewardTable.Default, 5, new TrainingHistory(Array.Empty<EpisodeRecord>(), TimeSpan.Zero, 0, 0, 1));
        var monitor = agent.Monitor();
        var home = monitor.Decide(Tx("A", Day1.AddHours(9), 40));
        var abroad = monitor.Decide(Tx("A", Day1.AddHours(10), 40, country: "<NG>"));
        Assert.Equal(AlertAction.Pass, home.Action);
        Assert.Empty(home.Drivers);
        Assert.Equal(AlertAction.Alert, abroad.Action);
        var driver = Assert.Single(abroad.Drivers);
        Assert.Equal("new country", driver.Feature);
        Assert.Equal("<NG>", driver.Value);
        Assert.Equal(1.0, driver.Weight, 5);
        Assert.Contains("&lt;NG&gt;", Reports.Html(abroad));
        Assert.DoesNotContain("<NG>", Reports.Html(abroad));
        Assert.DoesNotContain(abroad.Transaction.TransactionId, Reports.Html(abroad)); // identifiers are masked unless asked for
    }

    private static async IAsyncEnumerable<AccountTransaction> AsAsync(IEnumerable<AccountTransaction> items)
    {
        foreach (var t in items)
        {
            await Task.Yield();
            yield return t;
        }
    }
}
