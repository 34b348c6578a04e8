using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Which period of the synthetic bank to draw: the development sample, a later one, or a drifted later one.</summary>
public enum SamplePeriod
{
    /// <summary>The period models are developed on.</summary>
    Development,
    /// <summary>Fresh customers from the same bank a quarter later: nothing has changed, monitoring should stay green.</summary>
    Later,
    /// <summary>A later quarter in which incomes rose, a new channel appeared and the churn mechanism changed.</summary>
    DriftedLater,
}

/// <summary>
/// A deterministic synthetic retail bank: customers with planted segments and nonlinear churn and default labels,
/// and their transactions with planted anomalies. Same arguments, byte-identical files.
/// </summary>
public sealed class SampleBank
{
    /// <summary>The arguments the bundled files in data-samples/ were generated with.</summary>
    public static readonly (int Customers, int TransactionAccounts, int Days, int Seed) Bundled = (4000, 600, 60, 42);

    private SampleBank(DataFrame customers, DataFrame transactions, DataFrame plantedSegments, SamplePeriod period)
    {
        Customers = customers;
        Transactions = transactions;
        PlantedSegments = plantedSegments;
        Period = period;
    }

    /// <summary>One row per customer: profile, products, balances, engagement and the two labels.</summary>
    public DataFrame Customers { get; }

    /// <summary>Transactions in time order, with planted anomalies labelled in is_anomaly and anomaly_type.</summary>
    public DataFrame Transactions { get; }

    /// <summary>Ground truth for tests: customer_id and planted_segment (never a feature).</summary>
    public DataFrame PlantedSegments { get; }

    public SamplePeriod Period { get; }

    /// <summary>The five segments planted in the customer base, in the order their ids are drawn.</summary>
    public static IReadOnlyList<string> SegmentNames => Segments.Select(s => s.Name).ToArray();

    /// <summary>
    /// Generates the bank. <paramref name="transactionAccounts"/> limits how many customers get a transaction history
    /// (all when null); <paramref name="days"/> is the length of that history.
    /// </summary>
    public static SampleBank Generate(int customers = 10_000, int seed = 42, SamplePeriod period = SamplePeriod.Development,
        int? transactionAccounts = null, int days = 60)
    {
        if (customers <= 0) throw new ArgumentOutOfRangeException(nameof(customers), customers, "customers must be positive.");
        if (days < 14) throw new ArgumentOutOfRangeException(nameof(days), days, "days must be at least 14 so accounts have a history before incidents.");
        int accounts = Math.Min(transactionAccounts ?? customers, customers);
        if (accounts < 0) throw new ArgumentOutOfRangeException(nameof(transactionAccounts), transactionAccounts, "transactionAccounts must not be negative.");

        // Each period draws from its own stream so a later period is new customers, not a copy.
        var rng = new Random(StreamSeed(seed, (int)period));
        var people = new List<Customer>(customers);
        string idPrefix = period switch { SamplePeriod.Development => "C", SamplePeriod.Later => "L", _ => "D" };
        for (int i = 0; i < customers; i++)
            people.Add(DrawCustomer(rng, $"{idPrefix}{i + 1:D5}", period));

        var txRng = new Random(StreamSeed(seed, 100 + (int)period));
        var transactions = DrawTransactions(txRng, people.Take(accounts).ToList(), days, period);

        return new SampleBank(CustomerFrame(people), TransactionFrame(transactions), SegmentFrame(people), period);
    }

    /// <summary>Writes customers.csv, transactions.csv and planted_segments.csv into <paramref name="folder"/>.</summary>
    public void WriteCsv(string folder)
    {
        Directory.CreateDirectory(folder);
        WriteFrame(Customers, Path.Combine(folder, "customers.csv"));
        WriteFrame(Transactions, Path.Combine(folder, "transactions.csv"));
        WriteFrame(PlantedSegments, Path.Combine(folder, "planted_segments.csv"));
    }

    /// <summary>Writes customers.parquet, transactions.parquet and planted_segments.parquet into <paramref name="folder"/>.</summary>
    public void WriteParquet(string folder)
    {
        Directory.CreateDirectory(folder);
        ParquetFile.Write(Customers, Path.Combine(folder, "customers.parquet"));
        ParquetFile.Write(Transactions, Path.Combine(folder, "transactions.parquet"));
        ParquetFile.Write(PlantedSegments, Path.Combine(folder, "planted_segments.parquet"));
    }

