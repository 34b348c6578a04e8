using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsvHelper;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Bench;

/// <summary>A transaction row as a bare CsvHelper typed read sees it (mapping written by CsvHelper's source generator).</summary>
[CsvRecord]
public sealed partial class BenchTransaction
{
    [CsvColumn("transaction_id")] public string TransactionId { get; set; } = "";
    [CsvColumn("timestamp")] public DateTime Timestamp { get; set; }
    [CsvColumn("customer_id")] public string CustomerId { get; set; } = "";
    [CsvColumn("amount")] public double Amount { get; set; }
    [CsvColumn("direction")] public string Direction { get; set; } = "";
    [CsvColumn("channel")] public string Channel { get; set; } = "";
    [CsvColumn("merchant_category")] public string MerchantCategory { get; set; } = "";
    [CsvColumn("country")] public string Country { get; set; } = "";
    [CsvColumn("balance_after")] public double BalanceAfter { get; set; }
    [CsvColumn("is_anomaly")] public int IsAnomaly { get; set; }
    [CsvColumn("anomaly_type")] public string AnomalyType { get; set; } = "";
}

/// <summary>CSV → typed frame: ours vs DataFrame.LoadCsv vs a bare CsvHelper typed read, on generated transaction files.</summary>
public static class CsvLoadBench
{
    /// <summary>Prints and records, per file size, ours vs DataFrame.LoadCsv (target ≥ 8) and ours vs a bare CsvHelper typed read (target ≥ 0.6).</summary>
    public static void Run(BenchRun run)
    {
        bool quick = run.Quick;
        string folder = Path.Combine(run.OutputFolder, "data");
        Directory.CreateDirectory(folder);
        foreach (int mb in quick ? new[] { 10 } : new[] { 10, 200 })
        {
            var path = Path.Combine(folder, $"transactions-{mb}mb.csv");
            if (!File.Exists(path) || new FileInfo(path).Length < mb * 1_000_000L) Generate(path, mb * 1_000_000L);
            double size = new FileInfo(path).Length / 1e6;
            int repeats = mb <= 10 ? (quick ? 5 : 7) : 3;
            // DataFrame.LoadCsv is slow (about 10 MB/s): on the big file it reads a 40 MB prefix, so its MB/s stays comparable.
            string peerPath = path;
            if (mb > 40)
            {
                peerPath = Path.Combine(folder, "transactions-prefix-40mb.csv");
                if (!File.Exists(peerPath)) Prefix(path, peerPath, 40_000_000);
            }
            double peerSize = new FileInfo(peerPath).Length / 1e6;

            // The contenders take turns, round after round, so that load from other processes falls on all of them alike;
            // each is warmed up once (JIT, file cache) and its median time is used.
            var contenders = new (string Name, Func<long> Work, List<double> Seconds, int Rounds)[]
            {
                ("ours", () => Csv.Load(path).Frame.Rows.Count, new(), repeats),
                ("bare", () => BareTypedRead(path), new(), repeats),
                ("loadcsv", () => DataFrame.LoadCsv(peerPath, guessRows: 1000).Rows.Count, new(), mb <= 10 ? Math.Min(repeats, 3) : 1),
            };
            foreach (var c in contenders) Check(c.Work());
            for (int round = 0; round < repeats; round++)
                foreach (var c in contenders)
                {
                    if (round >= c.Rounds) continue;
                    var sw = Stopwatch.StartNew();
                    Check(c.Work());
                    c.Seconds.Add(sw.Elapsed.TotalSeconds);
                }
            double ours = size / Median(contenders[0].Seconds), bare = size / Median(contenders[1].Seconds), loadCsv = peerSize / Median(contenders[2].Seconds);
            string note = peerPath == path ? "" : "DataFrame.LoadCsv read a 40 MB prefix of the same file";
            run.Add(new BenchResult($"csv_load_{mb}mb", ours, loadCsv, "MB/s", true, 8.0, "DataFrame.LoadCsv", note));
            run.Add(new BenchResult($"csv_load_{mb}mb_vs_csvhelper", ours, bare, "MB/s", true, 0.6, "bare CsvHelper typed read",
                "ours infers types, checks every row and builds the frame; the peer parses into records it drops"));
        }
    }

    private static long BareTypedRead(string path)
    {
        using var reader = CsvReader.FromFile(path, CsvReaderOptions.Default, FileOptions.SequentialScan);
        long n = 0;
        foreach (var t in reader.GetRecords<BenchTransaction>()) n += t.IsAnomaly + 1;
        return n;
    }

    private static void Check(long rows)
    {
        if (rows <= 0) throw new InvalidOperationException("The bench read no rows.");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static void Prefix(string source, string target, long bytes)
    {
        using var reader = new StreamReader(source);
        using var writer = new StreamWriter(target, false, new UTF8Encoding(false));
        long written = 0;
        while (written < bytes && reader.ReadLine() is { } line)
        {
            writer.Write(line);
            writer.Write('\n');
            written += line.Length + 1;
        }
    }

    /// <summary>A transactions-shaped file (same columns as the sample bank's transactions.csv), seeded so every run reads the same bytes.</summary>
    public static void Generate(string path, long bytes)
    {
        var rng = new Random(42);
        string[] channels = { "card_present", "online", "mobile", "atm", "branch", "transfer" };
        string[] categories = { "groceries", "fuel", "travel", "restaurants", "utilities", "retail", "entertainment", "health", "cash", "transfer" };
        string[] countries = { "GB", "GB", "GB", "GB", "GB", "GB", "FR", "DE", "ES", "US", "NG", "IE" };
        string[] anomalies = { "account_takeover", "unusual_country", "dormant_reactivation" };
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("transaction_id,timestamp,customer_id,amount,direction,channel,merchant_category,country,balance_after,is_anomaly,anomaly_type\n");
        long written = 0;
        var sb = new StringBuilder(160);
        for (long i = 1; written < bytes; i++)
        {
            bool anomaly = rng.NextDouble() < 0.01;
            sb.Clear();
            sb.Append(CultureInfo.InvariantCulture, $"T{i:D9},{start.AddSeconds(rng.Next(0, 365 * 86400)):yyyy-MM-ddTHH:mm:ssZ},C{rng.Next(1, 5001):D5},");
            sb.Append(CultureInfo.InvariantCulture, $"{Math.Round(Math.Exp(rng.NextDouble() * 7), 2)},{(rng.NextDouble() < 0.8 ? "debit" : "credit")},{channels[rng.Next(channels.Length)]},");
            sb.Append(CultureInfo.InvariantCulture, $"{categories[rng.Next(categories.Length)]},{countries[rng.Next(countries.Length)]},{Math.Round(rng.NextDouble() * 20000 - 2000, 2)},");
            sb.Append(anomaly ? '1' : '0').Append(',').Append(anomaly ? anomalies[rng.Next(anomalies.Length)] : "none").Append('\n');
            writer.Write(sb);
            written += sb.Length;
        }
    }
}
