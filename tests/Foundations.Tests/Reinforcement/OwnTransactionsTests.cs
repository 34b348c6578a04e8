using Foundations.Data;
using Foundations.Interactive;
using Foundations.Patterns;

namespace Foundations.Tests.Reinforcement;

/// <summary>A bank's own transactions file, with its own column names and conventions, read through <see cref="TransactionColumns"/>.</summary>
public class OwnTransactionsTests
{
    private static string Write(params string[] lines)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fnd-own-tx-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private static TransactionStream Read(TransactionColumns columns, params string[] lines)
    {
        string path = Write(lines);
        try { return TransactionStream.ReadCsv(path, columns); }
        finally { File.Delete(path); }
    }

    /// <summary>A mobile-money file shaped like PaySim: hours counted from the start, a type column, no channel or country.</summary>
    private static readonly TransactionColumns MobileMoney = new()
    {
        Time = "step", TimeFormat = "hours", Account = "nameOrig", Amount = "amount",
        Direction = "type", MoneyOut = new[] { "CASH_OUT", "TRANSFER", "PAYMENT" }, MoneyIn = new[] { "CASH_IN" },
        Channel = "", MerchantCategory = "", Country = "", BalanceAfter = "newbalanceOrig",
        Incident = "isFraud", TransactionId = "",
    };

    [Fact]
    public void A_file_with_its_own_column_names_and_hour_counts_reads_through_the_mapping()
    {
        var stream = Read(MobileMoney,
            "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,isFraud",
            "1,PAYMENT,9839.64,C1231006815,170136.0,160296.36,0",
            "1,CASH_IN,500,C1666544295,21249.0,21749.0,0",
            "26,TRANSFER,181.0,C1305486145,181.0,0.0,1");

        Assert.Empty(stream.SetAside);
        Assert.Equal(3, stream.Transactions.Count);
        var first = stream.Transactions[0];
        Assert.Equal(new DateTime(2000, 1, 1, 1, 0, 0, DateTimeKind.Utc), first.Timestamp);
        Assert.Equal(("C1231006815", 9839.64, "debit", 160296.36), (first.CustomerId, first.Amount, first.Direction, first.BalanceAfter));
        Assert.Equal("credit", stream.Transactions[1].Direction);
        var fraud = stream.Transactions[2];
        Assert.True(fraud.IsAnomaly);
        Assert.Equal(new DateOnly(2000, 1, 2), fraud.Day);          // hour 26 is on the second day
        Assert.Equal("", fraud.Channel + fraud.MerchantCategory + fraud.Country);
        Assert.Equal(2, stream.Days.Count);
        Assert.Equal(new[] { "channel", "merchant category", "country" }, stream.Columns.FactsMissing);
        string html = Reports.Html(stream);
        Assert.Contains("1 marked as incidents (column isFraud)", html);
        Assert.Contains("does without: channel; merchant category; country", html);
    }

    [Fact]
    public void A_date_written_with_the_year_last_is_read_only_in_the_order_its_format_names()
    {
        // A night of 5 December from a UK export: without a format, 05/12/2026 would be read as May 12 by the
        // invariant parser. Each row is set aside instead, saying what to name; with the format it is 5 December.
        var columns = MobileMoney with { Time = "posted", TimeFormat = "" };
        string[] lines =
        [
            "posted,type,amount,nameOrig,newbalanceOrig,isFraud",
            "05/12/2026 09:15,PAYMENT,25.00,C1,100.0,0",
            "05/12/2026 18:40,CASH_IN,500,C2,900.0,0",
            "2026-12-05T20:00:00Z,PAYMENT,12.50,C1,87.5,0",
        ];
        var unnamed = Read(columns, lines);
        Assert.Single(unnamed.Transactions);                          // the ISO row reads alone
        Assert.Equal(2, unnamed.SetAside.Count);
        Assert.Contains("line 2, column posted: expected a date-time whose order is named (written with the year last, 05/12/2026 may be 5 December or May 12): give TimeFormat", unnamed.SetAside[0]);
        var named = Read(columns with { TimeFormat = "dd/MM/yyyy HH:mm" }, lines[..3]);
        Assert.Empty(named.SetAside);
        Assert.Equal(new DateTime(2026, 12, 5, 9, 15, 0, DateTimeKind.Utc), named.Transactions[0].Timestamp);
    }

