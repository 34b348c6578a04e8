using Foundations.Patterns;

namespace Foundations.Tests.Reinforcement;

/// <summary>Small hand-made transaction streams whose every feature and reward can be worked out by hand.</summary>
internal static class HandMadeStreams
{
    public static readonly DateTime Day1 = new(2026, 1, 10, 0, 0, 0, DateTimeKind.Utc);

    private static int _id;

    public static AccountTransaction Tx(string account, DateTime time, double amount, bool anomaly = false, string country = "GB",
        string channel = "card_present", string category = "grocery", string direction = "debit", double balanceAfter = 1000) =>
        new($"T{Interlocked.Increment(ref _id):D5}", time, account, amount, direction, channel, category, country, balanceAfter, anomaly,
            anomaly ? "account_takeover" : "none");

    /// <summary>
    /// Two days: account A pays 50 on day 1 at 09:00 and 10:00, then on day 2 a normal 50 at 09:00 and a planted
    /// anomaly of 900 at 09:20; account B pays 20 on each day at 12:00.
    /// </summary>
    public static TransactionStream TwoDays() => TransactionStream.From(new[]
    {
        Tx("A", Day1.AddHours(9), 50),
        Tx("A", Day1.AddHours(10), 50),
        Tx("B", Day1.AddHours(12), 20),
        Tx("A", Day1.AddDays(1).AddHours(9), 50),
        Tx("A", Day1.AddDays(1).AddHours(9).AddMinutes(20), 900, anomaly: true, channel: "online", category: "electronics"),
        Tx("B", Day1.AddDays(1).AddHours(12), 20),
    });

    /// <summary>Always takes the same action (for environment tests).</summary>
    public sealed class Always(AlertAction action) : IAlertPolicy
    {
        public string Name => $"always {action}";
        public AlertAction Decide(in AlertState state) => action;
        public IReadOnlyList<DecisionDriver> Explain(in AlertState state, AlertAction taken) => Array.Empty<DecisionDriver>();
    }
}
