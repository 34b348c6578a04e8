using System.Diagnostics;
using Foundations.Data;
using Foundations.Patterns.Prediction;
using TorchSharp;

namespace Foundations.Bench;

/// <summary>Deep tabular training on CPU: throughput against the machine's matmul peak, and quality and time against ML.NET's trees.</summary>
public static class PredictionBench
{
    /// <summary>Peak float32 matmul GFLOP/s of this machine through libtorch, and the training throughput of the default network.</summary>
    public static void Throughput(BenchRun run)
    {
        int n = run.Quick ? 2048 : 4096;
        double peak;
        using (var a = torch.randn(n, n))
        using (var b = torch.randn(n, n))
        {
            var time = BenchRun.Median(run.Quick ? 3 : 5, () => { using var c = a.mm(b); });
            peak = 2.0 * n * n * n / time.TotalSeconds / 1e9;
        }

        // The default network (numeric inputs → 128 → 64 → 1) at batch 1024, forward + backward + Adam step.
        int rows = run.Quick ? 65_536 : 262_144, inputs = 64, batch = 1024;
        torch.manual_seed(1);
        var x = torch.randn(rows, inputs);
        var y = (torch.rand(rows) > 0.8).to_type(torch.ScalarType.Float32);
        var net = new Foundations.Training.TabularNetwork(new Foundations.Training.NetworkShape(inputs, Array.Empty<int>(), new[] { 128, 64 }, 0.0));
        var opt = torch.optim.Adam(net.parameters(), lr: 1e-3);
        var noCategories = torch.zeros(new long[] { batch, 0 }, dtype: torch.int64);
        void Epoch()
        {
            for (int s = 0; s + batch <= rows; s += batch)
            {
                using var scope = torch.NewDisposeScope();
                var logits = net.forward(x.narrow(0, s, batch), noCategories);
                var loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y.narrow(0, s, batch));
                opt.zero_grad();
                loss.backward();
                opt.step();
            }
        }
        var epochTime = BenchRun.Median(run.Quick ? 2 : 3, Epoch);
        double rowsPerSecond = rows / epochTime.TotalSeconds;
        // Forward and backward of the linear layers: about 3 × 2 × (64·128 + 128·64 + 64·1) FLOPs per row.
        double flopsPerRow = 3.0 * 2 * (inputs * 128 + 128 * 64 + 64);
        double achieved = rowsPerSecond * flopsPerRow / 1e9;
        run.Add(new BenchResult("deep_training_gflops", achieved, peak, "GFLOP/s", true, 0.5, "peak mm",
            $"{rowsPerSecond:N0} rows/s at batch {batch}; peak measured with a {n}×{n} torch.mm"));
    }

    /// <summary>Deep model vs scorecard vs LightGBM vs FastTree on the bundled bank's split: AUC and training seconds.</summary>
    public static void Quality(BenchRun run)
    {
        var (customers, _) = Csv.Load(Path.Combine(run.RepoRoot, "data-samples", "customers.csv"));
        var split = Wrangle.From(customers)
            .Drop("customer_id", "name", "defaulted_next_12m")
            .Impute("income", Impute.Median)
            .Categorize("region", "occupation", "preferred_channel", "credit_score_band")
            .Standardize()
            .SplitTrainTest(0.2, stratifyBy: "churned_next_90d", seed: 42);
        var result = Prediction.Of(split, "churned_next_90d").WithDeepModel().WithScorecard().WithLightGbm().WithFastTree().WithSeed(42).Train();
        var deep = result["deep"];
        foreach (var peer in new[] { "lightgbm", "fasttree", "scorecard" })
        {
            var e = result[peer];
            run.Add(new BenchResult($"auc_deep_vs_{peer}", deep.Auc, e.Auc, "AUC", true, peer == "lightgbm" ? 0.995 : null, peer));
            run.Add(new BenchResult($"train_seconds_deep_vs_{peer}", deep.TrainingTime.TotalSeconds, e.TrainingTime.TotalSeconds, "s", false, null, peer,
                "ratio = peer seconds / ours (above 1: ours is faster)"));
        }
    }
}
