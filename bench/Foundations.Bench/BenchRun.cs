using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Foundations.Bench;

/// <summary>Settings of one bench run and the results collected so far.</summary>
public sealed class BenchRun(bool quick, string outputFolder)
{
    private readonly List<BenchResult> _results = new();

    /// <summary>The repository root (the folder holding Foundations.Notebooks.sln).</summary>
    public string RepoRoot => Path.GetFullPath(Path.Combine(OutputFolder, "..", ".."));

    /// <summary>Short run (under 3 minutes here): smaller inputs, fewer repetitions.</summary>
    public bool Quick { get; } = quick;

    /// <summary>Where inputs are generated and results written (artifacts/bench).</summary>
    public string OutputFolder { get; } = outputFolder;

    public IReadOnlyList<BenchResult> Results => _results;

    /// <summary>Records and prints one result.</summary>
    public void Add(BenchResult result)
    {
        _results.Add(result);
        var c = CultureInfo.InvariantCulture;
        string target = result.Target is null ? "" : $"  target ≥ {result.Target.Value.ToString("0.###", c)} {(result.MeetsTarget ? "met" : "NOT met")}";
        string peer = result.PeerError is null ? $"{result.PeerName} {result.Peer.ToString("0.###", c),12}  ratio {result.Ratio.ToString("0.###", c)}{target}" : $"{result.PeerName} FAILED: {result.PeerError}";
        Console.WriteLine($"  {result.Benchmark,-34} ours {result.Ours.ToString("0.###", c),12} {result.Unit,-10} {peer}");
        if (result.Note.Length > 0) Console.WriteLine($"  {"",-34} {result.Note}");
    }

    /// <summary>Writes results.json and results.md.</summary>
    public void Write(TimeSpan elapsed)
    {
        Directory.CreateDirectory(OutputFolder);
        File.WriteAllText(Path.Combine(OutputFolder, "results.json"), JsonSerializer.Serialize(_results, new JsonSerializerOptions { WriteIndented = true }));
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine($"# Bench results ({(Quick ? "quick" : "full")} run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine();
        md.AppendLine($"Machine: {Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0, 1).ToString(c)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; run took {elapsed.TotalSeconds.ToString("0", c)} s.");
        md.AppendLine();
        md.AppendLine("| benchmark | ours | peer | unit | ratio | target | note |");
        md.AppendLine("|---|---:|---:|---|---:|---:|---|");
        foreach (var r in _results)
            md.AppendLine(r.PeerError is null
                ? $"| {r.Benchmark} | {r.Ours.ToString("0.###", c)} | {r.PeerName} {r.Peer.ToString("0.###", c)} | {r.Unit} | {r.Ratio.ToString("0.###", c)} | {(r.Target is null ? "" : (r.MeetsTarget ? "met " : "NOT met ") + "≥ " + r.Target.Value.ToString("0.###", c))} | {r.Note} |"
                : $"| {r.Benchmark} | {r.Ours.ToString("0.###", c)} | {r.PeerName} failed | {r.Unit} | — | | {r.PeerError.Replace("<", "&lt;")} {r.Note} |");
        File.WriteAllText(Path.Combine(OutputFolder, "results.md"), md.ToString());
    }

    /// <summary>Median wall time of <paramref name="repeats"/> runs of <paramref name="action"/>, after one warm-up.</summary>
    public static TimeSpan Median(int repeats, Action action)
    {
        action();
        var times = new List<TimeSpan>();
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
