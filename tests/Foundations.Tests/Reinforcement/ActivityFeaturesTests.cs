using Foundations.Interactive;
using Foundations.Data;
using Foundations.Patterns;
using static Foundations.Tests.Reinforcement.HandMadeStreams;

namespace Foundations.Tests.Reinforcement;

public class ActivityFeaturesTests
{
    [Fact]
    public void Amount_is_measured_against_the_accounts_own_history()
    {
        var tracker = new ActivityTracker();
        for (int i = 0; i < 6; i++) tracker.Observe(Tx("A", Day1.AddHours(i * 5), 100));
        var big = tracker.Observe(Tx("A", Day1.AddDays(2), 400));
        Assert.Equal(Math.Log(4), big.AmountVsUsual, 6);
        Assert.True(big.AmountZScore > 10, $"z-score {big.AmountZScore}");
        // The same 400 is ordinary for an account that usually pays 400.
        for (int i = 0; i < 6; i++) tracker.Observe(Tx("B", Day1.AddHours(i * 5), 400));
        Assert.Equal(0, tracker.Observe(Tx("B", Day1.AddDays(2), 400)).AmountVsUsual, 6);
    }

    [Fact]
    public void Velocity_counts_the_accounts_transactions_in_the_last_hour_and_day()
    {
        var tracker = new ActivityTracker();
        tracker.Observe(Tx("A", Day1.AddHours(1), 10));
        tracker.Observe(Tx("A", Day1.AddHours(9).AddMinutes(10), 10));
        tracker.Observe(Tx("A", Day1.AddHours(9).AddMinutes(40), 10));
        tracker.Observe(Tx("B", Day1.AddHours(9).AddMinutes(45), 10));
        var f = tracker.Observe(Tx("A", Day1.AddHours(10), 30));
        Assert.Equal(2, f.TransactionsLastHour);
        Assert.Equal(3, f.TransactionsLastDay);
        Assert.Equal(20.0 / 60, f.HoursSinceLastActivity, 6);
        Assert.Equal(3, f.HistoryLength);
    }

    [Fact]
    public void A_country_channel_or_category_stays_new_for_a_day_after_first_use()
    {
        var tracker = new ActivityTracker();
        tracker.Observe(Tx("A", Day1.AddHours(8), 10));
        var first = tracker.Observe(Tx("A", Day1.AddHours(9), 10, country: "NG", channel: "online", category: "electronics"));
        var again = tracker.Observe(Tx("A", Day1.AddHours(10), 10, country: "NG", channel: "online", category: "electronics"));
        var later = tracker.Observe(Tx("A", Day1.AddDays(2), 10, country: "NG", channel: "online", category: "electronics"));
        Assert.True(first.NewCountry && first.NewChannel && first.NewMerchantCategory && first.AwayFromUsualCountry);
        Assert.True(again.NewCountry && again.NewChannel && again.NewMerchantCategory);
        Assert.False(later.NewCountry || later.NewChannel || later.NewMerchantCategory);
        Assert.False(tracker.Observe(Tx("A", Day1.AddDays(3), 10)).NewCountry);
    }

    [Fact]
    public void Balance_change_is_the_share_of_the_balance_moved_out()
    {
        var tracker = new ActivityTracker();
        var f = tracker.Observe(Tx("A", Day1, 600, balanceAfter: 400));
        Assert.Equal(0.6, f.ShareOfBalance, 6);
        var credit = tracker.Observe(Tx("A", Day1.AddHours(1), 500, direction: "credit", balanceAfter: 900));
        Assert.True(credit.IsCredit);
        Assert.Equal(-1.25, credit.ShareOfBalance, 6);
    }

    [Fact]
    public void A_transaction_earlier_than_the_accounts_last_one_is_refused_with_its_id()
    {
        var tracker = new ActivityTracker();
        tracker.Observe(Tx("A", Day1.AddHours(10), 10));
        var late = Tx("A", Day1.AddHours(9), 10);
        var error = Assert.Throws<ArgumentException>(() => tracker.Observe(late));
        Assert.Contains(late.TransactionId, error.Message);
        Assert.Contains("time order", error.Message);
    }

