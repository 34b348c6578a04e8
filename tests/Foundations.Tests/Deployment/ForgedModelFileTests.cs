using System.Globalization;
using System.Text.Json.Nodes;
using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Deployment;

/// <summary>
/// Model files changed by someone who also recomputes the checksums. The checksums cannot stop that (signing does, see
/// SigningTests); what must hold whatever is changed: loading and using the file refuse with a message that names it,
/// or give a valid answer (probabilities between 0 and 1, segments 1 to K, the agent's decisions, a monitoring check).
/// Never an error that names nothing, a NaN score, a crash or a hang.
/// </summary>
[Trait("Speed", "Slow")]
[Collection(SharedModels.SmallChurnModel)]
public class ForgedModelFileTests(SmallChurnModel small)
{
    private const int CasesPerKind = 100;

    // Values a forger might put in any field: zero, signs, sizes past any real model, non-finite spellings, other types.
    private static readonly JsonNode?[] Hostile =
    {
        0, -1, 1, 2, 1e9, -1e9, int.MaxValue, int.MinValue, 1e308, -1e308, 1e-320, 0.5, "", "x", "NaN", "Infinity", null, true,
        new string('a', 10_000),
    };

    [Theory]
    [InlineData("deep")]
    [InlineData("scorecard")]
    [InlineData("logistic")]
    [InlineData("lightgbm")]
    [InlineData("fasttree")]
    public void A_forged_field_is_refused_naming_the_file_or_scores_as_probabilities(string kind)
    {
        string input = SmallChurnModel.Write(small.Rows(40));
        string output = Path.Combine(RunnerProcess.TempFolder(), "scores.csv");
        AssertEveryForgery(small.CopyOfModel(kind), seed: 20261202 + kind.Length, rng => rng.Next(3) == 0 ? "recipe.json" : "model.json", path =>
        {
            BatchScoring.ScoreCsv(TrainedPrediction.Load(path), input, output, reasons: 2);
            var scores = File.ReadLines(output).Skip(1).Select(line => double.Parse(line.Split(',')[^3], CultureInfo.InvariantCulture)).ToArray();
            return scores.All(s => s is >= 0 and <= 1) ? null : $"scores outside [0, 1]: {string.Join(", ", scores.Where(s => s is not (>= 0 and <= 1)).Take(3))}";
        });
    }

    [Theory]
    [InlineData("segmentation on the autoencoder")]
    [InlineData("segmentation on balanced columns")]
    [InlineData("alert agent")]
    public void A_forged_segmentation_or_agent_file_is_refused_naming_the_file_or_still_answers(string kind)
    {
        var (original, customers, stream, split) = Saved(kind);
        bool agent = kind == "alert agent";
        AssertEveryForgery(original, seed: 20261202 + kind.Length, rng => !agent && rng.Next(3) == 0 ? "recipe.json" : "model.json", path =>
        {
            if (agent)
            {
                var loaded = TrainedAlertAgent.Load(path);
                return loaded.CompareWithBaselines(stream, split.HeldOut)[loaded.Name].Transactions > 0 ? null : "no decisions";
            }
            using var model = TrainedSegmentation.Load(path);
            // Tagging a file, as `foundations score` does: a forged recipe may no longer fill a missing value, and such a
            // row is then set aside, as for any model whose recipe cannot read it.
            string tagged = Path.Combine(RunnerProcess.TempFolder(), "tagged.csv");
            var report = BatchScoring.AssignCsv(model, SmallChurnModel.Write(small.Rows(50)), tagged);
            if (report.RowsScored + report.SetAside.Count != 50) return $"rows lost: {report}";
            var segments = Csv.Load(tagged, new CsvOptions { OnBadRow = BadRows.Quarantine }).Frame.Columns["segment"].Cast<object>().Select(Convert.ToInt32).ToArray();
            return segments.Length == report.RowsScored && segments.All(s => s >= 1 && s <= model.K) ? null : $"segments outside 1..{model.K}";
        });
    }

    [Fact]
    public void A_forged_monitoring_reference_is_refused_naming_the_file_or_still_checks_the_batch()
    {
        var development = Csv.FromText(string.Join("\n", small.Lines.Take(801)), "first-800.csv").Frame;
        string withReference = small.CopyOfModel();
        Foundations.Monitor.Monitoring.Fit(small.Model, development, new[] { "customer_id", "name" }, "defaulted_next_12m").SaveWith(withReference);
        string batch = SmallChurnModel.Write(small.Rows(60));
        AssertEveryForgery(withReference, seed: 20261202, _ => Foundations.Training.ModelFile.MonitoringEntry,
            path => Foundations.Monitor.MonitoringCheck.OfFiles(path, batch).RowsRead == 60 ? null : "rows lost");
    }

    [Fact]
    public void A_trees_file_written_before_category_counts_were_recorded_still_loads_and_scores_the_same()
    {
        // The check on category counts needs them in model.json; an earlier file without them is read as before.
        string path = small.CopyOfModel("lightgbm");
        var rows = Csv.FromText(string.Join("\n", small.Rows(40)), "batch.csv").Frame;
        var expected = TrainedPrediction.Load(path).Score(rows);
        ModelFileSurgery.EditJson(path, "model.json", m => m["Trees"]!.AsObject().Remove("Codes"));
        Assert.Equal(expected, TrainedPrediction.Load(path).Score(rows));
    }

