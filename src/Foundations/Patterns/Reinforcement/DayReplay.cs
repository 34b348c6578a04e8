using System.Globalization;
using System.Text;

namespace Foundations.Patterns;

/// <summary>One account's day replayed: each transaction, whether it was a planted anomaly, and what every compared policy decided.</summary>
public sealed class DayReplay
{
    internal DayReplay(AlertComparison comparison, string customerId, DateOnly day, string policy)
    {
        var (start, end) = comparison.Stream.RangeOf(day);
        Rows = Enumerable.Range(start, end - start)
            .Where(i => comparison.Stream.Transactions[i].CustomerId == customerId)
            .Select(i => new DayReplayRow(comparison.Stream.Transactions[i],
                comparison.Outcomes.Select(o => o.DecisionAt(i) ?? throw new ArgumentException($"{day:yyyy-MM-dd} was not among the evaluated days.", nameof(day))).ToArray()))
            .ToArray();
        if (Rows.Count == 0) throw new ArgumentException($"Account {customerId} has no transactions on {day:yyyy-MM-dd}.", nameof(customerId));
        CustomerId = customerId;
        Day = day;
        Policies = comparison.Outcomes.Select(o => o.Policy).ToArray();
        Comparison = comparison;
        Policy = policy;
    }

    public string CustomerId { get; }
    public DateOnly Day { get; }

    /// <summary>The compared policies, in the order of each row's decisions.</summary>
    public IReadOnlyList<string> Policies { get; }

    /// <summary>The account's transactions that day with each policy's decision.</summary>
    public IReadOnlyList<DayReplayRow> Rows { get; }

    /// <summary>The policy whose decisions the chart colours.</summary>
    public string Policy { get; }

    /// <summary>The comparison the day was replayed from.</summary>
    internal AlertComparison Comparison { get; }
}

/// <summary>One transaction of a replayed day and the decision of each compared policy.</summary>
public sealed record DayReplayRow(AccountTransaction Transaction, IReadOnlyList<AlertAction> Decisions);
