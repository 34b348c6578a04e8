using Foundations.Bench;

// Benchmarks print our figure beside the peer's, measured in the same run. `--quick` runs the short version.
bool quick = args.Contains("--quick");
string folder = Path.Combine("artifacts", "bench", "data");
Console.WriteLine($"Foundations.Bench ({(quick ? "quick" : "full")}), {Environment.ProcessorCount} cores");
CsvLoadBench.Run(quick, folder);