    /// <summary>
    /// Streams <paramref name="transactions"/> transactions over <paramref name="days"/> days into <paramref name="folder"/>
    /// as a lake would hold them: parts part-00000.parquet, part-00001.parquet, ... of <paramref name="rowsPerPart"/> rows,
    /// each in row groups of about <paramref name="rowGroupRows"/> rows, and an empty _SUCCESS file once complete. Memory
    /// holds one block of customers at a time (about one row group), so 50 million rows and more need no more memory than
    /// one million. The rows do not depend on <paramref name="rowsPerPart"/>. Returns the rows written.
    /// </summary>
    public static long WriteTransactionsParquet(string folder, long transactions, int seed = 42, int days = 365,
        long rowsPerPart = 10_000_000, int rowGroupRows = 100_000)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (transactions <= 0) throw new ArgumentOutOfRangeException(nameof(transactions), transactions, "transactions must be positive.");
        if (days < 14) throw new ArgumentOutOfRangeException(nameof(days), days, "days must be at least 14 so accounts have a history before incidents.");
        if (rowsPerPart <= 0) throw new ArgumentOutOfRangeException(nameof(rowsPerPart), rowsPerPart, "rowsPerPart must be positive.");
        if (rowGroupRows <= 0) throw new ArgumentOutOfRangeException(nameof(rowGroupRows), rowGroupRows, "rowGroupRows must be positive.");
        Directory.CreateDirectory(folder);
        if (Directory.EnumerateFiles(folder, "*.parquet").Any() || File.Exists(Path.Combine(folder, "_SUCCESS")))
            throw new IOException($"WriteTransactionsParquet: folder '{folder}' already holds Parquet parts; write into an empty folder so old parts are not read with the new ones.");

