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

            // Each segment's share of the file beside its share of the 400 customers it was fitted on.
            Assert.Equal(400, model.SegmentSizes.Sum());
            Assert.Equal(model.SegmentSizes, loaded.SegmentSizes);
            Assert.Equal(model.K, report.Segments.Count);
            Assert.Equal(report.RowsScored, report.Segments.Sum(x => x.Customers));
            for (int k = 1; k <= model.K; k++)
            {
                var share = report.Segments[k - 1];
                Assert.Equal(expected.Columns["segment"].Cast<int>().Count(s => s == k), share.Customers);
                Assert.Equal(model.SegmentSizes[k - 1] / 400.0, share.ShareAtFitting!.Value, 12);
            }
            Assert.Contains("Segments, share of this file (at fitting): ", report.ToString());

            // The shares' stability index, worked by hand: Σ (now − then) · ln(now / then).
            var shift = Foundations.Monitor.Monitoring.SegmentShift(report);
            double psi = report.Segments.Sum(x => (x.Share - x.ShareAtFitting!.Value) * Math.Log(Math.Max(x.Share, 1e-4) / x.ShareAtFitting.Value));
            Assert.Equal(psi, shift.Value, 12);
            Assert.Equal(model.SegmentNames, shift.Bins.Select(b => b.Label));

            // And whether that is more than chance: the chi-squared test of the two sets of counts, worked by hand.
            var test = Foundations.Monitor.Monitoring.SegmentShareTest(report);
            double now = report.RowsScored, then = 400, chi = 0;
            int used = 0;
            for (int k = 0; k < model.K; k++)
            {
                double a = model.SegmentSizes[k], b = report.Segments[k].Customers, both = a + b;
                if (both == 0) continue;
                used++;
                chi += Math.Pow(a - then * both / (now + then), 2) / (then * both / (now + then)) + Math.Pow(b - now * both / (now + then), 2) / (now * both / (now + then));
            }
            Assert.Equal(chi, test.Statistic, 9);
            Assert.Equal(used - 1, test.DegreesOfFreedom);
            Assert.Equal(MathNet.Numerics.Distributions.ChiSquared.CDF(used - 1, chi), 1 - test.PValue, 9);
        }
    }

    [Fact]
    public void A_file_saved_before_segment_sizes_were_kept_tags_without_them_and_forged_sizes_are_refused()
    {
        var (model, path) = Saved();
        model.Dispose();
        string older = Path.Combine(RunnerProcess.TempFolder(), "older.fnd");
        File.Copy(path, older);
        ModelFileSurgery.EditJson(older, "model.json", m => m.AsObject().Remove("SegmentSizes"));
        using (var loaded = TrainedSegmentation.Load(older))
        {
            var report = BatchScoring.AssignCsv(loaded, SmallChurnModel.Write(small.Rows(20)), Path.Combine(RunnerProcess.TempFolder(), "tagged.csv"));
            Assert.Empty(loaded.SegmentSizes);
            Assert.All(report.Segments, x => Assert.Null(x.ShareAtFitting));
            Assert.DoesNotContain("(at fitting)", report.ToString());
            Assert.Contains("does not keep its segment sizes", Assert.Throws<ArgumentException>(() => Foundations.Monitor.Monitoring.SegmentShift(report)).Message);
            Assert.Contains("does not keep its segment sizes", Assert.Throws<ArgumentException>(() => Foundations.Monitor.Monitoring.SegmentShareTest(report)).Message);
        }
        var olderRun = RunnerProcess.Run("score", "--model", older, "--input", SmallChurnModel.Write(small.Rows(20)), "--output", Path.Combine(RunnerProcess.TempFolder(), "tagged.csv"), "--exit-on-drift");
        Assert.Equal(2, olderRun.ExitCode);
        Assert.Contains("--exit-on-drift: ", olderRun.Error);
        Assert.Contains("does not keep its segment sizes at fitting", olderRun.Error);

        ModelFileSurgery.EditJson(path, "model.json", m => m["SegmentSizes"]!.AsArray().RemoveAt(0));
        var error = Assert.Throws<InvalidDataException>(() => TrainedSegmentation.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("segment sizes", error.Message);
    }

    [Fact]
    public void A_loaded_model_that_cannot_fill_a_missing_value_names_its_file_the_column_and_the_way_out()
    {
        var (model, path) = Saved();
        model.Dispose();
        // A recipe fitted on data without gaps has no imputation for income (here: its step taken out).
        ModelFileSurgery.EditJson(path, "recipe.json", r =>
        {
            var steps = r["steps"]!.AsArray();
            steps.Remove(steps.First(x => (string?)x!["step"] == "impute" && (string?)x!["column"] == "income"));
        });
        int income = small.Column("income");
        var customers = Csv.FromText(string.Join("\n", small.Rows(10, (r, f) => { if (r == 3) f[income] = ""; })), "new.csv").Frame;
        using var loaded = TrainedSegmentation.Load(path);
        var error = Assert.Throws<ArgumentException>(() => loaded.Assign(customers));
        Assert.Contains($"The segmentation model '{path}' cannot assign these customers: Column 'income' has a missing value at row 3", error.Message);
        Assert.Contains("BatchScoring.AssignCsv (or `foundations score`) sets such rows aside", error.Message);

        var report = BatchScoring.AssignCsv(loaded, SmallChurnModel.Write(small.Rows(10, (r, f) => { if (r == 3) f[income] = ""; })), Path.Combine(RunnerProcess.TempFolder(), "tagged.csv"));
        Assert.Equal(9, report.RowsScored);
        Assert.Equal(5, Assert.Single(report.SetAside).Line);
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
        Assert.Contains("Segment shares against fitting: stability index ", run.Output);
        Assert.EndsWith(",segment,segment_name", File.ReadLines(output).First());

        int income = small.Column("income");
        string withoutIncome = SmallChurnModel.Write(small.Rows(5).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != income))));
        var missing = RunnerProcess.Run("score", "--model", path, "--input", withoutIncome, "--output", output);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("the header lacks 'income' (number)", missing.Error);
        Assert.DoesNotContain("   at ", missing.Error);

        // --exit-on-drift: the shares' light as the exit code. The customers it was fitted on have its shares exactly
        // (index 0, stable); a file of one segment's customers has moved as far as shares can (act).
        var fitted = small.Lines.Take(401).ToList();
        Assert.Equal(0, RunnerProcess.Run("score", "--model", path, "--input", SmallChurnModel.Write(fitted), "--output", output, "--exit-on-drift").ExitCode);
        using (var loaded = TrainedSegmentation.Load(path))
        {
            var segments = loaded.Assign(Csv.FromText(string.Join("\n", fitted), "fitted.csv").Frame).Columns["segment"].Cast<int>().ToArray();
            var oneSegment = fitted.Take(1).Concat(fitted.Skip(1).Where((_, i) => segments[i] == segments[0])).ToList();
            var moved = RunnerProcess.Run("score", "--model", path, "--input", SmallChurnModel.Write(oneSegment), "--output", output, "--exit-on-drift");
            Assert.Equal(4, moved.ExitCode);
            Assert.Contains("(act); chi-squared test of the shares p < 0.0001", moved.Output);
            Assert.Equal(0, RunnerProcess.Run("score", "--model", path, "--input", SmallChurnModel.Write(oneSegment), "--output", output).ExitCode);
        }
        var prediction = RunnerProcess.Run("score", "--model", small.Path_, "--input", input, "--output", output, "--exit-on-drift");
        Assert.Equal(2, prediction.ExitCode);
        Assert.Contains("--exit-on-drift applies to a segmentation model", prediction.Error);
        Assert.Contains("foundations monitor", prediction.Error);

        var asAgent = RunnerProcess.Run("alerts", "--model", path, "--input", input, "--output", output);
        Assert.Equal(2, asAgent.ExitCode);
        Assert.Contains("is a segmentation model: score a file with it, with `foundations score", asAgent.Error);
    }
}
