using System.Diagnostics;
using Foundations.Bench;

// Every benchmark prints our figure beside the peer's, measured in this run on the same input, and the ratio.
// Usage: dotnet run -c Release --project bench/Foundations.Bench [-- --quick] [--only name,name]
// A bench that measures a process's own peak memory runs its work in a child: "--child <work> ..." (see ParquetBench).
if (args.Length > 0 && args[0] == "--child") return ParquetBench.Child(args[1..]);
bool quick = args.Contains("--quick");
int onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1].Split(',') : null;
string root = FindRoot();
var run = new BenchRun(quick, Path.Combine(root, "artifacts", "bench"));

var benches = new (string Name, Action<BenchRun> Body)[]
{
    ("deep_training", PredictionBench.Throughput),
    ("model_quality", PredictionBench.Quality),
    ("scorecard_splits", PredictionBench.ScorecardSplits),
    ("csv_load", CsvLoadBench.Run),
    ("wrangling", WranglingBench.Run),
    ("kmeans", KMeansBench.Run),
    ("streaming_monitor", StreamingMonitorBench.Run),
    ("notebook_runner", NotebookRunnerBench.Run),
    ("parquet_load", ParquetBench.Load),
    ("duckdb_features", ParquetBench.Features),
};

var total = Stopwatch.StartNew();
foreach (var (name, body) in benches)
{
    if (only is not null && !only.Contains(name)) continue;
    Console.WriteLine($"== {name}");
    body(run);
}
run.Write(total.Elapsed);
Console.WriteLine($"Results: {Path.Combine(run.OutputFolder, "results.json")} and results.md ({total.Elapsed.TotalSeconds:0} s)");
// A peer that failed on an input is reported as such; any other missing ratio is a bench bug.
return run.Results.All(r => r.PeerError is not null || !double.IsNaN(r.Ratio)) ? 0 : 1;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Foundations.Notebooks.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