    [Fact]
    public void A_fact_the_file_lacks_is_never_new_and_a_missing_balance_moves_no_share()
    {
        var card = MobileMoney with { Direction = "", BalanceAfter = "" };
        var stream = Read(card,
            "step,amount,nameOrig,isFraud",
            "1,20,K1,0",
            "2,20,K1,0",
            "30,900,K1,1");

        Assert.All(stream.Transactions, t => Assert.True(t.IsDebit));   // no direction column: every row is a payment out
        Assert.All(stream.Transactions, t => Assert.True(double.IsNaN(t.BalanceAfter)));
        var tracker = new ActivityTracker();
        var features = stream.Transactions.Select(tracker.Observe).ToArray();
        Assert.All(features, f => Assert.False(f.NewChannel || f.NewCountry || f.NewMerchantCategory || f.AwayFromUsualCountry));
        Assert.All(features, f => Assert.Equal(0, f.ShareOfBalance));
        Assert.Contains("direction (every transaction is money out)", stream.Columns.FactsMissing);
    }

    [Fact]
    public void The_amount_named_as_the_direction_says_it_by_its_sign_and_a_zero_is_set_aside()
    {
        var signed = TransactionColumns.Default with { Direction = "amount", Channel = "", MerchantCategory = "", Country = "", BalanceAfter = "" };
        var stream = Read(signed,
            "timestamp,customer_id,amount",
            "2026-03-01T10:00:00Z,A,-50.5",
            "2026-03-01T11:00:00Z,A,20",
            "2026-03-01T12:00:00Z,A,0",
            "2026-03-01T13:00:00Z,A,-1e300");

        Assert.Equal(new[] { ("debit", 50.5), ("credit", 20.0) }, stream.Transactions.Select(t => (t.Direction, t.Amount)));
        Assert.Equal(2, stream.SetAside.Count);
        Assert.Contains("line 4: column amount: expected a non-zero number below 1e15, found 0", stream.SetAside[0]);
        Assert.Contains("line 5: column amount: expected a non-zero number below 1e15, found 1E+300", stream.SetAside[1]);
    }

    [Fact]
    public void A_direction_value_that_is_neither_listed_out_nor_in_is_set_aside_with_its_line()
    {
        var stream = Read(MobileMoney,
            "step,type,amount,nameOrig,newbalanceOrig,isFraud",
            "1,PAYMENT,10,C1,90,0",
            "2,REFUND,10,C1,100,0");

        Assert.Single(stream.Transactions);
        var setAside = Assert.Single(stream.SetAside);
        Assert.Contains("line 3, column type: expected CASH_OUT or TRANSFER or PAYMENT (money out) or CASH_IN (money in), found 'REFUND'", setAside);
    }

