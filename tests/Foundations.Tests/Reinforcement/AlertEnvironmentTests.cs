using Foundations.Interactive;
using Foundations.Patterns;
using static Foundations.Tests.Reinforcement.HandMadeStreams;

namespace Foundations.Tests.Reinforcement;

public class AlertEnvironmentTests
{
    private static readonly DateOnly First = DateOnly.FromDateTime(Day1), Second = First.AddDays(1);

    [Fact]
    public void An_episode_is_one_day_of_transactions_in_time_order()
    {
        var stream = TwoDays();
        var env = new AlertEnvironment(stream, RewardTable.Default, dailyAlertBudget: 5);
        var state = env.Reset(Second);
        Assert.Equal(3, env.Position); // the second day starts at the stream's fourth transaction
        var seen = new List<string>();
        while (!env.Done)
        {
            seen.Add($"{env.Current.Transaction.CustomerId}{env.Current.Transaction.Amount}");
            env.Step(AlertAction.Pass);
        }
        Assert.Equal(new[] { "A50", "A900", "B20" }, seen);
        Assert.Equal(stream.Transactions.Count, env.Position);
        Assert.Throws<InvalidOperationException>(() => env.Step(AlertAction.Pass));
        Assert.Equal(5, state.AlertsLeft);
        Assert.Equal(1.0, state.BudgetLeft);
    }

    [Fact]
    public void Rewards_follow_the_table_for_each_action_and_truth()
    {
        var table = RewardTable.Default.With(alertCost: 1, falseAlertCost: 0.5, caughtValue: 12, missedCost: 15, watchedAnomalyShare: 0.6, watchCost: 0.1);
        var expected = new Dictionary<(AlertAction, bool), double>
        {
            [(AlertAction.Pass, false)] = 0, [(AlertAction.Pass, true)] = -15,
            [(AlertAction.Watch, false)] = -0.1, [(AlertAction.Watch, true)] = -9,
            [(AlertAction.Alert, false)] = -1.5, [(AlertAction.Alert, true)] = 11,
        };
        foreach (var action in Enum.GetValues<AlertAction>())
        {
            var env = new AlertEnvironment(TwoDays(), table, dailyAlertBudget: 5);
            env.Reset(Second);
            var normal = env.Step(action);
            var anomaly = env.Step(action);
            Assert.Equal(expected[(action, false)], normal.Reward, 10);
            Assert.Equal(expected[(action, true)], anomaly.Reward, 10);
        }
    }

    [Fact]
    public void Missing_a_planted_anomaly_costs_the_most_in_the_default_table()
    {
        var t = RewardTable.Default;
        double missed = t.RewardFor(AlertAction.Pass, true);
        foreach (var action in Enum.GetValues<AlertAction>())
            foreach (bool anomaly in new[] { false, true })
                if ((action, anomaly) != (AlertAction.Pass, true)) Assert.True(t.RewardFor(action, anomaly) > missed);
        Assert.True(t.RewardFor(AlertAction.Alert, false) < 0, "a false alert costs something");
        Assert.True(t.RewardFor(AlertAction.Alert, false) > t.RewardFor(AlertAction.Watch, true), "a false alert costs little next to a missed fraud");
    }

    [Fact]
    public void An_alert_with_no_budget_left_becomes_a_watch_and_is_paid_as_one()
    {
        var env = new AlertEnvironment(TwoDays(), RewardTable.Default, dailyAlertBudget: 1);
        env.Reset(Second);
        var first = env.Step(AlertAction.Alert);
        Assert.Equal(0, env.Current.AlertsLeft);
        var second = env.Step(AlertAction.Alert);
        Assert.Equal(AlertAction.Alert, first.Taken);
        Assert.Equal(AlertAction.Alert, second.Chosen);
        Assert.Equal(AlertAction.Watch, second.Taken);
        Assert.Equal(RewardTable.Default.RewardFor(AlertAction.Watch, true), second.Reward);
    }

    [Fact]
    public void The_alert_budget_is_full_again_the_next_day()
    {
        var env = new AlertEnvironment(TwoDays(), RewardTable.Default, dailyAlertBudget: 2);
        env.Reset(First);
        env.Step(AlertAction.Alert);
        env.Step(AlertAction.Alert);
        Assert.Equal(0, env.Current.AlertsLeft);
        Assert.Equal(2, env.Reset(Second).AlertsLeft);
    }

    [Fact]
    public void Watch_keeps_the_account_on_the_watch_list_for_a_day_and_only_that_account()
    {
        var env = new AlertEnvironment(TwoDays(), RewardTable.Default, dailyAlertBudget: 5);
        var a9 = env.Reset(First);
        Assert.False(a9.OnWatch);
        env.Step(AlertAction.Watch); // A at 09:00 day 1
        Assert.True(env.Current.OnWatch); // A at 10:00 day 1
        env.Step(AlertAction.Pass);
        Assert.False(env.Current.OnWatch); // B at 12:00 is another account
        env.Step(AlertAction.Pass);
        var next = env.Reset(Second);
        Assert.Equal("A", next.Transaction.CustomerId);
        Assert.False(next.OnWatch); // exactly 24 h after the watch began, it has ended
    }

    [Fact]
    public void Replaying_a_day_never_reads_the_planted_label_into_the_state()
    {
        var labelled = TwoDays();
        var unlabelled = TransactionStream.From(labelled.Transactions.Select(t => t with { IsAnomaly = false, AnomalyType = "none" }));
        var a = new AlertEnvironment(labelled, RewardTable.Default, 3);
        var b = new AlertEnvironment(unlabelled, RewardTable.Default, 3);
        foreach (var day in labelled.Days)
        {
            a.Reset(day);
            b.Reset(day);
            while (!a.Done)
            {
                Assert.Equal(a.Current.Features, b.Current.Features);
                a.Step(AlertAction.Watch);
                b.Step(AlertAction.Watch);
            }
        }
    }

    [Fact]
    public void A_day_the_stream_lacks_is_named_in_the_error()
    {
        var env = new AlertEnvironment(TwoDays(), RewardTable.Default, 3);
        var error = Assert.Throws<ArgumentException>(() => env.Reset(new DateOnly(2030, 5, 1)));
        Assert.Contains("2030-05-01", error.Message);
    }

    [Fact]
    public void Negative_costs_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RewardTable.Default.With(missedCost: -1));
        Assert.Contains("MissedCost", error.Message);
    }

    [Fact]
    public void Reward_table_renders_every_cell_for_the_business_reader()
    {
        string html = Reports.Html(RewardTable.Default);
        Assert.Contains("<table", html);
        foreach (var word in new[] { "Pass", "Watch", "Alert", "Normal activity", "Incident", "−15", "+11", "−1.5" })
            Assert.Contains(word, html);
    }
}
