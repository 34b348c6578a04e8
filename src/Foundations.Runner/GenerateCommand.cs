using Foundations.Data;

namespace Foundations.Runner;

/// <summary>`foundations generate`: writes the synthetic bank's CSV files.</summary>
public static class GenerateCommand
{
    /// <summary>Runs the command with checked values; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(string outDir, int customers, int seed, string periodName, int? accounts, int days)
    {
        var period = periodName switch
        {
            "development" => SamplePeriod.Development,
            "later" => SamplePeriod.Later,
            "drifted" => SamplePeriod.DriftedLater,
            var p => throw new ArgumentException($"--period {p}: expected development, later or drifted."),
        };
        var bank = SampleBank.Generate(customers, seed, period, accounts, days);
        bank.WriteCsv(outDir);
        Console.WriteLine($"Wrote {bank.Customers.Rows.Count:N0} customers and {bank.Transactions.Rows.Count:N0} transactions ({period}) to {outDir}");
        return 0;
    }
}
