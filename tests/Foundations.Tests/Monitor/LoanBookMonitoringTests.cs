using Foundations.Data;
using Foundations.Monitor;
using Foundations.Patterns;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Monitor;

/// <summary>
/// A loan book's outcome column holds more than outcomes: "Charged Off" and "Fully Paid" are outcomes, a loan still
/// "Current" has none yet. A model trained on the two outcomes must not read a running loan as a repaid one.
/// </summary>
public class LoanBookMonitoringTests
{
    private static DataFrame Loans(int rows, int seed, double stillRunning)
    {
        var rng = new Random(seed);
        var rate = new double[rows];
        var status = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            rate[r] = 5 + 20 * rng.NextDouble();
            double p = 1 / (1 + Math.Exp(-(-4 + 0.18 * rate[r])));
            status[r] = rng.NextDouble() < stillRunning ? "Current" : rng.NextDouble() < p ? "Charged Off" : "Fully Paid";
        }
        return new DataFrame(new DoubleDataFrameColumn("int_rate", rate), new StringDataFrameColumn("loan_status", status));
    }

    [Fact]
    public void Loans_still_running_count_as_no_outcome_yet_not_as_repaid_and_the_model_file_keeps_what_an_outcome_is()
    {
        var known = KnownOutcomes.Of(Loans(3000, 1, stillRunning: 0.3), "loan_status", "Charged Off", "Fully Paid");
        var split = Wrangle.From(known.Rows).PrepareFor("loan_status").SplitTrainTest(0.3, stratifyBy: "loan_status", seed: 1);
        var model = Foundations.Patterns.Prediction.Of(split, "loan_status", "Charged Off").WithLogisticRegression().Train().Model(TrainedPrediction.LogisticName);
        Assert.Equal(new[] { "Fully Paid" }, model.NegativeLabels);
        var reference = Monitoring.Fit(model, split.RawTest);

        var later = Loans(3000, 2, stillRunning: 0.3);
        var check = MonitoringCheck.Of(model, reference, later, "later");
        var statuses = later.Columns["loan_status"].Cast<string>().ToArray();
        int running = statuses.Count(s => s == "Current"), chargedOff = statuses.Count(s => s == "Charged Off");
        Assert.Equal($"{running:N0} compared rows have no outcome yet; performance is measured on the {statuses.Length - running:N0} that have one.", check.PerformanceNote);
        Assert.Equal((double)chargedOff / (statuses.Length - running), check.Performance!.Periods[^1].ObservedRate, 12);

        // A development file with loans still running (a model given to 05 by modelPath): they are binned and scored,
        // and the development performance is measured on the loans that have an outcome.
        var withRunning = Loans(3000, 3, stillRunning: 0.3);
        var fitted = Monitoring.Fit(model, withRunning);
        int runningThere = withRunning.Columns["loan_status"].Cast<string>().Count(s => s == "Current");
        Assert.Equal(3000, fitted.Rows);
        Assert.Equal(3000 - runningThere, fitted.Development!.Rows);
        // An empty outcome is a gap in the development data, not a loan still running: refused, counted.
        withRunning.Columns["loan_status"][0] = null;
        Assert.Contains("missing for 1 development rows", Assert.Throws<ArgumentException>(() => Monitoring.Fit(model, withRunning)).Message);

        string path = Path.Combine(Path.GetTempPath(), $"fnd-loans-{Guid.NewGuid():N}.fnd");
        try
        {
            model.Save(path);
            Assert.Equal(new[] { "Fully Paid" }, TrainedPrediction.Load(path).NegativeLabels);
            // A forged file that calls the event a non-event too is refused, naming the file.
            Deployment.ModelFileSurgery.EditJson(path, "model.json", json => json["NegativeLabels"] = new System.Text.Json.Nodes.JsonArray("Fully Paid", "Charged Off"));
            var error = Assert.Throws<InvalidDataException>(() => TrainedPrediction.Load(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("negative labels must be distinct text values other than the positive label", error.Message);
        }
        finally { File.Delete(path); }
    }
}
