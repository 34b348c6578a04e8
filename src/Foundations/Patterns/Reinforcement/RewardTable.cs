using System.Globalization;
using System.Text;

namespace Foundations.Patterns;

/// <summary>What the monitor can do with one transaction.</summary>
public enum AlertAction
{
    /// <summary>Let it through; nothing is recorded.</summary>
    Pass = 0,
    /// <summary>Put the account on the watch list for a day (no investigator time; the agent sees the flag on the next transactions).</summary>
    Watch = 1,
    /// <summary>Raise an alert for an investigator; uses one unit of the day's alert budget.</summary>
    Alert = 2,
}

/// <summary>
/// The rewards the agent optimises, one number per action and truth, in "investigator hours" (an alert costs one).
/// Explicit and configurable so a business reader sees what is traded off; immutable, change it with the With* methods.
/// </summary>
public sealed record RewardTable
{
    /// <summary>The bank's default: an alert costs an hour of investigator time, a missed planted anomaly costs the most.</summary>
    public static RewardTable Default { get; } = new();

    /// <summary>Investigator time every alert costs, caught or not.</summary>
    public double AlertCost { get; init; } = 1.0;

    /// <summary>Extra cost of alerting on normal activity (a customer call, a blocked card): small.</summary>
    public double FalseAlertCost { get; init; } = 0.5;

    /// <summary>Value of an alert on a planted anomaly (the loss it prevents).</summary>
    public double CaughtValue { get; init; } = 12.0;

    /// <summary>Cost of letting a planted anomaly pass: the largest number in the table.</summary>
    public double MissedCost { get; init; } = 15.0;

    /// <summary>Share of <see cref="MissedCost"/> still lost when an anomaly is only watched, not alerted.</summary>
    public double WatchedAnomalyShare { get; init; } = 0.6;

    /// <summary>Cost of watching an account that turns out normal (system load, a little analyst attention).</summary>
    public double WatchCost { get; init; } = 0.1;

    /// <summary>A copy with other costs (null keeps the current value).</summary>
    public RewardTable With(double? alertCost = null, double? falseAlertCost = null, double? caughtValue = null,
        double? missedCost = null, double? watchedAnomalyShare = null, double? watchCost = null)
    {
        var table = this with
        {
            AlertCost = alertCost ?? AlertCost,
            FalseAlertCost = falseAlertCost ?? FalseAlertCost,
            CaughtValue = caughtValue ?? CaughtValue,
            MissedCost = missedCost ?? MissedCost,
            WatchedAnomalyShare = watchedAnomalyShare ?? WatchedAnomalyShare,
            WatchCost = watchCost ?? WatchCost,
        };
        table.Validate();
        return table;
    }

    /// <summary>The reward of taking <paramref name="action"/> on a transaction that is (or is not) a planted anomaly.</summary>
    public double RewardFor(AlertAction action, bool isAnomaly) => (action, isAnomaly) switch
    {
        (AlertAction.Pass, false) => 0,
        (AlertAction.Pass, true) => -MissedCost,
        (AlertAction.Watch, false) => -WatchCost,
        (AlertAction.Watch, true) => -MissedCost * WatchedAnomalyShare,
        (AlertAction.Alert, false) => -(AlertCost + FalseAlertCost),
        (AlertAction.Alert, true) => CaughtValue - AlertCost,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action."),
    };

    internal void Validate()
    {
        void NotNegative(double value, string name)
        {
            if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0.");
        }
        NotNegative(AlertCost, nameof(AlertCost));
        NotNegative(FalseAlertCost, nameof(FalseAlertCost));
        NotNegative(CaughtValue, nameof(CaughtValue));
        NotNegative(MissedCost, nameof(MissedCost));
        NotNegative(WatchCost, nameof(WatchCost));
        if (!(WatchedAnomalyShare is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(WatchedAnomalyShare), WatchedAnomalyShare, "WatchedAnomalyShare must be between 0 and 1.");
    }

}
