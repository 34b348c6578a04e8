using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Monitor;

/// <summary>
/// Notebooks 05 and 06 on a loan book whose outcome is text, with loans still running: the parameters a user of 02
/// already knows (positiveLabel, negativeLabels) work there too.
/// </summary>
[Trait("Speed", "Slow")]
public class TextOutcomeNotebookTests
{
    /// <summary>Loans issued over three years: <paramref name="badLabel"/> or "Fully Paid", and in the last year some still "Current".</summary>
    private static (string Path, int RunningLastYear) WriteLoanBook(string folder, string badLabel = "Charged Off")
    {
        var rng = new Random(41);
        var text = new StringBuilder("id,member_id,issue_d,int_rate,annual_inc,grade,loan_status\n");
        int running = 0;
        for (int i = 0; i < 2400; i++)
        {
            int year = 2013 + i / 800;
            string month = CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(1 + rng.Next(12));
            double rate = 5 + 20 * rng.NextDouble(), income = 20_000 + 80_000 * rng.NextDouble();
            string grade = rate < 10 ? "A" : rate < 15 ? "B" : rate < 20 ? "C" : "D";
            double p = 1 / (1 + Math.Exp(-(-3.5 + 0.17 * rate - income / 100_000)));
            string status = year == 2015 && rng.NextDouble() < 0.4 ? "Current" : rng.NextDouble() < p ? badLabel : "Fully Paid";
            if (status == "Current") running++;
            // A borrower holds about three loans.
            text.Append(CultureInfo.InvariantCulture, $"{i + 1},M{rng.Next(800):000},{month}-{year},{rate:0.00}%,{income:0},{grade},{(status.Contains(',') ? $"\"{status}\"" : status)}\n");
        }
        string path = System.IO.Path.Combine(folder, "loan.csv");
        File.WriteAllText(path, text.ToString());
        return (path, running);
    }

    [Fact]
    public void Monitoring_notebook_groups_a_loan_book_by_year_and_counts_running_loans_as_no_outcome_yet()
    {
        // The bad outcome's label holds a comma: the parameter names it in double quotes, as the CSV file writes it.
        string folder = RunnerProcess.TempFolder();
        var (csv, running) = WriteLoanBook(folder, badLabel: "Charged Off, written down");
        string outDir = System.IO.Path.Combine(folder, "out");

        var run = RunnerProcess.Run("run", System.IO.Path.Combine(RepoPaths.Notebooks, "05-monitoring.ipynb"), "--out", outDir,
            "-p", $"dataPath={csv}", "-p", "target=loan_status", "-p", "positiveLabel=\"Charged Off, written down\"", "-p", "negativeLabels=Fully Paid",
            "-p", "idColumns=id", "-p", "excludeColumns=", "-p", "periodColumn=issue_d", "-p", "periodLength=year", "-p", "epochs=4");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(System.IO.Path.Combine(outDir, "05-monitoring.html")));
        Assert.Contains("periods by 'issue_d': 2013 (800), 2014 (800), 2015 (800)", report);
        Assert.Contains($"{running:N0} compared rows have no outcome yet; performance is measured on the {800 - running:N0} that have one.", report);
        var metrics = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(outDir, "05-monitoring.run.json")))!["metrics"]!;
        Assert.NotNull(metrics["gini_current"]);
    }

    [Fact]
    public void Reuse_notebook_learns_a_text_outcome_named_by_its_positive_label()
    {
        string folder = RunnerProcess.TempFolder();
        var (csv, _) = WriteLoanBook(folder);
        string outDir = System.IO.Path.Combine(folder, "out");

        var run = RunnerProcess.Run("run", System.IO.Path.Combine(RepoPaths.Notebooks, "06-reuse.ipynb"), "--out", outDir,
            "-p", $"dataPath={csv}", "-p", "target=loan_status", "-p", "positiveLabel=Charged Off", "-p", "negativeLabels=Fully Paid",
            "-p", "idColumns=id", "-p", "excludeColumns=", "-p", "groupBy=member_id", "-p", "labelledSizes=250,500", "-p", "seeds=2", "-p", "encoderEpochs=3",
            "-p", "headSteps=60");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        // A borrower's loans stay on one side: the encoder and the heads never saw a test borrower.
        string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(System.IO.Path.Combine(outDir, "06-reuse.html")));
        Assert.Contains("stratified by loan_status, rows of one member_id in one part only, seed 42. Encoder trained on ", report);
        var metrics = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(outDir, "06-reuse.run.json")))!["metrics"]!;
        Assert.InRange(metrics["auc_scratch_500"]!.GetValue<double>(), 0.5, 1.0);
        Assert.NotNull(metrics["auc_transfer_500"]);
    }
}
