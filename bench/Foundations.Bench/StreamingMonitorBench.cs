using System.Diagnostics;
using System.Globalization;
using Foundations.Patterns;
using TorchSharp;
using static TorchSharp.torch;
using RL = Foundations.Patterns.Reinforcement;

namespace Foundations.Bench;

/// <summary>
/// The real-time monitor: decisions per second and p99 latency per decision on the sample's held-out days, ours
/// (the frozen agent's managed forward pass) beside the same monitor deciding with the agent's TorchSharp network.
/// </summary>
public static class StreamingMonitorBench
{
    /// <summary>Records decisions/s (target ≥ 1: at least as fast as TorchSharp per decision) and p99 latency.</summary>
    public static void Run(BenchRun run)
    {
        string root = Path.GetDirectoryName(Path.GetDirectoryName(run.OutputFolder))!;
        var stream = RL.ReadCsv(Path.Combine(root, "data-samples", "transactions.csv"));
        var split = stream.SplitDays(20);
        var clock = Stopwatch.StartNew();
        var agent = RL.Of(stream).OnDays(split.Training).WithEpisodes(run.Quick ? 20 : 60).OnDevice(CPU).Quiet().Train().Agent;
        Console.WriteLine($"  trained the agent in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({agent.History.Episodes.Count} episodes)");
        var history = stream.Transactions.Where(t => t.Day < split.HeldOut[0]).ToArray();
        var live = stream.Transactions.Where(t => t.Day >= split.HeldOut[0]).ToArray();
        int repeats = run.Quick ? 2 : 5;

        var ours = Measure(() => agent.Monitor().LearnHistory(history), live, repeats);
        // The fixed rules through the same monitor: the cost of the plumbing (history, watch list, budget) alone.
        var plumbing = Measure(() => new ActivityMonitor(RL.Rules(), agent.DailyAlertBudget).LearnHistory(history), live, repeats);
        int threads = torch.get_num_threads();
        torch.set_num_threads(1); // one decision at a time: extra threads only add hand-offs
        try
        {
            using var network = agent.ToQNetwork();
            var peer = Measure(() => new ActivityMonitor(new TorchNetworkPolicy(network), agent.DailyAlertBudget).LearnHistory(history), live, repeats);
            string note = $"{live.Length:N0} held-out transactions × {repeats}; {ours.FlaggedShare:P1} watched or alerted (those are explained: 15 extra forward passes); peer: same monitor, TorchSharp forward per decision, no explanation";
            run.Add(new BenchResult("streaming_monitor_decisions_per_s", ours.PerSecond, peer.PerSecond, "decisions/s", true, 1.0, "torch", note));
            run.Add(new BenchResult("streaming_monitor_p99_latency_us", ours.P99Microseconds, peer.P99Microseconds, "µs", false, 1.0, "torch",
                $"p50 ours {ours.P50Microseconds:0.0} µs, torch {peer.P50Microseconds:0.0} µs; rules through the same monitor: p50 {plumbing.P50Microseconds:0.0} µs, p99 {plumbing.P99Microseconds:0.0} µs, {plumbing.PerSecond:N0} decisions/s"));
        }
        finally { torch.set_num_threads(threads); }
    }

    private sealed record Figures(double PerSecond, double P50Microseconds, double P99Microseconds, double FlaggedShare);

    private static Figures Measure(Func<ActivityMonitor> start, AccountTransaction[] live, int repeats)
    {
        var latencies = new List<double>(live.Length * repeats);
        double seconds = 0;
        long flagged = 0;
        // Warm-up: JIT and first-touch costs are not per-decision costs; the pause lets tiered JIT install optimised code.
        for (int w = 0; w < 2; w++)
        {
            var warm = start();
            foreach (var t in live) warm.Decide(t);
            Thread.Sleep(300);
        }
        for (int r = 0; r < repeats; r++)
        {
            var monitor = start();
            long began = Stopwatch.GetTimestamp();
            foreach (var t in live)
            {
                long before = Stopwatch.GetTimestamp();
                if (monitor.Decide(t).Action != AlertAction.Pass) flagged++;
                latencies.Add(Stopwatch.GetElapsedTime(before).TotalMicroseconds);
            }
            seconds += Stopwatch.GetElapsedTime(began).TotalSeconds;
        }
        latencies.Sort();
        return new Figures(latencies.Count / seconds, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], (double)flagged / latencies.Count);
    }

    /// <summary>The agent's network served the obvious way: one TorchSharp forward pass per decision.</summary>
    private sealed class TorchNetworkPolicy(QNetwork network) : IAlertPolicy
    {
        private readonly float[] _inputs = new float[ActivityFeatures.InputCount];

        public string Name => "DQN agent (TorchSharp forward)";

        public AlertAction Decide(in AlertState state)
        {
            state.WriteInputs(_inputs);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var values = network.forward(tensor(_inputs, new long[] { 1, _inputs.Length }));
            return (AlertAction)values.argmax(1).item<long>();
        }

        public IReadOnlyList<DecisionDriver> Explain(in AlertState state, AlertAction action) => Array.Empty<DecisionDriver>();
    }
}
