using System.Diagnostics;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Bench;

/// <summary>Parquet load vs CSV load of the same rows, and per-customer transaction features out of core (DuckDB) vs in memory.</summary>
public static class ParquetBench
{
    /// <summary>Parquet load MB/s against CSV load MB/s of the same transactions.</summary>
    public static void Load(BenchRun run)
    {
        string folder = Directory.CreateDirectory(Path.Combine(run.OutputFolder, "data")).FullName;
        long rows = run.Quick ? 200_000 : 2_000_000;
        string parquet = Path.Combine(folder, $"transactions-{rows}.parquet"), csv = Path.Combine(folder, $"transactions-{rows}.csv");
        if (!File.Exists(parquet)) SampleBank.WriteTransactionsParquet(parquet, rows);
        if (!File.Exists(csv)) DataFrame.SaveCsv(ParquetFile.Load(parquet).Frame, csv);
        double parquetMb = new FileInfo(parquet).Length / 1e6, csvMb = new FileInfo(csv).Length / 1e6;
        var parquetTime = BenchRun.Median(3, () => ParquetFile.Load(parquet));
        var csvTime = BenchRun.Median(3, () => Csv.Load(csv));
        Console.WriteLine($"  {rows:N0} rows: Parquet {parquetMb:0.0} MB in {parquetTime.TotalSeconds:0.00} s, CSV {csvMb:0.0} MB in {csvTime.TotalSeconds:0.00} s");
        run.Add(new BenchResult($"parquet_load_{rows}_rows", parquetMb / parquetTime.TotalSeconds, csvMb / csvTime.TotalSeconds, "MB/s", true, null,
            "Csv.Load of the same rows", $"same rows; Parquet file {parquetMb:0.0} MB, CSV {csvMb:0.0} MB; rows/s ratio {csvTime / parquetTime:0.00}"));
    }

    /// <summary>Per-customer 90-day features through DuckDB over a Parquet file vs loading it and computing them in memory.</summary>
    public static void Features(BenchRun run)
    {
        string folder = Directory.CreateDirectory(Path.Combine(run.OutputFolder, "data")).FullName;
        long bigRows = run.Quick ? 1_000_000 : 50_000_000;
        // The in-memory path stops at a size that is safe on a 24 GiB machine shared with others; beyond it we extrapolate.
        long memoryRows = run.Quick ? 1_000_000 : 5_000_000;
        string big = Path.Combine(folder, $"transactions-{bigRows}.parquet");
        if (!File.Exists(big))
        {
            var w = Stopwatch.StartNew();
            SampleBank.WriteTransactionsParquet(big, bigRows);
            Console.WriteLine($"  wrote {bigRows:N0} transactions ({new FileInfo(big).Length / 1e6:0} MB) in {w.Elapsed.TotalSeconds:0} s");
        }
        string small = Path.Combine(folder, $"transactions-{memoryRows}.parquet");
        if (!File.Exists(small)) SampleBank.WriteTransactionsParquet(small, memoryRows);

        var window = TimeSpan.FromDays(90);
        long before = Process.GetCurrentProcess().WorkingSet64;
        var sw = Stopwatch.StartNew();
        long peakDuck;
        using (var engine = SqlEngine.DuckDb(memoryLimit: "2GB"))
        using (var sampler = new PeakSampler())
        {
            var features = engine.TransactionFeatures($"read_parquet('{big}')", window);
            peakDuck = sampler.Peak;
            Console.WriteLine($"  DuckDB: {bigRows:N0} rows → {features.Rows.Count:N0} customers in {sw.Elapsed.TotalSeconds:0.0} s, peak working set {peakDuck / 1e9:0.00} GB (process before: {before / 1e9:0.00} GB)");
        }
        double duckSeconds = sw.Elapsed.TotalSeconds;

        GC.Collect();
        sw.Restart();
        long peakMemory;
        using (var sampler = new PeakSampler())
        {
            var frame = ParquetFile.Load(small).Frame;
            var features = TransactionFeatures.PerCustomer(frame, window);
            peakMemory = sampler.Peak;
            Console.WriteLine($"  In memory: {memoryRows:N0} rows → {features.Rows.Count:N0} customers in {sw.Elapsed.TotalSeconds:0.0} s, peak working set {peakMemory / 1e9:0.00} GB");
        }
        double memorySeconds = sw.Elapsed.TotalSeconds * bigRows / memoryRows;
        double bytesPerRow = (double)peakMemory / memoryRows;
        double fitsRows = 20e9 / bytesPerRow;
        string note = $"in-memory path run at {memoryRows:N0} rows and scaled linearly to {bigRows:N0}: ~{bytesPerRow * bigRows / 1e9:0} GB needed; it stops fitting in 20 GB near {fitsRows / 1e6:0} million rows. DuckDB peak {peakDuck / 1e9:0.00} GB (memory_limit 2GB)";
        Console.WriteLine("  " + note);
        run.Add(new BenchResult($"duckdb_features_{bigRows}_rows", duckSeconds, memorySeconds, "s", false, null, "in-memory load + TransactionFeatures.PerCustomer (extrapolated)", note));
        run.Add(new BenchResult($"duckdb_features_{bigRows}_rows_peak_memory", peakDuck / 1e9, bytesPerRow * bigRows / 1e9, "GB", false, null, "in-memory path (extrapolated)", note));
    }

    /// <summary>Samples the process working set every 50 ms (native DuckDB memory is not in the GC's figures).</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakSampler()
        {
            _peak = Environment.WorkingSet;
            _timer = new Timer(_ => Sample(), null, 0, 50);
        }

        private void Sample()
        {
            long now = Environment.WorkingSet;
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
        }

        public long Peak
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak);
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