    [Fact]
    public void An_agent_weight_beyond_the_float_range_is_refused_naming_the_file()
    {
        // 1e39 reads as float infinity: every action value of some accounts would be infinite or NaN.
        string path = Saved("alert agent").Path;
        ModelFileSurgery.EditJson(path, "model.json", m => m["Layers"]![0]!["Weights"]![0] = 1e39);
        var error = Assert.Throws<InvalidDataException>(() => TrainedAlertAgent.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not a finite number", error.Message);
    }

    [Fact]
    public void A_segmentation_file_listing_an_identifier_column_twice_is_refused_naming_the_file()
    {
        // Assign copies each identifier column into its result; a repeated one threw an error that named nothing.
        string path = Saved("segmentation on balanced columns").Path;
        ModelFileSurgery.EditJson(path, "model.json", m => m["IdColumns"]!.AsArray().Add("name"));
        var error = Assert.Throws<InvalidDataException>(() => TrainedSegmentation.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("identifier column twice", error.Message);
    }

    [Fact]
    public void A_segmentation_autoencoder_of_two_billion_units_is_refused_before_it_is_built()
    {
        string path = Saved("segmentation on the autoencoder").Path;
        ModelFileSurgery.EditJson(path, "model.json", m => m["Autoencoder"]!["Hidden"]![0] = 2_000_000_000);
        var error = Assert.Throws<InvalidDataException>(() => TrainedSegmentation.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("more than the", error.Message);
    }

    /// <summary>A small model of <paramref name="kind"/> saved in a fresh folder, with the rows it can be tried on.</summary>
    private (string Path, Microsoft.Data.Analysis.DataFrame Customers, TransactionStream Stream, DaySplit Split) Saved(string kind)
    {
        var customers = Csv.FromText(string.Join("\n", small.Lines.Take(401)), "first-400.csv").Frame;
        var bank = SampleBank.Generate(customers: 40, seed: 11, transactionAccounts: 40, days: 22);
        var stream = TransactionStream.From(bank.Transactions);
        var split = stream.SplitDays(3);
        string path = Path.Combine(RunnerProcess.TempFolder(), "original.fnd");
        var segmentation = Patterns.Segmentation.Of(customers, new[] { "customer_id", "name" }, new[] { "churned_next_90d", "defaulted_next_12m" });
        switch (kind)
        {
            case "segmentation on the autoencoder":
                using (var result = segmentation.Embed(dimensions: 4, epochs: 2).OnDevice(TorchSharp.torch.CPU).Cluster(Segments.Exactly(4)).WithStability(0).WithSeed(1).Train().Model) result.Save(path);
                break;
            case "segmentation on balanced columns":
                using (var result = segmentation.OnBalancedColumns().OnDevice(TorchSharp.torch.CPU).Cluster(Segments.Exactly(4)).WithStability(0).WithSeed(1).Train().Model) result.Save(path);
                break;
            default:
                Patterns.Reinforcement.Of(stream).OnDays(split.Training).WithEpisodes(2).WithSeed(1).WithDailyAlertBudget(3)
                    .WithReplay(capacity: 1_000, batchSize: 32, trainEvery: 2, warmupSteps: 50).OnDevice(TorchSharp.torch.CPU).Quiet().Train().Agent.Save(path);
                break;
        }
        return (path, customers, stream, split);
    }

    /// <summary>
    /// Forges <see cref="CasesPerKind"/> copies of <paramref name="original"/>, one field of the entry <paramref name="entry"/>
    /// picks each time, and tries each with <paramref name="use"/> (null: the answer is valid; else what is wrong with it).
    /// A refusal naming the file passes; any other exception or a wrong answer is listed, and the list must be empty.
    /// </summary>
    private static void AssertEveryForgery(string original, int seed, Func<Random, string> entry, Func<string, string?> use)
    {
        var rng = new Random(seed); // fixed: the same forgeries every run
        var wrong = new List<string>();
        for (int c = 0; c < CasesPerKind; c++)
        {
            string path = Path.Combine(RunnerProcess.TempFolder(), "forged.fnd");
            File.Copy(original, path);
            string name = entry(rng), change = "";
            ModelFileSurgery.EditJson(path, name, json => change = $"{name} {Forge(json, rng)}");
            try
            {
                if (use(path) is { } problem) wrong.Add($"{change}: {problem}");
            }
            catch (InvalidDataException e) when (e.Message.Contains(path, StringComparison.Ordinal)) { }
            catch (Exception e) { wrong.Add($"{change}: {e.GetType().Name}: {e.Message}"); }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>Changes one value, removes one key or one array element, or repeats one array element; says which.</summary>
    private static string Forge(JsonNode root, Random rng)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var node = nodes[rng.Next(nodes.Count)];
        string where = node.GetPath();
        switch (node.Parent, rng.Next(10))
        {
            case (_, < 6) when node is JsonValue:
                var value = Hostile[rng.Next(Hostile.Length)];
                Replace(node, value?.DeepClone());
                return $"{where} := {(value?.ToJsonString() is { Length: > 20 } text ? text[..20] + "…" : value?.ToJsonString() ?? "null")}";
            case (JsonObject parent, < 8):
                parent.Remove(parent.First(p => ReferenceEquals(p.Value, node)).Key);
                return $"{where} removed";
            case (JsonArray array, var r):
                int at = array.IndexOf(node);
                if (r % 2 == 0) { array.RemoveAt(at); return $"{where} removed from its list"; }
                array.Insert(at, node.DeepClone());
                return $"{where} repeated";
            default:
                Replace(node, -7);
                return $"{where} := -7";
        }
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null) return;
        if (node.Parent is not null) into.Add(node);
        if (node is JsonObject o) foreach (var (_, child) in o) Collect(child, into);
        if (node is JsonArray a) foreach (var child in a) Collect(child, into);
    }

    private static void Replace(JsonNode node, JsonNode? with)
    {
        if (node.Parent is JsonObject o) o[o.First(p => ReferenceEquals(p.Value, node)).Key] = with;
        else if (node.Parent is JsonArray a) a[a.IndexOf(node)] = with;
    }
}
