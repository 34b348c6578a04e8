using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Bench;

/// <summary>
/// Parquet load vs CSV load of the same rows, and per-customer transaction features out of core (DuckDB) vs in memory
/// on up to 50 million transactions. Each feature path runs in its own child process, so its peak memory is its own.
/// </summary>
public static class ParquetBench
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const long PartRows = 1_000_000;
    private static readonly TimeSpan Window = TimeSpan.FromDays(90);

    /// <summary>Parquet load vs CSV load of the same transactions, in MB/s and in rows/s (target: Parquet at least as many rows/s).</summary>
    public static void Load(BenchRun run)
    {
        long rows = run.Quick ? 200_000 : 2_000_000;
        string folder = Transactions(run, rows, rowsPerPart: rows);
        string parquet = Path.Combine(folder, "part-00000.parquet"), csv = Path.Combine(run.OutputFolder, "data", $"transactions-{rows}.csv");
        if (!File.Exists(csv)) DataFrame.SaveCsv(ParquetFile.Load(parquet).Frame, csv);
        double parquetMb = new FileInfo(parquet).Length / 1e6, csvMb = new FileInfo(csv).Length / 1e6;

        // Turn about, round after round, so load from other processes falls on both alike, then medians. Three warm-ups
        // each: the readers' hot loops (Parquet.Net's decoders among them) reach optimised code only after a few calls.
        const int rounds = 7;
        var parquetTimes = new List<double>();
        var csvTimes = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            Check(ParquetFile.Load(parquet).Frame.Rows.Count, rows);
            Check(Csv.Load(csv).Frame.Rows.Count, rows);
        }
        for (int i = 0; i < rounds; i++)
        {
            parquetTimes.Add(Seconds(() => Check(ParquetFile.Load(parquet).Frame.Rows.Count, rows)));
            csvTimes.Add(Seconds(() => Check(Csv.Load(csv).Frame.Rows.Count, rows)));
        }
        double parquetSeconds = Median(parquetTimes), csvSeconds = Median(csvTimes);
        Console.WriteLine($"  {rows:N0} rows: Parquet {parquetMb:0.0} MB in {parquetSeconds:0.000} s, CSV {csvMb:0.0} MB in {csvSeconds:0.000} s (medians of {rounds})");
        run.Add(new BenchResult($"parquet_load_{rows}_rows", parquetMb / parquetSeconds, csvMb / csvSeconds, "MB/s", true, null,
            "Csv.Load of the same rows", $"Parquet file {parquetMb:0.0} MB (Snappy, dictionary-encoded text), CSV {csvMb:0.0} MB: MB/s favours the bigger file, compare rows/s"));
        run.Add(new BenchResult($"parquet_load_{rows}_rows_per_second", rows / parquetSeconds, rows / csvSeconds, "rows/s", true, 1.0,
            "Csv.Load of the same rows", "target: Parquet loads at least as many rows per second as CSV"));
    }

    /// <summary>
    /// Per-customer 90-day features through DuckDB over a folder of Parquet parts vs loading the parts and computing them in
    /// memory, at growing sizes up to 50 million rows (3 million in --quick). Each measurement runs in a child process and
    /// reports that process's peak resident memory. The in-memory path is not started at a size whose projected peak would
    /// exceed 70% of the memory available, and runs under a GC heap limit of that much, so it can never exhaust the machine.
    /// </summary>
    public static void Features(BenchRun run)
    {
        long[] sizes = run.Quick ? new long[] { 1_000_000, 3_000_000 } : new long[] { 1_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000 };
        long top = sizes[^1];
        string all = Path.Combine(run.OutputFolder, "data", $"transactions-{top}");
        string generatedNote = "";
        if (!File.Exists(Path.Combine(all, "_SUCCESS")))
        {
            // A folder without _SUCCESS is what an interrupted run left: start again. The writer runs as a child too, so
            // its own peak memory shows that the rows are streamed to disk, not held.
            if (Directory.Exists(all)) Directory.Delete(all, recursive: true);
            var written = Child(null, "generate", all, top.ToString(Invariant))
                ?? throw new InvalidOperationException($"Writing {top:N0} transactions failed; see the child's output above.");
            generatedNote = $"; data written in this run: {top:N0} rows, {FolderMb(all):0} MB in {written.Seconds:0} s, writer peak {written.PeakMb:0} MB";
            Console.WriteLine($"  wrote {top:N0} transactions as {top / PartRows} parts ({FolderMb(all):0} MB) in {written.Seconds:0} s, writer peak memory {written.PeakMb:0} MB");
        }

        Measurement? largest = null;
        string? stoppedAt = null;
        foreach (long size in sizes)
        {
            string folder = size == top ? all : Prefix(all, size);
            var duck = Child(null, "duckdb", folder) ?? throw new InvalidOperationException($"The DuckDB path failed at {size:N0} rows; see the child's output above.");
            Console.WriteLine($"  {size,12:N0} rows  DuckDB     {duck.Seconds,7:0.0} s  peak {duck.PeakMb,7:0} MB  → {duck.Customers:N0} customers");

            Measurement? memory = null;
            string guard = "";
            if (stoppedAt is null)
            {
                long available = AvailableBytes();
                long limit = (long)(0.7 * available);
                // Bytes per row from the largest size run so far (what the frame and the feature arrays cost); a generous guess before any.
                double perRow = largest is null ? 1_000 : (largest.PeakBytes - largest.BaselineBytes) / (double)largest.Rows;
                long baseline = largest?.BaselineBytes ?? 100_000_000;
                long projected = baseline + (long)(perRow * size);
                guard = $"projected peak {projected / 1e6:0} MB ({perRow:0} bytes/row{(largest is null ? ", assumed before any run" : $", measured at {largest.Rows:N0} rows")}), guard {limit / 1e6:0} MB = 70% of {available / 1e6:0} MB available";
                if (projected > limit)
                    stoppedAt = $"the in-memory path stops before {size:N0} rows: {guard}";
                else
                {
                    memory = Child(limit, "memory", folder);
                    if (memory is null) stoppedAt = $"the in-memory path stopped at {size:N0} rows: it ran out of its {limit / 1e6:0} MB heap limit ({guard})";
                }
            }
            if (memory is not null)
            {
                Console.WriteLine($"  {size,12:N0} rows  in memory  {memory.Seconds,7:0.0} s  peak {memory.PeakMb,7:0} MB  (load {memory.LoadSeconds:0.0} s + features {memory.Seconds - memory.LoadSeconds:0.0} s; {guard})");
                if (memory.Customers != duck.Customers || memory.TransactionCount != duck.TransactionCount || Math.Abs(memory.AmountSum - duck.AmountSum) > 1e-6 * Math.Abs(duck.AmountSum))
                    throw new InvalidOperationException($"At {size:N0} rows the paths disagree: DuckDB {duck.Customers} customers, {duck.TransactionCount} transactions, amount {duck.AmountSum}; in memory {memory.Customers}, {memory.TransactionCount}, {memory.AmountSum}.");
                largest = memory;
                string note = $"{size:N0} transactions → {duck.Customers:N0} customers, same features both ways; peak resident memory of each path's own process (before work: DuckDB {duck.BaselineMb:0} MB, in memory {memory.BaselineMb:0} MB); DuckDB memory_limit 2GB; {WouldStop(memory)}{(size == top ? generatedNote : "")}";
                run.Add(new BenchResult($"duckdb_features_{size}_rows", duck.Seconds, memory.Seconds, "s", false, null, "in-memory ParquetFile.Load + TransactionFeatures.PerCustomer", note));
                run.Add(new BenchResult($"duckdb_features_{size}_rows_peak_memory", duck.PeakMb, memory.PeakMb, "MB", false, null, "in-memory path", note));
            }
            else
            {
                Console.WriteLine($"  {size,12:N0} rows  in memory  not run: {stoppedAt}");
                // Beyond the stop the peer is a projection from the largest size that ran, and the benchmark's name says so.
                if (largest is null) throw new InvalidOperationException($"The in-memory path did not run at any size: {stoppedAt}");
                double perRowSeconds = largest.Seconds / largest.Rows;
                double perRowBytes = (largest.PeakBytes - largest.BaselineBytes) / (double)largest.Rows;
                string note = $"{stoppedAt}; the peer is projected linearly from {largest.Rows:N0} rows{(size == top ? generatedNote : "")}";
                run.Add(new BenchResult($"duckdb_features_{size}_rows_vs_projected_in_memory", duck.Seconds, perRowSeconds * size, "s", false, null, "in-memory path, projected (not run)", note));
                run.Add(new BenchResult($"duckdb_features_{size}_rows_peak_memory_vs_projected_in_memory", duck.PeakMb,
                    (largest.BaselineBytes + perRowBytes * size) / 1e6, "MB", false, null, "in-memory path, projected (not run)", note));
            }
        }
        Console.WriteLine("  " + (stoppedAt ?? $"the in-memory path ran at every size up to {top:N0} rows; {WouldStop(largest!)}"));
    }

    /// <summary>Where the memory guard would stop the in-memory path on this machine, at the memory per row measured in <paramref name="memory"/>.</summary>
    private static string WouldStop(Measurement memory)
    {
        double perRow = (memory.PeakBytes - memory.BaselineBytes) / (double)memory.Rows;
        long available = AvailableBytes();
        return $"at {perRow:0} bytes/row the in-memory path would be refused above about {(0.7 * available - memory.BaselineBytes) / perRow / 1e6:0} million rows here (70% of {available / 1e6:0} MB available)";
    }

    /// <summary>The work of one child process: "generate folder rows", "duckdb folder" or "memory folder". Prints one RESULT line.</summary>
    public static int Child(string[] args)
    {
        long baseline = ResidentBytes("VmRSS");
        var sw = Stopwatch.StartNew();
        Measurement result;
        try
        {
            switch (args[0])
            {
                case "generate":
                    long rows = long.Parse(args[2], Invariant);
                    SampleBank.WriteTransactionsParquet(args[1], rows, rowsPerPart: PartRows);
                    result = new Measurement { Rows = rows };
                    break;
                case "duckdb":
                    {
                        using var engine = SqlEngine.DuckDb(memoryLimit: "2GB");
                        var features = engine.TransactionFeatures($"read_parquet('{Path.Combine(args[1], "*.parquet")}')", Window);
                        result = Summarise(features, engine.Query($"SELECT COUNT(*) FROM read_parquet('{Path.Combine(args[1], "*.parquet")}')").Columns[0][0]);
                        break;
                    }
                default:
                    {
                        var frame = ParquetFile.Load(args[1]).Frame;
                        double load = sw.Elapsed.TotalSeconds;
                        var features = TransactionFeatures.PerCustomer(frame, Window);
                        result = Summarise(features, frame.Rows.Count);
                        result.LoadSeconds = load;
                        break;
                    }
            }
        }
        catch (OutOfMemoryException)
        {
            Console.WriteLine($"OUT OF MEMORY after {sw.Elapsed.TotalSeconds:0.0} s, peak {ResidentBytes("VmHWM") / 1e6:0} MB");
            return 3;
        }
        result.Seconds = sw.Elapsed.TotalSeconds;
        result.BaselineBytes = baseline;
        result.PeakBytes = ResidentBytes("VmHWM");
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    private static Measurement Summarise(DataFrame features, object? rows) => new()
    {
        Rows = Convert.ToInt64(rows, Invariant),
        Customers = features.Rows.Count,
        TransactionCount = ColumnTypes.ToDoubles(features.Columns["txn_count_90d"]).Sum(),
        AmountSum = ColumnTypes.ToDoubles(features.Columns["amount_sum_90d"]).Sum(),
    };

    /// <summary>What one child measured.</summary>
    public sealed class Measurement
    {
        public long Rows { get; set; }
        public double Seconds { get; set; }
        public double LoadSeconds { get; set; }
        public long BaselineBytes { get; set; }
        public long PeakBytes { get; set; }
        public long Customers { get; set; }
        public double TransactionCount { get; set; }
        public double AmountSum { get; set; }
        public double PeakMb => PeakBytes / 1e6;
        public double BaselineMb => BaselineBytes / 1e6;
    }

    /// <summary>Runs this bench program again as a child ("--child ..."), optionally under a GC heap limit, and reads its RESULT line; null when it failed.</summary>
    private static Measurement? Child(long? heapLimit, params string[] args)
    {
        string self = typeof(ParquetBench).Assembly.Location;
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        // Started through the dotnet host, the child needs the bench's dll; started as the app host, it is the program itself.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(self);
        start.ArgumentList.Add("--child");
        foreach (var a in args) start.ArgumentList.Add(a);
        if (heapLimit is long limit) start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limit.ToString("X", Invariant);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        Measurement? result = null;
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal)) result = JsonSerializer.Deserialize<Measurement>(line["RESULT ".Length..]);
            else Console.WriteLine("    " + line);
        }
        child.WaitForExit();
        return child.ExitCode == 0 ? result : null;
    }

    /// <summary>The folder of <paramref name="rows"/> generated transactions in parts of <paramref name="rowsPerPart"/> rows, written once and reused.</summary>
    private static string Transactions(BenchRun run, long rows, long rowsPerPart)
    {
        string folder = Path.Combine(run.OutputFolder, "data", $"transactions-{rows}");
        if (File.Exists(Path.Combine(folder, "_SUCCESS"))) return folder;
        // A folder without _SUCCESS is what an interrupted run left: start again.
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        SampleBank.WriteTransactionsParquet(folder, rows, rowsPerPart: rowsPerPart);
        return folder;
    }

    /// <summary>A folder of links to the first parts of <paramref name="all"/>: the first <paramref name="rows"/> rows, without copying them.</summary>
    private static string Prefix(string all, long rows)
    {
        string folder = $"{all}-first-{rows}";
        var parts = Directory.GetFiles(all, "part-*.parquet").Order(StringComparer.Ordinal).Take((int)(rows / PartRows)).ToArray();
        if (Directory.Exists(folder) && Directory.GetFiles(folder, "*.parquet").Length == parts.Length) return folder;
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        foreach (var part in parts) File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(part)), Path.GetFullPath(part));
        return folder;
    }

    /// <summary>A line of /proc/self/status in bytes (VmRSS now, VmHWM the peak); the process's peak working set elsewhere.</summary>
    private static long ResidentBytes(string field)
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], Invariant) * 1024;
        using var self = Process.GetCurrentProcess();
        return field == "VmHWM" ? self.PeakWorkingSet64 : self.WorkingSet64;
    }

    /// <summary>Memory the machine can give without swapping (MemAvailable), or what the runtime sees as available.</summary>
    private static long AvailableBytes()
    {
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
            foreach (var line in File.ReadLines(meminfo))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                    return long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0], Invariant) * 1024;
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static double FolderMb(string folder) => Directory.GetFiles(folder, "*.parquet").Sum(f => new FileInfo(f).Length) / 1e6;

    private static double Seconds(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Check(long got, long expected)
    {
        if (got != expected) throw new InvalidOperationException($"Loaded {got:N0} rows, expected {expected:N0}.");
    }
}
