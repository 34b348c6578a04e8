using Microsoft.Data.Analysis;

namespace Foundations.Patterns;

/// <summary>
/// The Reinforcement pattern: an agent that monitors account activity and learns when to alert.
/// Read this folder in the order data flows: <see cref="AccountTransaction"/> and <see cref="TransactionStream"/>
/// (the replayed transactions) → <see cref="ActivityFeatures"/> (what is known about each one) → <see cref="RewardTable"/>
/// and <see cref="AlertEnvironment"/> (days as episodes) → <see cref="ReplayBuffer"/>, <see cref="QNetwork"/> and
/// <see cref="ReinforcementSetup"/> (DQN) → <see cref="ReinforcementResult"/> and <see cref="TrainedAlertAgent"/> → baselines, <see cref="AlertComparison"/>
/// and <see cref="ActivityMonitor"/> (real time) → charts.
/// </summary>
public static class Reinforcement
{
    /// <summary>The transactions of a DataFrame in time order; <paramref name="columns"/> names a bank's own columns (default: those of data-samples/transactions.csv).</summary>
    public static TransactionStream Stream(DataFrame transactions, TransactionColumns? columns = null) => TransactionStream.From(transactions, columns);

    /// <summary>The transactions of a CSV file in time order; unreadable rows are set aside and counted. <paramref name="columns"/> names a bank's own columns.</summary>
    public static TransactionStream ReadCsv(string path, TransactionColumns? columns = null) => TransactionStream.ReadCsv(path, columns);

    /// <summary>Settings to train a DQN alert agent on <paramref name="stream"/>; finish with <c>.Train()</c>, whose result holds the agent.</summary>
    public static ReinforcementSetup Of(TransactionStream stream) => new(stream);

    /// <summary>The fixed rules a bank uses today: amount threshold and new-country rule.</summary>
    public static FixedRules Rules(double amountThreshold = 1000, bool alertOnNewCountry = true) => new(amountThreshold, alertOnNewCountry);

    /// <summary>The simple anomaly score: z-score of the amount against the account's history.</summary>
    public static ZScoreAlerts ZScore(double threshold = 3) => new(threshold);

    /// <summary>Runs <paramref name="policies"/> over <paramref name="days"/> at the same daily alert budget and rewards.</summary>
    public static AlertComparison Compare(TransactionStream stream, IReadOnlyList<DateOnly> days, int dailyAlertBudget, RewardTable? rewards, params IAlertPolicy[] policies) =>
        AlertComparison.Run(stream, days, rewards ?? RewardTable.Default, dailyAlertBudget, policies);

    /// <summary>
    /// Runs the agent and the standard baselines (the bank's <paramref name="rules"/>, default <see cref="Rules"/>; the
    /// z-score) over <paramref name="days"/> at the agent's budget and rewards.
    /// </summary>
    public static AlertComparison CompareWithBaselines(this TrainedAlertAgent agent, TransactionStream stream, IReadOnlyList<DateOnly> days, FixedRules? rules = null) =>
        AlertComparison.Run(stream, days, agent.Rewards, agent.DailyAlertBudget, new IAlertPolicy[] { agent, rules ?? Rules(), ZScore() });
}
