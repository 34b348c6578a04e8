using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Deployment;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Segmentation;

/// <summary>
/// Tagging a customer file with its segments (<see cref="BatchScoring.AssignCsv"/>, `foundations score` with a
/// segmentation model): every row assigned as the model assigns it, or set aside with its line.
/// </summary>
[Trait("Speed", "Slow")]
[Collection(SharedModels.SmallChurnModel)]
public class SegmentAssignmentTests(SmallChurnModel small)
{
    private (TrainedSegmentation Model, string Path) Saved()
    {
        var customers = Csv.FromText(string.Join("\n", small.Lines.Take(401)), "first-400.csv").Frame;
        var model = Patterns.Segmentation.Of(customers, new[] { "customer_id", "name" }, new[] { "churned_next_90d", "defaulted_next_12m" })
            .OnBalancedColumns().OnDevice(TorchSharp.torch.CPU).Cluster(Segments.Exactly(4)).WithStability(0).WithSeed(1).Train().Model;
        return (model, model.Save(Path.Combine(RunnerProcess.TempFolder(), "segments.fnd")));
    }

    [Fact]
    public void Every_row_is_assigned_as_the_model_assigns_it_or_set_aside_with_its_line()
    {
        var (model, path) = Saved();
        using (model)
        {
            int income = small.Column("income"), age = small.Column("age");
            var lines = small.Rows(60, (r, f) =>
            {
                if (r == 4) f[income] = "lots";   // file line 6
                if (r == 9) f[age] = "";          // file line 11: a missing age the recipe may or may not impute
            });
            string input = SmallChurnModel.Write(lines);
            string output = Path.Combine(RunnerProcess.TempFolder(), "tagged.csv");

            using var loaded = TrainedSegmentation.Load(path);
            var report = BatchScoring.AssignCsv(loaded, input, output);

            Assert.Equal(60, report.RowsRead);
            Assert.Equal(report.RowsRead, report.RowsScored + report.SetAside.Count);
            var lineSix = Assert.Single(report.SetAside, s => s.Line == 6);
            Assert.Equal("income", lineSix.Column);
            Assert.Contains("assigned a segment", report.ToString());

            var tagged = Csv.Load(output).Frame;
            Assert.Equal(report.RowsScored, tagged.Rows.Count);
            Assert.Equal("segment_name", tagged.Columns[^1].Name);
            Assert.Equal(small.Header.Split(',').Length + 2, tagged.Columns.Count); // every input column kept, two added
            // The same segments as assigning the readable rows in memory.
            var readable = Csv.FromText(string.Join("\n", lines.Where((_, i) => !report.SetAside.Any(s => s.Line == i + 1))), "readable.csv").Frame;
            var expected = model.Assign(readable);
            Assert.Equal(expected.Columns["segment"].Cast<int>(), tagged.Columns["segment"].Cast<object>().Select(Convert.ToInt32));
            Assert.Equal(expected.Columns["customer_id"].Cast<string>(), tagged.Columns["customer_id"].Cast<string>());
            Assert.All(tagged.Columns["segment_name"].Cast<string>(), n => Assert.Contains(n, model.SegmentNames));
        }
    }

    [Fact]
    public void The_score_command_tags_a_file_with_a_segmentation_model_and_names_a_missing_column()
    {
        var (model, path) = Saved();
        model.Dispose();
        string input = SmallChurnModel.Write(small.Rows(30));
        string output = Path.Combine(RunnerProcess.TempFolder(), "tagged.csv");
        var run = RunnerProcess.Run("score", "--model", path, "--input", input, "--output", output);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("30 assigned a segment", run.Output);
        Assert.EndsWith(",segment,segment_name", File.ReadLines(output).First());

        int income = small.Column("income");
        string withoutIncome = SmallChurnModel.Write(small.Rows(5).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != income))));
        var missing = RunnerProcess.Run("score", "--model", path, "--input", withoutIncome, "--output", output);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("the header lacks 'income' (number)", missing.Error);
        Assert.DoesNotContain("   at ", missing.Error);

        var asAgent = RunnerProcess.Run("alerts", "--model", path, "--input", input, "--output", output);
        Assert.Equal(2, asAgent.ExitCode);
        Assert.Contains("is a segmentation model: score a file with it, with `foundations score", asAgent.Error);
    }
}