    [Fact]
    public void Csv_rows_that_cannot_be_read_are_set_aside_with_line_and_column_and_counted()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fnd-tx-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, new[]
        {
            "transaction_id,timestamp,customer_id,amount,direction,channel,merchant_category,country,balance_after,is_anomaly,anomaly_type",
            "T1,2026-01-01T09:00:00Z,C1,12.5,debit,online,retail,GB,100,0,none",
            "T2,2026-01-01T09:05:00Z,C1,abc,debit,online,retail,GB,100,0,none",
            "T3,2026-01-01T09:06:00Z,C1,5,sideways,online,retail,GB,100,0,none",
            "T4,2026-01-01T09:07:00Z,C1,5,debit,online",
            "T5,2026-01-02T10:00:00Z,C2,7,debit,\"card_present\",retail,GB,93,1,unusual_country",
        });
        try
        {
            var stream = TransactionStream.ReadCsv(path);
            Assert.Equal(2, stream.Transactions.Count);
            Assert.Equal(3, stream.SetAside.Count);
            Assert.Contains("line 3, column amount", stream.SetAside[0]);
            Assert.Contains("'abc'", stream.SetAside[0]);
            Assert.Contains("line 4", stream.SetAside[1]);
            Assert.Contains("direction", stream.SetAside[1]);
            Assert.Contains("line 5: expected 11 fields, found 6", stream.SetAside[2]);
            Assert.Equal(1, stream.Anomalies);
            Assert.Contains("3 rows set aside", Reports.Html(stream));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_missing_column_is_named_in_the_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fnd-tx-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, new[] { "timestamp,customer_id,amount", "2026-01-01T09:00:00Z,C1,1" });
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => TransactionStream.ReadCsv(path));
            Assert.Contains("line 1", error.Message);
            Assert.Contains("direction", error.Message);
            Assert.Contains("balance_after", error.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_data_frame_and_its_csv_give_the_same_stream()
    {
        var bank = SampleBank.Generate(customers: 40, seed: 5, transactionAccounts: 40, days: 15);
        string folder = Path.Combine(Path.GetTempPath(), $"fnd-bank-{Guid.NewGuid():N}");
        try
        {
            bank.WriteCsv(folder);
            var fromFrame = TransactionStream.From(bank.Transactions);
            var fromCsv = TransactionStream.ReadCsv(Path.Combine(folder, "transactions.csv"));
            Assert.Empty(fromFrame.SetAside);
            Assert.Equal(fromFrame.Transactions, fromCsv.Transactions);
            Assert.Equal(15, fromFrame.Days.Count);
            // Downloaded compressed, as PaySim's and IEEE-CIS's files are: the same stream.
            string gz = Path.Combine(folder, "transactions.csv.gz");
            using (var to = new System.IO.Compression.GZipStream(File.Create(gz), System.IO.Compression.CompressionLevel.Fastest))
            using (var from = File.OpenRead(Path.Combine(folder, "transactions.csv")))
                from.CopyTo(to);
            Assert.Equal(fromFrame.Transactions, TransactionStream.ReadCsv(gz).Transactions);
            // Sent as an Excel workbook: timestamps as Excel date-times (no zone: read as UTC, as the file's are), amounts as numbers.
            var rows = File.ReadAllLines(Path.Combine(folder, "transactions.csv")).Select((line, r) => line.Split(',').Select(field =>
                r > 0 && double.TryParse(field, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number) ? number
                : r > 0 && field.EndsWith('Z') && DateTime.TryParse(field, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var when) ? when
                : (object)field).ToArray()).ToList();
            string workbook = Data.Workbooks.Write(Path.Combine(folder, "transactions.xlsx"), new Data.Workbooks.Sheet("Transactions", rows));
            Assert.Equal(fromFrame.Transactions, TransactionStream.ReadCsv(workbook).Transactions);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
    }

    [Fact]
    public void Held_out_days_come_after_every_training_day()
    {
        var stream = TwoDays();
        var split = stream.SplitDays(1);
        Assert.Equal(new[] { DateOnly.FromDateTime(Day1) }, split.Training);
        Assert.Equal(new[] { DateOnly.FromDateTime(Day1).AddDays(1) }, split.HeldOut);
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.SplitDays(2));
    }

    [Fact]
    public void Csv_with_semicolons_and_quoted_separators_and_line_breaks_reads_with_lines_named()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fnd-tx-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join("\n",
            "transaction_id;timestamp;customer_id;amount;direction;channel;merchant_category;country;balance_after;is_anomaly;anomaly_type",
            "T1;2026-01-01T09:00:00Z;C1;12.5;debit;online;\"retail; food\";GB;100;0;none",
            "T2;2026-01-01T09:05:00Z;C1;5;debit;online;\"two",
            "lines\";GB;95;0;none",
            "T3;2026-01-01T09:06:00Z;C1;xyz;debit;online;retail;GB;90;0;none") + "\n");
        try
        {
            var stream = TransactionStream.ReadCsv(path);
            Assert.Equal(2, stream.Transactions.Count);
            Assert.Equal("retail; food", stream.Transactions[0].MerchantCategory);
            Assert.Equal("two\nlines", stream.Transactions[1].MerchantCategory);
            var setAside = Assert.Single(stream.SetAside);
            Assert.Contains("line 5, column amount", setAside);   // the record after the two-line field starts on line 5
        }
        finally { File.Delete(path); }
    }
}
