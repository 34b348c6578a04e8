using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;

namespace Foundations.Patterns;

/// <summary>A decision on one live transaction, with the features the policy saw and those that drove it.</summary>
public sealed record AlertDecision(
    AccountTransaction Transaction,
    AlertAction Action,
    AlertAction Chosen,
    ActivityFeatures Features,
    bool OnWatch,
    int AlertsLeft,
    IReadOnlyList<DecisionDriver> Drivers)
{
}

/// <summary>
/// Real-time monitoring of account activity: consumes one transaction at a time, keeps each account's history,
/// the watch list and today's alert budget, and emits a decision with the features that drove it. One monitor per
/// stream; calls are serialised, so it may be fed from several threads.
/// </summary>
public sealed class ActivityMonitor
{
    private readonly object _gate = new();
    private readonly ActivityTracker _tracker = new();
    private readonly Dictionary<string, (DateTime From, DateTime Until)> _watchList = new(StringComparer.Ordinal);
    private DateOnly _day = DateOnly.MinValue;
    private int _alertsLeft;

    /// <summary>A monitor deciding with <paramref name="policy"/> under <paramref name="dailyAlertBudget"/> alerts per day.</summary>
    public ActivityMonitor(IAlertPolicy policy, int dailyAlertBudget)
    {
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        if (dailyAlertBudget < 0) throw new ArgumentOutOfRangeException(nameof(dailyAlertBudget), dailyAlertBudget, "dailyAlertBudget must be ≥ 0.");
        DailyAlertBudget = dailyAlertBudget;
    }

    /// <summary>The policy that decides (the trained agent or a baseline).</summary>
    public IAlertPolicy Policy { get; }

    public int DailyAlertBudget { get; }

    /// <summary>How many decisions the monitor has made.</summary>
    public long Decisions { get; private set; }

    /// <summary>Learns account history from past transactions without deciding on them (warm start); returns this monitor.</summary>
    public ActivityMonitor LearnHistory(IEnumerable<AccountTransaction> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        lock (_gate)
            foreach (var t in history) _tracker.Observe(t);
        return this;
    }

    /// <summary>Decides on the next transaction (transactions must arrive in time order per account).</summary>
    public AlertDecision Decide(AccountTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        lock (_gate)
        {
            var features = _tracker.Observe(transaction);
            if (transaction.Day > _day)
            {
                _day = transaction.Day;
                _alertsLeft = DailyAlertBudget;
            }
            bool watched = _watchList.TryGetValue(transaction.CustomerId, out var w) && transaction.Timestamp >= w.From && transaction.Timestamp < w.Until;
            var state = new AlertState(transaction, features, watched, _alertsLeft, DailyAlertBudget);
            var chosen = Policy.Decide(state);
            var taken = AlertEnvironment.Apply(chosen, transaction, _watchList, ref _alertsLeft);
            Decisions++;
            return new AlertDecision(transaction, taken, chosen, features, watched, _alertsLeft, Policy.Explain(state, taken));
        }
    }

    /// <summary>Decides on each transaction of an asynchronous stream as it arrives.</summary>
    public async IAsyncEnumerable<AlertDecision> Watch(IAsyncEnumerable<AccountTransaction> transactions, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        await foreach (var t in transactions.WithCancellation(cancellation).ConfigureAwait(false))
            yield return Decide(t);
    }

    /// <summary>Decides on each transaction read from a channel until the writer completes it.</summary>
    public async IAsyncEnumerable<AlertDecision> Watch(ChannelReader<AccountTransaction> transactions, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        await foreach (var t in transactions.ReadAllAsync(cancellation).ConfigureAwait(false))
            yield return Decide(t);
    }
}
