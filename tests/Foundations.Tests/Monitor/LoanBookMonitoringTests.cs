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

    /// <summary>
    /// A loan book with two statuses for a bad loan and two for a good one (Lending Club's "Charged Off" and "Default";
    /// "Fully Paid" and the policy-code "Paid (policy)"), and loans still running.
    /// </summary>
    private static DataFrame LoansWithTwoWordsEach(int rows, int seed)
    {
        var rng = new Random(seed);
        var rate = new double[rows];
        var status = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            rate[r] = 5 + 20 * rng.NextDouble();
            bool bad = rng.NextDouble() < 1 / (1 + Math.Exp(-(-4 + 0.18 * rate[r])));
            bool other = rng.NextDouble() < 0.3;
            status[r] = rng.NextDouble() < 0.25 ? "Current" : bad ? (other ? "Default" : "Charged Off") : other ? "Paid (policy)" : "Fully Paid";
        }
        return new DataFrame(new DoubleDataFrameColumn("int_rate", rate), new StringDataFrameColumn("loan_status", status));
    }

    [Fact]
    public void Several_values_for_yes_and_for_no_are_kept_by_the_model_file_and_counted_as_named_by_monitoring()
    {
        var known = KnownOutcomes.Of(LoansWithTwoWordsEach(3000, 4), "loan_status", new[] { "Charged Off", "Default" }, new[] { "Fully Paid", "Paid (policy)" });
        Assert.Equal(new[] { "Charged Off", "Fully Paid" }, known.Rows.Columns["loan_status"].Cast<string>().Distinct().Order().ToArray());
        Assert.Contains("'Charged Off', 'Default' all mean yes and are written 'Charged Off' in the rows kept", known.ToString());
        var split = Wrangle.From(known.Rows).PrepareFor("loan_status").SplitTrainTest(0.3, stratifyBy: "loan_status", seed: 1);
        var model = Foundations.Patterns.Prediction.Of(split, known).WithLogisticRegression().Train().Model(TrainedPrediction.LogisticName);
        Assert.Equal("Charged Off", model.PositiveLabel);
        Assert.Equal(new[] { "Charged Off", "Default" }, model.PositiveLabels);
        Assert.Equal(new[] { "Fully Paid", "Paid (policy)" }, model.NegativeLabels);   // not only the value the rows kept were written as

        // The next quarter, as the bank writes it: every bad and every good status counts, running loans have no outcome yet.
        var later = LoansWithTwoWordsEach(3000, 5);
        var statuses = later.Columns["loan_status"].Cast<string>().ToArray();
        int running = statuses.Count(s => s == "Current"), bad = statuses.Count(s => s is "Charged Off" or "Default");
        Assert.True(statuses.Count(s => s == "Default") > 100 && statuses.Count(s => s == "Paid (policy)") > 100);
        var check = MonitoringCheck.Of(model, Monitoring.Fit(model, split.RawTest), later, "later");
        Assert.Equal($"{running:N0} compared rows have no outcome yet; performance is measured on the {statuses.Length - running:N0} that have one.", check.PerformanceNote);
        Assert.Equal((double)bad / (statuses.Length - running), check.Performance!.Periods[^1].ObservedRate, 12);
        // Scoring never reads the outcome column: four statuses there (notebook 05 given a model scores its development
        // file so) were "a binary label has two values" before.
        var withoutOutcome = new DataFrame(later.Columns["int_rate"].Clone());
        Assert.Equal(model.Score(withoutOutcome), model.Score(later));
        Assert.Equal(3000, model.ScoreWithReasons(later, top: 1).Count);

        string path = Path.Combine(Path.GetTempPath(), $"fnd-loans-{Guid.NewGuid():N}.fnd");
        try
        {
            model.Save(path);
            var loaded = TrainedPrediction.Load(path);
            Assert.Equal(model.PositiveLabels, loaded.PositiveLabels);
            Assert.Equal(model.NegativeLabels, loaded.NegativeLabels);
            var loadedCheck = MonitoringCheck.Of(loaded, Monitoring.Fit(loaded, split.RawTest), later, "later");
            Assert.Equal(check.Performance.Periods[^1].ObservedRate, loadedCheck.Performance!.Periods[^1].ObservedRate, 12);
            Assert.Null(check.ModelFileName);                                // trained here: no file to name
            Assert.Equal(Path.GetFileName(path), loadedCheck.ModelFileName);  // the report names the file the model came from
            // A forged file whose list of events does not start with the model's event is refused, naming the file.
            Deployment.ModelFileSurgery.EditJson(path, "model.json", json => json["PositiveLabels"] = new System.Text.Json.Nodes.JsonArray("Default", "Charged Off"));
            var error = Assert.Throws<InvalidDataException>(() => TrainedPrediction.Load(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("positive labels must be distinct text values, the positive label first", error.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_coded_outcome_counts_the_codes_named_for_no_and_leaves_other_codes_without_an_outcome()
    {
        // A mortgage register: 3 denied (the event), 1 originated and 2 approved but not accepted (no), 4 withdrawn (neither).
        static DataFrame Applications(int rows, int seed)
        {
            var rng = new Random(seed);
            var dti = new double[rows];
            var action = new int[rows];
            for (int i = 0; i < rows; i++)
            {
                dti[i] = 10 + 50 * rng.NextDouble();
                action[i] = rng.NextDouble() < 0.1 ? 4 : rng.NextDouble() < 1 / (1 + Math.Exp(-(dti[i] - 40) / 6.0)) ? 3 : rng.NextDouble() < 0.8 ? 1 : 2;
            }
            return new DataFrame(new DoubleDataFrameColumn("debt_to_income", dti), new Int32DataFrameColumn("action_taken", action));
        }
        var known = KnownOutcomes.Of(Applications(3000, 6), "action_taken", new[] { "3" }, new[] { "1", "2" });
        var split = Wrangle.From(known.Rows).PrepareFor("action_taken").SplitTrainTest(0.3, stratifyBy: "action_taken", seed: 1);
        var model = Foundations.Patterns.Prediction.Of(split, known).WithLogisticRegression().Train().Model(TrainedPrediction.LogisticName);
        Assert.Equal(new[] { "1", "2" }, model.NegativeLabels);

        var later = Applications(3000, 7);
        var codes = ((Int32DataFrameColumn)later.Columns["action_taken"]).Select(v => v!.Value).ToArray();
        int withdrawn = codes.Count(c => c == 4), denied = codes.Count(c => c == 3);
        var check = MonitoringCheck.Of(model, Monitoring.Fit(model, split.RawTest), later, "later");
        Assert.Equal($"{withdrawn:N0} compared rows have no outcome yet; performance is measured on the {codes.Length - withdrawn:N0} that have one.", check.PerformanceNote);
        Assert.Equal((double)denied / (codes.Length - withdrawn), check.Performance!.Periods[^1].ObservedRate, 12);
    }
}
