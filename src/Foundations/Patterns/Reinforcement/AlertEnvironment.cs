namespace Foundations.Patterns;

/// <summary>What a policy sees before deciding on one transaction: the transaction, its features, the watch flag and the budget left.</summary>
public readonly record struct AlertState(AccountTransaction Transaction, ActivityFeatures Features, bool OnWatch, int AlertsLeft, int DailyAlertBudget)
{
    /// <summary>Share of today's alert budget still unused (1 at the start of a day).</summary>
    public double BudgetLeft => DailyAlertBudget == 0 ? 0 : (double)AlertsLeft / DailyAlertBudget;

    /// <summary>Writes the numbers the Q-network sees for this state (<see cref="ActivityFeatures.InputCount"/> of them, named by <see cref="ActivityFeatures.InputNames"/>).</summary>
    public void WriteInputs(Span<float> inputs)
    {
        if (inputs.Length < ActivityFeatures.InputCount)
            throw new ArgumentException($"inputs holds {inputs.Length} numbers; the state has {ActivityFeatures.InputCount}.", nameof(inputs));
        Features.WriteInputs(inputs, OnWatch, BudgetLeft);
    }
}

/// <summary>The outcome of one step: the action that took effect (an alert with no budget left becomes a watch), its reward, and whether the day is over.</summary>
public readonly record struct AlertStep(AlertAction Chosen, AlertAction Taken, double Reward, bool Done);

/// <summary>
/// A replay environment: each episode is one day of the bank's transactions in time order; the agent decides on each
/// transaction and is paid from the <see cref="RewardTable"/>. Features come from history only; the planted labels
/// only set the reward.
/// </summary>
public sealed class AlertEnvironment
{
    private readonly Dictionary<string, (DateTime From, DateTime Until)> _watchList = new(StringComparer.Ordinal);
    private int _position, _end, _alertsLeft;

    /// <summary>An environment over <paramref name="stream"/> paying <paramref name="rewards"/>, with <paramref name="dailyAlertBudget"/> alerts per day.</summary>
    public AlertEnvironment(TransactionStream stream, RewardTable rewards, int dailyAlertBudget)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(rewards);
        rewards.Validate();
        if (dailyAlertBudget < 0) throw new ArgumentOutOfRangeException(nameof(dailyAlertBudget), dailyAlertBudget, "dailyAlertBudget must be ≥ 0.");
        Stream = stream;
        Rewards = rewards;
        DailyAlertBudget = dailyAlertBudget;
        _position = _end = 0;
    }

    /// <summary>How long a Watch (or an alert) keeps an account on the watch list.</summary>
    public static readonly TimeSpan WatchFor = TimeSpan.FromHours(24);

    public TransactionStream Stream { get; }
    public RewardTable Rewards { get; }

    /// <summary>How many alerts investigators can take per day.</summary>
    public int DailyAlertBudget { get; }

    /// <summary>Whether the current day has no transaction left to decide on.</summary>
    public bool Done => _position >= _end;

    /// <summary>Index in the stream of the transaction being decided on.</summary>
    public int Position => _position;

    /// <summary>The state of the transaction being decided on.</summary>
    public AlertState Current
    {
        get
        {
            if (Done) throw new InvalidOperationException("The day is over: call Reset(day) to start another episode.");
            var t = Stream.Transactions[_position];
            bool watched = _watchList.TryGetValue(t.CustomerId, out var w) && t.Timestamp >= w.From && t.Timestamp < w.Until;
            return new AlertState(t, Stream.Features[_position], watched, _alertsLeft, DailyAlertBudget);
        }
    }

    /// <summary>Starts the episode of <paramref name="day"/>: a full alert budget and the day's first transaction.</summary>
    public AlertState Reset(DateOnly day)
    {
        (_position, _end) = Stream.RangeOf(day);
        _alertsLeft = DailyAlertBudget;
        // The watch list is kept by time, not cleared: replaying consecutive days matches the live monitor exactly.
        return Current;
    }

    /// <summary>Applies <paramref name="action"/> to the current transaction and moves to the next one.</summary>
    public AlertStep Step(AlertAction action)
    {
        if (Done) throw new InvalidOperationException("The day is over: call Reset(day) to start another episode.");
        if (!Enum.IsDefined(action)) throw new ArgumentOutOfRangeException(nameof(action), action, "Expected Pass, Watch or Alert.");
        var t = Stream.Transactions[_position];
        var taken = Apply(action, t, _watchList, ref _alertsLeft);
        double reward = Rewards.RewardFor(taken, t.IsAnomaly);
        _position++;
        return new AlertStep(action, taken, reward, Done);
    }

    /// <summary>The shared rule of environment and monitor: an alert needs budget (else it becomes a watch); alerts and watches put the account on the watch list.</summary>
    internal static AlertAction Apply(AlertAction action, AccountTransaction t, Dictionary<string, (DateTime From, DateTime Until)> watchList, ref int alertsLeft)
    {
        var taken = action == AlertAction.Alert && alertsLeft <= 0 ? AlertAction.Watch : action;
        if (taken == AlertAction.Alert) alertsLeft--;
        if (taken != AlertAction.Pass) watchList[t.CustomerId] = (t.Timestamp, t.Timestamp + WatchFor);
        return taken;
    }
}