        // An account makes about one transaction a day on average over the segments, so a block of customers fills about one row group.
        int customersPerBlock = Math.Max(1, rowGroupRows / days);
        ParquetPartWriter? writer = null;
        long written = 0, inPart = 0, customer = 0;
        int part = 0;
        try
        {
            for (int block = 0; written < transactions; block++)
            {
                // Each block draws from its own streams, so a block's rows do not depend on how many came before.
                var rng = new Random(StreamSeed(seed, 1_000 + block));
                var people = new List<Customer>(customersPerBlock);
                for (int i = 0; i < customersPerBlock; i++)
                    people.Add(DrawCustomer(rng, $"C{++customer:D8}", SamplePeriod.Development));
                var drawn = DrawTransactions(new Random(StreamSeed(seed, 1_000_000 + block)), people, days, SamplePeriod.Development);
                var frame = TransactionFrame(drawn, written + 1);
                drawn.Clear();
                long take = Math.Min(frame.Rows.Count, transactions - written);
                // A block that crosses a part boundary is split there, so every part but the last holds exactly rowsPerPart rows.
                for (long start = 0; start < take;)
                {
                    if (writer is null || inPart == rowsPerPart)
                    {
                        writer?.Dispose();
                        writer = new ParquetPartWriter(Path.Combine(folder, $"part-{part++:D5}.parquet"), frame);
                        inPart = 0;
                    }
                    long count = Math.Min(take - start, rowsPerPart - inPart);
                    writer.Append(frame, start, count);
                    start += count;
                    inPart += count;
                    written += count;
                }
            }
        }
        finally
        {
            writer?.Dispose();
        }
        File.WriteAllBytes(Path.Combine(folder, "_SUCCESS"), []);
        return written;
    }

    // ---------------------------------------------------------------- customers

    private sealed record SegmentSpec(string Name, double Share, double Age, double AgeSd, double Income, double IncomeSd,
        double Tenure, double TenureSd, int ProductsMin, int ProductsMax, double Mortgage, double CreditCard, double Savings,
        double Checking, double CheckingSd, double SavingsBalance, double SavingsSd, double Utilisation, double Logins,
        double BranchVisits, double Calls, double Complaints, double Missed, double Salary, double CardSpend,
        string[] Channels, double[] ChannelWeights, string[] Bands, double[] BandWeights, string[] Jobs, double[] JobWeights,
        double DailyTransactions, double TypicalAmount);

    // Segments differ on many columns at once (age, income, balances, engagement, credit behaviour) so that they are
    // recoverable from the features, as real segments are, without any single column giving them away.
    private static readonly SegmentSpec[] Segments =
    {
        new("young_digital", 0.24, 27, 4, 34_000, 8_000, 30, 14, 1, 2, 0.03, 0.45, 0.6, 1_600, 600, 3_500, 2_000, 0.30, 26,
            0.3, 0.6, 0.3, 0.2, 0.7, 900, new[] { "mobile", "web" }, new[] { 0.85, 0.15 },
            new[] { "B", "C", "D" }, new[] { 0.3, 0.5, 0.2 }, new[] { "employed", "student", "self_employed" }, new[] { 0.6, 0.3, 0.1 }, 1.2, 35),
        new("established_family", 0.24, 43, 5, 66_000, 14_000, 130, 40, 3, 5, 0.85, 0.8, 0.85, 4_200, 1_500, 16_000, 6_000, 0.35, 13,
            1.5, 1.2, 0.4, 0.3, 0.95, 2_400, new[] { "web", "mobile", "branch" }, new[] { 0.5, 0.35, 0.15 },
            new[] { "A", "B", "C" }, new[] { 0.3, 0.5, 0.2 }, new[] { "employed", "self_employed" }, new[] { 0.8, 0.2 }, 1.0, 60),
        new("retired_saver", 0.16, 72, 6, 27_000, 6_000, 300, 60, 2, 3, 0.1, 0.35, 0.95, 5_500, 2_000, 62_000, 18_000, 0.10, 1.5,
            5.0, 2.0, 0.3, 0.1, 0.05, 500, new[] { "branch", "phone", "web" }, new[] { 0.6, 0.3, 0.1 },
            new[] { "A", "B" }, new[] { 0.6, 0.4 }, new[] { "retired" }, new[] { 1.0 }, 0.5, 45),
        new("affluent_professional", 0.16, 46, 7, 155_000, 35_000, 110, 45, 4, 6, 0.7, 1.0, 1.0, 21_000, 7_000, 85_000, 25_000, 0.20, 18,
            0.8, 0.8, 0.2, 0.05, 0.97, 6_500, new[] { "web", "mobile" }, new[] { 0.55, 0.45 },
            new[] { "A" }, new[] { 1.0 }, new[] { "employed", "self_employed" }, new[] { 0.7, 0.3 }, 1.6, 140),
        new("stretched_borrower", 0.20, 36, 9, 23_000, 6_000, 60, 30, 1, 3, 0.08, 0.95, 0.15, 250, 250, 400, 300, 0.88, 9,
            1.0, 4.5, 1.4, 2.3, 0.5, 1_400, new[] { "phone", "mobile", "branch" }, new[] { 0.45, 0.4, 0.15 },
            new[] { "D", "E" }, new[] { 0.5, 0.5 }, new[] { "employed", "unemployed", "self_employed" }, new[] { 0.55, 0.35, 0.1 }, 0.8, 30),
    };

    private static readonly string[] Regions = { "London", "South East", "North West", "Midlands", "Scotland", "Wales", "North East" };
    private static readonly double[] RegionWeights = { 0.22, 0.18, 0.16, 0.16, 0.12, 0.08, 0.08 };
    private static readonly string[] FirstNames = { "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy", "Leo",
        "Freya", "Oscar", "Aisha", "Mohammed", "Priya", "Arjun", "Grace", "Jack", "Chloe", "Harry", "Zara", "Ethan", "Sofia", "Kwame" };
    private static readonly string[] LastNames = { "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
        "Khan", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Okafor", "Murray", "Campbell", "Hughes", "Edwards", "Green", "Hall" };

    private sealed record Customer(string Id, string Name, string Segment, int Age, int TenureMonths, double? Income, string Region,
        string Occupation, string PreferredChannel, string CreditBand, int Products, bool HasMortgage, bool HasCreditCard, bool HasSavings,
        double Checking, double Savings, double CardBalance, double CreditLimit, double CardSpend, bool SalaryDeposit, int Logins30,
        int LoginsPrev90, int DaysSinceLogin, int BranchVisits, int Calls, int Complaints, int Missed, int Churned, int Defaulted,
        int SegmentIndex);

    private static Customer DrawCustomer(Random rng, string id, SamplePeriod period)
    {
        int s = Pick(rng, Segments.Select(x => x.Share).ToArray());
        var seg = Segments[s];
        bool drifted = period == SamplePeriod.DriftedLater;

        int age = (int)Math.Round(Math.Clamp(Normal(rng, seg.Age, seg.AgeSd), 18, 95));
        int tenure = (int)Math.Round(Math.Clamp(Normal(rng, seg.Tenure, seg.TenureSd), 1, Math.Max(2, (age - 17) * 12)));
        double incomeValue = Math.Max(6_000, Normal(rng, seg.Income, seg.IncomeSd)) * (drifted ? 1.35 : 1.0); // wage inflation: a third more income
        double? income = rng.NextDouble() < 0.03 ? null : Math.Round(incomeValue, 0);
        string region = Regions[Pick(rng, RegionWeights)];
        string job = seg.Jobs[Pick(rng, seg.JobWeights)];
        string channel = seg.Channels[Pick(rng, seg.ChannelWeights)];
        if (drifted && rng.NextDouble() < 0.18) channel = "open_banking"; // a channel the development data never saw
        string band = seg.Bands[Pick(rng, seg.BandWeights)];
        int products = rng.Next(seg.ProductsMin, seg.ProductsMax + 1);
        bool mortgage = rng.NextDouble() < seg.Mortgage;
        bool card = rng.NextDouble() < seg.CreditCard;
        bool savings = rng.NextDouble() < seg.Savings;
        double checking = Math.Round(Normal(rng, seg.Checking, seg.CheckingSd), 2);
        double savingsBalance = savings ? Math.Round(Math.Max(0, Normal(rng, seg.SavingsBalance, seg.SavingsSd)), 2) : 0;
        double limit = card ? Math.Round(Math.Max(500, incomeValue * (0.08 + 0.06 * rng.NextDouble())) / 100) * 100 : 0;
        double utilisation = Math.Clamp(Normal(rng, seg.Utilisation, 0.12), 0, 1.1);
        double cardBalance = card ? Math.Round(limit * utilisation, 2) : 0;
        double cardSpend = card ? Math.Round(Math.Max(0, Normal(rng, seg.CardSpend, seg.CardSpend * 0.35)), 2) : 0;
        bool salary = rng.NextDouble() < seg.Salary;
        int loginsPrev90 = Poisson(rng, seg.Logins * 3);
        // Engagement drops for about a fifth of customers (about two thirds in the drifted period): the first sign of leaving that a deep model can pick up.
        bool disengaging = rng.NextDouble() < (drifted ? 0.65 : 0.22); // a rival app pulls more customers away in the drifted period
        int logins30 = Poisson(rng, disengaging ? seg.Logins * 0.2 : seg.Logins);
        int daysSinceLogin = logins30 > 0 ? rng.Next(0, Math.Max(1, 30 / (logins30 + 1)) + 1) : rng.Next(31, 120);
        int branch = Poisson(rng, seg.BranchVisits);
        int calls = Poisson(rng, seg.Calls);
        int complaints = Poisson(rng, seg.Complaints * (drifted ? 2.0 : 1.0)); // a service outage raises complaints
        int missed = card || mortgage ? Poisson(rng, seg.Missed) : 0;

        // Churn: interactions a linear scorecard on age, tenure, income, products and band cannot express.
        double engagementRatio = logins30 / (loginsPrev90 / 3.0 + 1.0);
        double z = -3.1;
        if (!drifted)
        {
            if (engagementRatio < 0.45 && products <= 2) z += 2.8;
            if (complaints >= 2 && tenure < 48) z += 2.0;
            if (!salary && age < 35) z += 1.5;
            if (daysSinceLogin > 30 && checking < 1_000) z += 1.3;
            if (products >= 4 && engagementRatio > 0.8) z -= 1.2;
        }
        else
        {
            // The mechanism changed: complaints now matter most, a salary deposit no longer keeps the young.
            if (engagementRatio < 0.45 && products <= 2) z += 1.0;
            if (complaints >= 1) z += 2.4;
            if (channel == "open_banking") z += 1.2;
            if (daysSinceLogin > 30 && checking < 1_000) z += 0.5;
        }
        if (mortgage) z -= 0.9;
        z += Normal(rng, 0, 0.5);
        int churned = rng.NextDouble() < Sigmoid(z) ? 1 : 0;

        // Default: credit utilisation, missed payments and band, with a sharper risk when utilisation is high and no salary comes in.
        double cardUtilisation = limit > 0 ? cardBalance / limit : 0;
        double d = -4.4 + 2.2 * cardUtilisation + 0.55 * missed + (band == "D" ? 0.8 : band == "E" ? 1.5 : 0) - incomeValue / 150_000.0;
        if (cardUtilisation > 0.8 && !salary) d += 1.3;
        d += Normal(rng, 0, 0.4);
        int defaulted = rng.NextDouble() < Sigmoid(d) ? 1 : 0;

        string name = $"{FirstNames[rng.Next(FirstNames.Length)]} {LastNames[rng.Next(LastNames.Length)]}";
        return new Customer(id, name, seg.Name, age, tenure, income, region, job, channel, band, products, mortgage, card, savings,
            checking, savingsBalance, cardBalance, limit, cardSpend, salary, logins30, loginsPrev90, daysSinceLogin, branch, calls,
            complaints, missed, churned, defaulted, s);
    }

    private static DataFrame CustomerFrame(List<Customer> people)
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("customer_id", people.Select(p => p.Id)),
            new StringDataFrameColumn("name", people.Select(p => p.Name)),
            new Int32DataFrameColumn("age", people.Select(p => p.Age)),
            new Int32DataFrameColumn("tenure_months", people.Select(p => p.TenureMonths)),
            new DoubleDataFrameColumn("income", people.Select(p => p.Income)),
            new StringDataFrameColumn("region", people.Select(p => p.Region)),
            new StringDataFrameColumn("occupation", people.Select(p => p.Occupation)),
            new StringDataFrameColumn("preferred_channel", people.Select(p => p.PreferredChannel)),
            new StringDataFrameColumn("credit_score_band", people.Select(p => p.CreditBand)),
            new Int32DataFrameColumn("products_held", people.Select(p => p.Products)),
            new BooleanDataFrameColumn("has_mortgage", people.Select(p => p.HasMortgage)),
            new BooleanDataFrameColumn("has_credit_card", people.Select(p => p.HasCreditCard)),
            new BooleanDataFrameColumn("has_savings", people.Select(p => p.HasSavings)),
            new DoubleDataFrameColumn("checking_balance", people.Select(p => p.Checking)),
            new DoubleDataFrameColumn("savings_balance", people.Select(p => p.Savings)),
            new DoubleDataFrameColumn("credit_card_balance", people.Select(p => p.CardBalance)),
            new DoubleDataFrameColumn("credit_limit", people.Select(p => p.CreditLimit)),
            new DoubleDataFrameColumn("card_spend_30d", people.Select(p => p.CardSpend)),
            new BooleanDataFrameColumn("salary_deposit", people.Select(p => p.SalaryDeposit)),
            new Int32DataFrameColumn("digital_logins_30d", people.Select(p => p.Logins30)),
            new Int32DataFrameColumn("digital_logins_prev_90d", people.Select(p => p.LoginsPrev90)),
            new Int32DataFrameColumn("days_since_last_login", people.Select(p => p.DaysSinceLogin)),
            new Int32DataFrameColumn("branch_visits_90d", people.Select(p => p.BranchVisits)),
            new Int32DataFrameColumn("call_center_calls_90d", people.Select(p => p.Calls)),
            new Int32DataFrameColumn("complaints_12m", people.Select(p => p.Complaints)),
            new Int32DataFrameColumn("missed_payments_12m", people.Select(p => p.Missed)),
            new Int32DataFrameColumn("churned_next_90d", people.Select(p => p.Churned)),
            new Int32DataFrameColumn("defaulted_next_12m", people.Select(p => p.Defaulted)));
        return frame;
    }

    private static DataFrame SegmentFrame(List<Customer> people) => new(
        new StringDataFrameColumn("customer_id", people.Select(p => p.Id)),
        new StringDataFrameColumn("planted_segment", people.Select(p => p.Segment)));

    // ---------------------------------------------------------------- transactions

    private sealed record Transaction(DateTime Time, string CustomerId, double Amount, string Direction, string Channel,
        string Category, string Country, double BalanceAfter, int IsAnomaly, string AnomalyType);

    private static readonly DateTime PeriodStart = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Categories = { "grocery", "restaurants", "fuel", "utilities", "retail", "travel", "entertainment", "health" };
    private static readonly double[] CategoryWeights = { 0.3, 0.16, 0.1, 0.08, 0.18, 0.04, 0.08, 0.06 };
    private static readonly string[] TravelCountries = { "FR", "ES", "IE", "DE", "US", "IT", "PT" };
    private static readonly string[] RiskyCountries = { "NG", "RU", "BR", "TH", "VN", "KZ", "PH" };

    private static List<Transaction> DrawTransactions(Random rng, List<Customer> accounts, int days, SamplePeriod period)
    {
        var all = new List<Transaction>();
        DateTime start = period == SamplePeriod.Development ? PeriodStart : PeriodStart.AddDays(91);
        foreach (var c in accounts)
        {
            var seg = Segments[c.SegmentIndex];
            double balance = c.Checking;
            // Some accounts go quiet for weeks: normal, and the backdrop for dormant-account reactivation fraud.
            bool dormantSpell = rng.NextDouble() < 0.12;
            int dormantFrom = rng.Next(5, Math.Max(6, days / 2)), dormantTo = dormantFrom + rng.Next(18, 30);
            bool traveller = rng.NextDouble() < 0.15;
            int tripStart = rng.Next(10, days - 4), tripCountryIndex = rng.Next(TravelCountries.Length);
            // An incident for about one account in seven, after a history has built up.
            string incident = rng.NextDouble() < 0.15 ? new[] { "account_takeover", "unusual_country", "dormant_reactivation" }[rng.Next(3)] : "none";
            int incidentDay = rng.Next(14, days);
            if (incident == "dormant_reactivation") { dormantSpell = true; dormantFrom = Math.Max(3, incidentDay - rng.Next(20, 30)); dormantTo = incidentDay; }

            for (int day = 0; day < days; day++)
            {
                DateTime date = start.AddDays(day);
                bool quiet = dormantSpell && day >= dormantFrom && day < dormantTo;
                if (c.SalaryDeposit && date.Day == 25)
                {
                    double pay = Math.Round((c.Income ?? seg.Income) / 12 * 0.75, 2);
                    balance += pay;
                    all.Add(new(date.AddHours(6), c.Id, pay, "credit", "transfer", "salary", "GB", Math.Round(balance, 2), 0, "none"));
                }
                int count = quiet ? 0 : Poisson(rng, seg.DailyTransactions);
                for (int k = 0; k < count; k++)
                {
                    DateTime time = date.AddSeconds(rng.Next(7 * 3600, 23 * 3600));
                    string category = Categories[Pick(rng, CategoryWeights)];
                    double amount = Math.Round(seg.TypicalAmount * Math.Exp(Normal(rng, 0, 0.7)), 2);
                    if (rng.NextDouble() < 0.01) amount = Math.Round(amount * (4 + 6 * rng.NextDouble()), 2); // a legitimate big purchase
                    bool onTrip = traveller && day >= tripStart && day < tripStart + 4;
                    string country = onTrip ? TravelCountries[tripCountryIndex] : "GB";
                    string channel = onTrip ? "card_present" : PickChannel(rng, c.PreferredChannel);
                    balance -= amount;
                    all.Add(new(time, c.Id, amount, "debit", channel, category, country, Math.Round(balance, 2), 0, "none"));
                }
                if (incident != "none" && day == incidentDay)
                    balance = AddIncident(rng, all, c, seg, incident, date, balance);
            }
        }
        all.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.CustomerId, b.CustomerId));
        return all;
    }

    private static double AddIncident(Random rng, List<Transaction> all, Customer c, SegmentSpec seg, string kind, DateTime date, double balance)
    {
        DateTime t = date.AddSeconds(rng.Next(0, 20 * 3600));
        switch (kind)
        {
            case "account_takeover":
                // A burst of online transfers and electronics within two hours, several times the usual amount.
                int burst = rng.Next(3, 7);
                for (int i = 0; i < burst; i++)
                {
                    t = t.AddMinutes(rng.Next(3, 25));
                    double amount = Math.Round(seg.TypicalAmount * (3 + 7 * rng.NextDouble()), 2);
                    balance -= amount;
                    string channel = rng.NextDouble() < 0.5 ? "online" : "transfer";
                    string category = channel == "transfer" ? "transfer" : "electronics";
                    all.Add(new(t, c.Id, amount, "debit", channel, category, rng.NextDouble() < 0.4 ? RiskyCountries[rng.Next(RiskyCountries.Length)] : "GB",
                        Math.Round(balance, 2), 1, kind));
                }
                break;
            case "unusual_country":
                int n = rng.Next(1, 3);
                string country = RiskyCountries[rng.Next(RiskyCountries.Length)];
                for (int i = 0; i < n; i++)
                {
                    t = t.AddMinutes(rng.Next(5, 90));
                    double amount = Math.Round(seg.TypicalAmount * (1.5 + 4 * rng.NextDouble()), 2);
                    balance -= amount;
                    all.Add(new(t, c.Id, amount, "debit", rng.NextDouble() < 0.5 ? "card_present" : "online", "retail", country, Math.Round(balance, 2), 1, kind));
                }
                break;
            default: // dormant_reactivation: a quiet account suddenly moves a large sum out
                int m = rng.Next(1, 3);
                for (int i = 0; i < m; i++)
                {
                    t = t.AddMinutes(rng.Next(2, 40));
                    double amount = Math.Round(Math.Max(seg.TypicalAmount * 6, Math.Abs(balance) * (0.4 + 0.5 * rng.NextDouble())), 2);
                    balance -= amount;
                    all.Add(new(t, c.Id, amount, "debit", rng.NextDouble() < 0.5 ? "transfer" : "atm", rng.NextDouble() < 0.5 ? "transfer" : "cash", "GB",
                        Math.Round(balance, 2), 1, kind));
                }
                break;
        }
        return balance;
    }

    private static string PickChannel(Random rng, string preferred)
    {
        double u = rng.NextDouble();
        string usual = preferred switch { "mobile" => "mobile", "web" => "online", "branch" => "branch", "phone" => "card_present", _ => "online" };
        return u < 0.55 ? "card_present" : u < 0.85 ? usual : u < 0.95 ? "online" : "atm";
    }

    private static DataFrame TransactionFrame(List<Transaction> tx, long firstId = 1) => new(
        new StringDataFrameColumn("transaction_id", tx.Select((_, i) => $"T{firstId + i:D7}")),
        new PrimitiveDataFrameColumn<DateTime>("timestamp", tx.Select(t => t.Time)),
        new StringDataFrameColumn("customer_id", tx.Select(t => t.CustomerId)),
        new DoubleDataFrameColumn("amount", tx.Select(t => t.Amount)),
        new StringDataFrameColumn("direction", tx.Select(t => t.Direction)),
        new StringDataFrameColumn("channel", tx.Select(t => t.Channel)),
        new StringDataFrameColumn("merchant_category", tx.Select(t => t.Category)),
        new StringDataFrameColumn("country", tx.Select(t => t.Country)),
        new DoubleDataFrameColumn("balance_after", tx.Select(t => t.BalanceAfter)),
        new Int32DataFrameColumn("is_anomaly", tx.Select(t => t.IsAnomaly)),
        new StringDataFrameColumn("anomaly_type", tx.Select(t => t.AnomalyType)));

    // ---------------------------------------------------------------- writing and sampling

    private static void WriteFrame(DataFrame frame, string path)
    {
        // Culture-invariant with LF line ends: the files must be byte-identical on every machine.
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        using var csv = SpreadsheetCsv.Writer(writer, newLine: "\n");
        foreach (var column in frame.Columns) csv.WriteField(column.Name);
        csv.EndRecord();
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            for (int c = 0; c < frame.Columns.Count; c++) csv.WriteField(Format(frame.Columns[c][r]));
            csv.EndRecord();
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d when double.IsNaN(d) => "",
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static int Pick(Random rng, double[] weights)
    {
        double u = rng.NextDouble() * weights.Sum(), acc = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (u < acc) return i;
        }
        return weights.Length - 1;
    }

    private static double Normal(Random rng, double mean, double sd)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return mean + sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static int Poisson(Random rng, double lambda)
    {
        if (lambda <= 0) return 0;
        if (lambda > 40) return Math.Max(0, (int)Math.Round(Normal(rng, lambda, Math.Sqrt(lambda))));
        double limit = Math.Exp(-lambda), p = 1;
        int k = 0;
        do { k++; p *= rng.NextDouble(); } while (p > limit);
        return k - 1;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    // HashCode.Combine is randomised per process, so streams are derived with fixed arithmetic instead.
    private static int StreamSeed(int seed, int stream) => (int)(((uint)seed * 2654435761u) ^ ((uint)stream * 40503u + 0x9E3779B9u)) & int.MaxValue;
}
