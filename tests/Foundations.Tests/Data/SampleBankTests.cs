using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

public class SampleBankTests
{
    [Fact]
    public void Same_seed_writes_byte_identical_files_and_matches_the_bundled_samples()
    {
        var b = SampleBank.Bundled;
        string first = Path.Combine(Path.GetTempPath(), "fnd-bank-" + Guid.NewGuid().ToString("N"));
        string second = first + "-again";
        try
        {
            SampleBank.Generate(b.Customers, b.Seed, transactionAccounts: b.TransactionAccounts, days: b.Days).WriteCsv(first);
            SampleBank.Generate(b.Customers, b.Seed, transactionAccounts: b.TransactionAccounts, days: b.Days).WriteCsv(second);
            foreach (var file in new[] { "customers.csv", "transactions.csv", "planted_segments.csv" })
            {
                var bytes = File.ReadAllBytes(Path.Combine(first, file));
                Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(second, file)));
                // The committed sample must be exactly what the generator makes, so docs and code never drift apart.
                Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(RepoPaths.DataSamples, file))),
                    $"data-samples/{file} differs from SampleBank.Generate({b.Customers}, {b.Seed}); regenerate it (see data-samples/README.md).");
            }
        }
        finally
        {
            if (Directory.Exists(first)) Directory.Delete(first, true);
            if (Directory.Exists(second)) Directory.Delete(second, true);
        }
    }

    [Fact]
    public void The_bundled_workbook_holds_the_first_customers_of_the_sample()
    {
        // customers-extract.xlsx is written by openpyxl (data-samples/make-customers-extract.py), not by the generator:
        // read through the loader, it must give the first 200 customers exactly, so notebook 01 shows the same bank.
        var (workbook, report) = Csv.Load(Path.Combine(RepoPaths.DataSamples, "customers-extract.xlsx"));
        var (csv, csvReport) = Csv.Load(Path.Combine(RepoPaths.DataSamples, "customers.csv"));
        Assert.True(csv.Rows.Count >= 200);
        Assert.Equal(200, workbook.Rows.Count);
        Assert.Equal(csvReport.Columns.Select(c => (c.Name, c.Type)), report.Columns.Select(c => (c.Name, c.Type)));
        foreach (var column in csv.Columns)
            for (int r = 0; r < 200; r++)
                Assert.True(Equals(column[r], workbook.Columns[column.Name][r]),
                    $"data-samples/customers-extract.xlsx row {r + 1}, {column.Name}: {workbook.Columns[column.Name][r]} where customers.csv has {column[r]}; regenerate it (see data-samples/README.md).");
    }

    [Fact]
    public void Another_seed_gives_another_bank()
    {
        var a = SampleBank.Generate(200, seed: 1, transactionAccounts: 0);
        var b = SampleBank.Generate(200, seed: 2, transactionAccounts: 0);
        Assert.NotEqual(a.Customers.Columns["age"].Cast<int>().ToArray(), b.Customers.Columns["age"].Cast<int>().ToArray());
    }

    [Fact]
    public void Bank_plants_five_segments_labels_and_anomalies_in_sensible_proportions()
    {
        var bank = SampleBank.Generate(3000, seed: 7, transactionAccounts: 400, days: 45);
        var segments = bank.PlantedSegments.Columns["planted_segment"].Cast<string>().GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(SampleBank.SegmentNames.OrderBy(s => s), segments.Keys.OrderBy(s => s));
        Assert.All(segments.Values, n => Assert.InRange(n, 300, 1000));

        double churn = bank.Customers.Columns["churned_next_90d"].Cast<int>().Average();
        double defaults = bank.Customers.Columns["defaulted_next_12m"].Cast<int>().Average();
        Assert.InRange(churn, 0.05, 0.25);
        Assert.InRange(defaults, 0.03, 0.25);

        var types = bank.Transactions.Columns["anomaly_type"].Cast<string>().Where(t => t != "none").Distinct().OrderBy(t => t);
        Assert.Equal(new[] { "account_takeover", "dormant_reactivation", "unusual_country" }, types);
        var times = bank.Transactions.Columns["timestamp"].Cast<DateTime>().ToArray();
        Assert.True(times.Zip(times.Skip(1)).All(p => p.First <= p.Second), "transactions must be in time order");
        Assert.Equal(400, bank.Transactions.Columns["customer_id"].Cast<string>().Distinct().Count());
    }

    [Fact]
    public void Drifted_period_raises_incomes_and_brings_a_channel_the_development_data_never_saw()
    {
        var dev = SampleBank.Generate(2000, seed: 3, transactionAccounts: 0);
        var drifted = SampleBank.Generate(2000, seed: 3, period: SamplePeriod.DriftedLater, transactionAccounts: 0);
        double MeanIncome(DataFrame f) => f.Columns["income"].Cast<double?>().Where(v => v.HasValue).Average(v => v!.Value);
        Assert.True(MeanIncome(drifted.Customers) > 1.1 * MeanIncome(dev.Customers));
        Assert.DoesNotContain("open_banking", dev.Customers.Columns["preferred_channel"].Cast<string>());
        Assert.Contains("open_banking", drifted.Customers.Columns["preferred_channel"].Cast<string>());
        Assert.Empty(dev.Customers.Columns["customer_id"].Cast<string>().Intersect(drifted.Customers.Columns["customer_id"].Cast<string>()));
    }

    [Fact]
    public void Generate_rejects_a_history_too_short_for_incidents()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SampleBank.Generate(10, days: 5));
        Assert.Equal("days", e.ParamName);
    }
}