    [Fact]
    public void A_compact_date_format_reads_the_same_from_text_and_from_a_typed_frame_whose_numbers_lost_their_leading_zeros()
    {
        var czech = TransactionColumns.Default with
        {
            Time = "date", TimeFormat = "yyMMdd", Account = "account_id", Direction = "type",
            MoneyOut = new[] { "VYDAJ", "VYBER" }, MoneyIn = new[] { "PRIJEM" }, Channel = "operation",
            MerchantCategory = "k_symbol", Country = "bank", BalanceAfter = "balance", Incident = "", TransactionId = "trans_id",
        };
        string path = Write(
            "\"trans_id\";\"account_id\";\"date\";\"type\";\"operation\";\"amount\";\"balance\";\"k_symbol\";\"bank\"",
            "695247;2378;991231;\"PRIJEM\";\"VKLAD\";700.0;700.0;\"\";\"\"",
            "171812;576;000105;\"VYDAJ\";\"VYBER KARTOU\";100.0;600.0;\"SIPO\";\"AB\"");
        try
        {
            var fromText = TransactionStream.ReadCsv(path, czech);
            var (frame, _) = Csv.Load(path);   // reads the dates as numbers: 105 for 000105
            var fromFrame = TransactionStream.From(frame, czech);

            Assert.Empty(fromText.SetAside);
            Assert.Empty(fromFrame.SetAside);
            Assert.Equal(new[] { new DateTime(1999, 12, 31, 0, 0, 0, DateTimeKind.Utc), new DateTime(2000, 1, 5, 0, 0, 0, DateTimeKind.Utc) },
                fromText.Transactions.Select(t => t.Timestamp));
            Assert.Equal(fromText.Transactions.Select(t => (t.TransactionId, t.Timestamp, t.CustomerId, t.Amount, t.Direction, t.Channel, t.Country)),
                fromFrame.Transactions.Select(t => (t.TransactionId, t.Timestamp, t.CustomerId, t.Amount, t.Direction, t.Channel, t.Country)));
            Assert.Equal(0, fromText.Anomalies);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Verdicts_written_as_words_count_by_the_values_listed_as_incidents()
    {
        var words = MobileMoney with { IncidentValues = new[] { "fraud", "mule" } };
        var stream = Read(words,
            "step,type,amount,nameOrig,newbalanceOrig,isFraud",
            "1,PAYMENT,10,C1,90,legit",
            "2,PAYMENT,10,C1,80,Fraud",
            "3,PAYMENT,10,C1,70,mule");

        Assert.Equal(new[] { false, true, true }, stream.Transactions.Select(t => t.IsAnomaly));
        // Without listed values a word is neither 1/0 nor true/false: set aside, and the message says how to list them.
        var strict = Read(MobileMoney, "step,type,amount,nameOrig,newbalanceOrig,isFraud", "1,PAYMENT,10,C1,90,legit");
        Assert.Contains("column isFraud: expected 0 or 1 (or name the values that mean an incident", Assert.Single(strict.SetAside));
    }

    [Fact]
    public void A_named_column_the_file_lacks_is_named_with_how_to_say_the_file_has_none()
    {
        var wrong = MobileMoney with { Channel = "kanal", Country = "land" };
        string path = Write("step,type,amount,nameOrig,newbalanceOrig,isFraud", "1,PAYMENT,10,C1,90,0");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => TransactionStream.ReadCsv(path, wrong));
            Assert.Contains("line 1: the header lacks column(s) kanal, land", error.Message);
            Assert.Contains("leave a fact empty if the file has none", error.Message);
            // The verdict under its default name may be absent (live data has none yet); under a name the user gave, it may not.
            Assert.Empty(TransactionStream.ReadCsv(path, MobileMoney with { Incident = TransactionColumns.Default.Incident }).SetAside);
            Assert.Contains("verdict", Assert.Throws<InvalidDataException>(() => TransactionStream.ReadCsv(path, MobileMoney with { Incident = "verdict" })).Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Renaming_pairs_map_yours_onto_the_kits_columns_and_an_empty_name_says_the_file_has_none()
    {
        var columns = TransactionColumns.Default.Renaming("acct = customer_id, booked_at=timestamp, =channel, fraud=is_anomaly");
        Assert.Equal(("booked_at", "acct", "", "fraud", "amount"), (columns.Time, columns.Account, columns.Channel, columns.Incident, columns.Amount));
        Assert.Equal(TransactionColumns.Default.Time, TransactionColumns.Default.Renaming("").Time);
        Assert.Contains("'when=time' names 'time', which is not one of the kit's columns", Assert.Throws<ArgumentException>(() => TransactionColumns.Default.Renaming("when=time")).Message);
        Assert.Contains("'acct' is not yours=kit", Assert.Throws<ArgumentException>(() => TransactionColumns.Default.Renaming("acct")).Message);
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_naming_the_setting()
    {
        string path = Write("step,type,amount,nameOrig,newbalanceOrig,isFraud", "1,PAYMENT,10,C1,90,0");
        try
        {
            Assert.Contains("TimeFormat 'fortnights'", Assert.Throws<ArgumentException>(() => TransactionStream.ReadCsv(path, MobileMoney with { TimeFormat = "fortnights" })).Message);
            Assert.Contains("TransactionColumns.Account", Assert.Throws<ArgumentException>(() => TransactionStream.ReadCsv(path, MobileMoney with { Account = " " })).Message);
            Assert.Contains("PAYMENT is listed both", Assert.Throws<ArgumentException>(() => TransactionStream.ReadCsv(path, MobileMoney with { MoneyIn = new[] { "payment" } })).Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_count_of_hours_no_date_can_hold_is_set_aside_not_thrown()
    {
        var stream = Read(MobileMoney,
            "step,type,amount,nameOrig,newbalanceOrig,isFraud",
            "1,PAYMENT,10,C1,90,0",
            "1e300,PAYMENT,10,C1,80,0",
            "-5e20,PAYMENT,10,C1,80,0",
            "-24000000,PAYMENT,10,C1,80,0",    // 2,738 years before 2000: before year 1
            "80000000,PAYMENT,10,C1,80,0");    // 9,126 years after: beyond 9999

        Assert.Single(stream.Transactions);
        Assert.Equal(4, stream.SetAside.Count);
        Assert.All(stream.SetAside, s => Assert.Contains("column step: expected a number of hours that falls between the years 1 and 9999", s));
    }

    [Fact]
    public void Training_on_days_without_a_single_verdict_is_refused_naming_the_verdict_column()
    {
        var stream = Read(MobileMoney,
            "step,type,amount,nameOrig,newbalanceOrig,isFraud",
            "1,PAYMENT,10,C1,90,0",
            "30,PAYMENT,10,C1,80,0");

        var error = Assert.Throws<ArgumentException>(() => Foundations.Patterns.Reinforcement.Of(stream).WithEpisodes(1).Quiet().Train());
        Assert.Contains("None of the 2 training days holds a transaction marked as an incident (column isFraud)", error.Message);
        Assert.Contains("incidentColumn", error.Message);
    }
}
