using System.Globalization;
using System.Text;

namespace Foundations.Patterns;

/// <summary>How one policy did over the evaluated days, at the daily alert budget every policy shared.</summary>
public sealed record PolicyOutcome(
    string Policy,
    int Transactions,
    int Anomalies,
    int Alerts,
    int Caught,
    int FalseAlerts,
    int Watches,
    int AlertsRefusedForBudget,
    double Reward,
    IReadOnlyList<AlertAction?> Decisions,
    int FirstIndex)
{

    /// <summary>Alerts raised per 1,000 transactions (investigator load).</summary>
    public double AlertsPer1000 => Transactions == 0 ? 0 : 1000.0 * Alerts / Transactions;

    /// <summary>Share of alerts that were planted anomalies.</summary>
    public double Precision => Alerts == 0 ? 0 : (double)Caught / Alerts;

    /// <summary>Share of planted anomalies that were alerted.</summary>
    public double Recall => Anomalies == 0 ? 0 : (double)Caught / Anomalies;

    /// <summary>The decision taken on stream transaction <paramref name="streamIndex"/>; null when its day was not evaluated.</summary>
    public AlertAction? DecisionAt(int streamIndex) =>
        streamIndex >= FirstIndex && streamIndex < FirstIndex + Decisions.Count ? Decisions[streamIndex - FirstIndex] : null;
}

/// <summary>Runs policies through the replay environment over whole days and compares them at the same alert budget.</summary>
public sealed class AlertComparison
{
    private readonly TrainedAlertAgent[] _agents;

    /// <summary>The trained agents among the compared policies.</summary>
    internal IReadOnlyList<TrainedAlertAgent> Agents => _agents;

    internal AlertComparison(TransactionStream stream, IReadOnlyList<DateOnly> days, RewardTable rewards, int dailyAlertBudget, IReadOnlyList<PolicyOutcome> outcomes, IEnumerable<IAlertPolicy> policies)
    {
        _agents = policies.OfType<TrainedAlertAgent>().ToArray();
        Stream = stream;
        Days = days;
        Rewards = rewards;
        DailyAlertBudget = dailyAlertBudget;
        Outcomes = outcomes;
    }

    public TransactionStream Stream { get; }

    /// <summary>The evaluated days, in time order (contiguous, so the watch list carries over as it would live).</summary>
    public IReadOnlyList<DateOnly> Days { get; }

    public RewardTable Rewards { get; }
    public int DailyAlertBudget { get; }

    /// <summary>One outcome per policy, in the order given.</summary>
    public IReadOnlyList<PolicyOutcome> Outcomes { get; }

    /// <summary>Evaluated days on which a compared agent was trained (empty for an honest held-out comparison).</summary>
    public IReadOnlyList<DateOnly> DaysSeenInTraining => Days.Where(d => _agents.Any(a => a.History.TrainingDays.Contains(d))).ToArray();

    /// <summary>The outcome of the policy named <paramref name="policy"/>.</summary>
    public PolicyOutcome this[string policy] => Outcomes.FirstOrDefault(o => o.Policy == policy)
        ?? throw new KeyNotFoundException($"No policy named '{policy}' was compared; the policies are {string.Join(", ", Outcomes.Select(o => $"'{o.Policy}'"))}.");

    /// <summary>Runs every policy over <paramref name="days"/> (sorted into time order), each in a fresh environment with the same budget and rewards.</summary>
    public static AlertComparison Run(TransactionStream stream, IReadOnlyList<DateOnly> days, RewardTable rewards, int dailyAlertBudget, IReadOnlyList<IAlertPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(policies);
        if (days.Count == 0) throw new ArgumentException("No days to evaluate.", nameof(days));
        if (policies.Count == 0) throw new ArgumentException("No policies to compare.", nameof(policies));
        var ordered = days.Distinct().Order().ToArray();
        var outcomes = policies.Select(p => Evaluate(new AlertEnvironment(stream, rewards, dailyAlertBudget), ordered, p)).ToArray();
        return new AlertComparison(stream, ordered, rewards, dailyAlertBudget, outcomes, policies);
    }

    private static PolicyOutcome Evaluate(AlertEnvironment env, IReadOnlyList<DateOnly> days, IAlertPolicy policy)
    {
        int first = env.Stream.RangeOf(days[0]).Start, last = env.Stream.RangeOf(days[^1]).End;
        var decisions = new AlertAction?[last - first];
        int n = 0, anomalies = 0, alerts = 0, caught = 0, watches = 0, refused = 0;
        double reward = 0;
        foreach (var day in days)
        {
            env.Reset(day);
            while (!env.Done)
            {
                var state = env.Current;
                int index = env.Position;
                var step = env.Step(policy.Decide(state));
                decisions[index - first] = step.Taken;
                n++;
                reward += step.Reward;
                bool anomaly = state.Transaction.IsAnomaly;
                if (anomaly) anomalies++;
                if (step.Taken == AlertAction.Alert) { alerts++; if (anomaly) caught++; }
                if (step.Taken == AlertAction.Watch) watches++;
                if (step.Chosen == AlertAction.Alert && step.Taken != AlertAction.Alert) refused++;
            }
        }
        return new PolicyOutcome(policy.Name, n, anomalies, alerts, caught, alerts - caught, watches, refused, reward, decisions, first);
    }

    /// <summary>The account and day with the most planted anomalies in the evaluated days (ties: the earliest), for a replay.</summary>
    public (string CustomerId, DateOnly Day) MostEventfulAccountDay()
    {
        int first = Stream.RangeOf(Days[0]).Start, last = Stream.RangeOf(Days[^1]).End;
        var best = Enumerable.Range(first, last - first).Select(i => Stream.Transactions[i])
            .GroupBy(t => (t.CustomerId, t.Day))
            .Select(g => (g.Key, Anomalies: g.Count(t => t.IsAnomaly), Count: g.Count(), First: g.Min(t => t.Timestamp)))
            .OrderByDescending(g => g.Anomalies).ThenByDescending(g => g.Count).ThenBy(g => g.First).FirstOrDefault();
        if (best.Key.CustomerId is null) throw new InvalidOperationException("The evaluated days have no transactions.");
        return best.Key;
    }


    /// <summary>One account's day replayed with every policy's decisions, as a chart and a table (default policy: the first compared).</summary>
    public DayReplay Replay(string customerId, DateOnly day, string? policy = null) => new(this, customerId, day, policy ?? Outcomes[0].Policy);

    /// <summary>The replay of <see cref="MostEventfulAccountDay"/>.</summary>
    public DayReplay ReplayMostEventfulDay()
    {
        var (account, day) = MostEventfulAccountDay();
        return Replay(account, day);
    }
}
