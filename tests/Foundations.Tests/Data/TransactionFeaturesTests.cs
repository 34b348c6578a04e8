using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

public class TransactionFeaturesTests
{
    private static readonly DateTime AsOf = new(2025, 6, 30, 0, 0, 0, DateTimeKind.Utc);

    private static DataFrame Transactions()
    {
        var rows = new (string Customer, int DaysBefore, double Amount, string Direction, string Channel, string Category)[]
        {
            ("C1", 1, 10, "debit", "online", "groceries"),
            ("C1", 5, 30, "debit", "mobile", "groceries"),
            ("C1", 20, 20, "credit", "online", "transfer"),
            ("C1", 200, 999, "debit", "atm", "cash"),      // outside the 90-day window: only recency may see it
            ("C1", -3, 5000, "debit", "online", "travel"),  // after the as-of date: never read
            ("C2", 120, 40, "debit", "atm", "cash"),       // C2 has no transaction in the window
            ("C3", 10, 7, "debit", "mobile", "groceries"),
        };
        return new DataFrame(
            new StringDataFrameColumn("customer_id", rows.Select(r => r.Customer)),
            new DateTimeDataFrameColumn("timestamp", rows.Select(r => (DateTime?)AsOf.AddDays(-r.DaysBefore))),
            new DoubleDataFrameColumn("amount", rows.Select(r => (double?)r.Amount)),
            new StringDataFrameColumn("direction", rows.Select(r => r.Direction)),
            new StringDataFrameColumn("channel", rows.Select(r => r.Channel)),
            new StringDataFrameColumn("merchant_category", rows.Select(r => r.Category)));
    }

    [Fact]
    public void Window_features_count_sum_mean_std_recency_and_shares()
    {
        var f = TransactionFeatures.PerCustomer(Transactions(), TimeSpan.FromDays(90), AsOf);
        Assert.Equal(new[] { "C1", "C2", "C3" }, f.Columns["customer_id"].Cast<string>());
        Assert.Equal(new object[] { 3, 0, 1 }, new[] { f.Columns["txn_count_90d"][0], f.Columns["txn_count_90d"][1], f.Columns["txn_count_90d"][2] });
        Assert.Equal(60.0, f.Columns["amount_sum_90d"][0]);
        Assert.Equal(20.0, f.Columns["amount_mean_90d"][0]);
        Assert.Equal(10.0, (double)f.Columns["amount_std_90d"][0], 9);   // sample std of 10, 30, 20
        Assert.Equal(0.0, f.Columns["amount_std_90d"][2]);
        Assert.Null(f.Columns["amount_mean_90d"][1]);
        Assert.Equal(30.0, f.Columns["amount_max_90d"][0]);
        Assert.Equal(20.0, f.Columns["credit_sum_90d"][0]);
        Assert.Equal(40.0, f.Columns["debit_sum_90d"][0]);
        Assert.Equal(1.0, f.Columns["days_since_last_txn"][0]);
        Assert.Equal(120.0, f.Columns["days_since_last_txn"][1]);
        Assert.Equal(2.0 / 3, (double)f.Columns["channel_share_online_90d"][0], 12);
        Assert.Equal(0.0, f.Columns["channel_share_atm_90d"][0]);
        Assert.Equal(2.0 / 3, (double)f.Columns["category_share_groceries_90d"][0], 12);
        // The transaction after the as-of date added no "travel" category and no amount.
        Assert.DoesNotContain("category_share_travel_90d", f.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Join_keeps_every_customer_and_fills_counts_with_zero()
    {
        var customers = new DataFrame(
            new StringDataFrameColumn("customer_id", new[] { "C3", "C9", "C1" }),
            new Int32DataFrameColumn("age", new int?[] { 30, 40, 50 }));
        var features = TransactionFeatures.PerCustomer(Transactions(), TimeSpan.FromDays(90), AsOf);
        var joined = TransactionFeatures.JoinTo(customers, features);
        Assert.Equal(3, joined.Rows.Count);
        Assert.Equal("C9", joined.Columns["customer_id"][1]);
        Assert.Equal(new object[] { 1, 0, 3 }, new[] { joined.Columns["txn_count_90d"][0], joined.Columns["txn_count_90d"][1], joined.Columns["txn_count_90d"][2] });
        Assert.Equal(0.0, joined.Columns["channel_share_mobile_90d"][1]);
        Assert.Null(joined.Columns["amount_mean_90d"][1]);
        Assert.Null(joined.Columns["days_since_last_txn"][1]);
        Assert.Equal(20.0, joined.Columns["amount_mean_90d"][2]);
        Assert.Equal(2, customers.Columns.Count);
    }

    [Fact]
    public void A_text_timestamp_column_is_a_clear_error()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("customer_id", new[] { "C1" }), new StringDataFrameColumn("timestamp", new[] { "2025-01-01" }),
            new DoubleDataFrameColumn("amount", new double?[] { 1 }), new StringDataFrameColumn("channel", new[] { "atm" }),
            new StringDataFrameColumn("merchant_category", new[] { "cash" }));
        var e = Assert.Throws<ArgumentException>(() => TransactionFeatures.PerCustomer(frame, TimeSpan.FromDays(30)));
        Assert.StartsWith("TransactionFeatures: column 'timestamp' must hold date-times (load it with ColumnType.DateTime).", e.Message);
    }
}
