using System.Globalization;
using Foundations.Data;

namespace Foundations.Runner;

/// <summary>`foundations generate`: writes the synthetic bank's CSV files.</summary>
public static class GenerateCommand
{
    public static int Run(string[] args)
    {
        int Int(string name, int fallback) => CommandLine.Option(args, name) is { } v
            ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 ? i : throw new ArgumentException($"{name} {v}: expected a whole number.")
            : fallback;
        string outDir = CommandLine.Option(args, "--out") ?? throw new ArgumentException("generate needs --out folder.");
        var period = (CommandLine.Option(args, "--period", "development")!) switch
        {
            "development" => SamplePeriod.Development,
            "later" => SamplePeriod.Later,
            "drifted" => SamplePeriod.DriftedLater,
            var p => throw new ArgumentException($"--period {p}: expected development, later or drifted."),
        };
        int customers = Int("--customers", 10_000);
        int? accounts = CommandLine.Option(args, "--transaction-accounts") is null ? null : Int("--transaction-accounts", 0);
        var bank = SampleBank.Generate(customers, Int("--seed", 42), period, accounts, Int("--days", 60));
        bank.WriteCsv(outDir);
        Console.WriteLine($"Wrote {bank.Customers.Rows.Count:N0} customers and {bank.Transactions.Rows.Count:N0} transactions ({period}) to {outDir}");
        return 0;
    }
}
