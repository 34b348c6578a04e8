namespace Foundations.Patterns;

/// <summary>
/// One movement of money on an account, as the monitor sees it. <see cref="IsAnomaly"/> and <see cref="AnomalyType"/>
/// are the planted truth, used only to score decisions (rewards, evaluation), never as a feature. Direction is "debit"
/// (money out) or "credit"; Channel, MerchantCategory and Country are empty and BalanceAfter is NaN when the bank's file
/// does not have them (<see cref="TransactionColumns"/>).
/// </summary>
public sealed record AccountTransaction(
    string TransactionId,
    DateTime Timestamp,
    string CustomerId,
    double Amount,
    string Direction,
    string Channel,
    string MerchantCategory,
    string Country,
    double BalanceAfter,
    bool IsAnomaly = false,
    string AnomalyType = "none")
{
    /// <summary>Money out of the account (direction "debit").</summary>
    public bool IsDebit => string.Equals(Direction, "debit", StringComparison.OrdinalIgnoreCase);

    /// <summary>The calendar day (UTC) the transaction belongs to; episodes are days.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Timestamp);

    /// <summary>The balance just before this transaction.</summary>
    public double BalanceBefore => IsDebit ? BalanceAfter + Amount : BalanceAfter - Amount;
}
