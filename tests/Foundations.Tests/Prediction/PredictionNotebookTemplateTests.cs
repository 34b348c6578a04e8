using System.Text.Json.Nodes;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Prediction;

[Trait("Speed", "Slow")]
public class PredictionNotebookTemplateTests
{
    /// <summary>02-prediction is a template: it runs on a differently shaped CSV (other names, ';', yes/no label, gaps).</summary>
    [Fact]
    public void Prediction_notebook_runs_on_a_differently_shaped_csv_given_as_parameters()
    {
        string outDir = RunnerProcess.TempFolder();
        var run = RunnerProcess.Run("run", Path.Combine(RepoPaths.Notebooks, "02-prediction.ipynb"), "--out", outDir,
            "-p", "dataPath=../tests/data/loan-applications.csv", "-p", "target=defaulted", "-p", "positiveLabel=yes",
            "-p", "idColumns=application_ref", "-p", "excludeColumns=", "-p", "epochs=12");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var log = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "02-prediction.run.json")))!;
        var metrics = log["metrics"]!;
        foreach (var name in new[] { "test_auc_deep", "test_auc_scorecard", "test_auc_logistic", "test_auc_lightgbm", "test_gini_deep", "test_ks_lightgbm", "train_seconds_deep", "train_seconds_lightgbm",
                     "auc_diff_deep_lightgbm", "auc_diff_deep_lightgbm_p", "impact_ratio_applicant_age" })
            Assert.NotNull(metrics[name]);
        Assert.InRange(metrics["test_auc_deep"]!.GetValue<double>(), 0.65, 1.0);
        Assert.Equal(1, metrics["save_load_identical"]!.GetValue<double>());
        Assert.Equal("defaulted", log["parameters"]!["target"]!.GetValue<string>());
        Assert.Contains(log["artifacts"]!.AsArray(), a => a!.GetValue<string>().EndsWith("defaulted.fnd", StringComparison.Ordinal));
    }

    /// <summary>
    /// A mortgage register shaped like HMDA's: action taken coded 1 originated, 2 approved but not accepted, 3 denied,
    /// 4 withdrawn; "Exempt" in the loan-to-value ratio where a small lender need not report it, and the ratio blank for
    /// many denials; the applicant's race, which the lender leaves out of the model; the denial reason, known only after.
    /// Before, training stopped on the three kept codes, the ratio was text dropped as identifier-like, and race could not
    /// be compared once left out.
    /// </summary>
    [Fact]
    public void Prediction_notebook_runs_on_a_mortgage_register_with_two_codes_for_no_exempt_ratios_and_race_left_out_but_compared()
    {
        string folder = RunnerProcess.TempFolder();
        string csv = Path.Combine(folder, "lar.csv");
        var rng = new Random(31);
        var text = new System.Text.StringBuilder("loan_to_value_ratio,income,debt_to_income,derived_race,denial_reason,action_taken\n");
        int exempt = 0;
        string[] races = { "White", "Black or African American", "Asian", "Race Not Available" };
        for (int i = 0; i < 1500; i++)
        {
            double ltv = 55 + 45 * rng.NextDouble(), income = Math.Round(Math.Exp(4.4 + 0.5 * (rng.NextDouble() - 0.5)), 0), dti = 15 + 40 * rng.NextDouble();
            string race = races[rng.Next(races.Length)];
            double z = -2.2 + 0.08 * (dti - 35) + 0.05 * (ltv - 80) + (race == races[1] ? 0.4 : 0);
            string action = rng.NextDouble() < 0.05 ? "4" : rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? "3" : rng.NextDouble() < 0.9 ? "1" : "2";
            bool isExempt = i % 40 == 7;
            exempt += isExempt ? 1 : 0;
            string ratio = isExempt ? "Exempt" : action == "3" && rng.NextDouble() < 0.5 ? "NA" : ltv.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            text.Append(System.FormattableString.Invariant($"{ratio},{income},{dti:0.0},{race},{(action == "3" ? 1 + rng.Next(9) : 10)},{action}\n"));
        }
        File.WriteAllText(csv, text.ToString());
        string outDir = Path.Combine(folder, "out");
        var run = RunnerProcess.Run("run", Path.Combine(RepoPaths.Notebooks, "02-prediction.ipynb"), "--out", outDir,
            "-p", $"dataPath={csv}", "-p", "target=action_taken", "-p", "positiveLabel=3", "-p", "negativeLabels=1,2",
            "-p", "idColumns=", "-p", "excludeColumns=derived_race,denial_reason", "-p", "epochs=12");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "02-prediction.run.json")))!["metrics"]!;
        Assert.InRange(metrics["test_auc_logistic"]!.GetValue<double>(), 0.7, 1.0);
        double raceRatio = metrics["impact_ratio_derived_race"]!.GetValue<double>();   // left out of the model, still compared
        Assert.InRange(raceRatio, metrics["impact_ratio_derived_race_low"]!.GetValue<double>(), metrics["impact_ratio_derived_race_high"]!.GetValue<double>());
        string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(outDir, "02-prediction.html")));
        Assert.Contains("no (0), written '1' in the rows kept", report);
        Assert.Contains($"Column 'loan_to_value_ratio': 'Exempt' in {exempt} rows read as missing values.", report);
        Assert.Contains("loan_to_value_ratio_missing = 1 where it was missing", report);
        Assert.Contains("Protected characteristics left out", report);
        Assert.Contains("95% interval, allowing for", report);
        // The saved model records the word its training file wrote for no value, and scores those rows as it learned to.
        Assert.Contains("1,500 scored into", report);
        Assert.Contains($"Words for no value read as missing values, as in the model's training file: loan_to_value_ratio {exempt}.", report);
    }

    /// <summary>
    /// A bank's own spreadsheet export: CRLF lines, amounts with the pound sign and commas between thousands
    /// ("£69,549.00", "-£1,234.56"), account-opening dates written day first ("28/07/2019"), Yes/No outcome, spaces in
    /// names. Before, the amounts and dates were read as text and left out of every model; now they are numbers and
    /// dates in training and again when the saved model scores the file.
    /// </summary>
    [Fact]
    public void Prediction_notebook_reads_a_spreadsheet_export_with_currency_amounts_and_day_first_dates()
    {
        string folder = RunnerProcess.TempFolder();
        string csv = Path.Combine(folder, "export.csv");
        var rng = new Random(23);
        var text = new System.Text.StringBuilder("Customer Ref,Date Opened,Annual Income,Balance,Region,Defaulted\r\n");
        for (int i = 1; i <= 1500; i++)
        {
            var opened = new DateTime(2010, 1, 1).AddDays(rng.Next(5000));
            double income = Math.Round(Math.Exp(10 + 0.5 * (rng.NextDouble() + rng.NextDouble() - 1)), 2), balance = Math.Round(4000 * (rng.NextDouble() - 0.3), 2);
            string region = new[] { "North", "South", "Wales", "Scotland" }[rng.Next(4)];
            double z = -1.5 - 0.00003 * (income - 22000) - 0.0004 * balance - 0.25 * (opened.Year - 2016);
            bool defaulted = rng.NextDouble() < 1 / (1 + Math.Exp(-z));
            string money(double v) => (v < 0 ? "-£" : "£") + Math.Abs(v).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);
            text.Append(System.FormattableString.Invariant($"C{i:00000},{opened:dd/MM/yyyy},\"{money(income)}\",\"{money(balance)}\",{region},{(defaulted ? "Yes" : "No")}\r\n"));
        }
        File.WriteAllText(csv, text.ToString());
        string outDir = Path.Combine(folder, "out");
        var run = RunnerProcess.Run("run", Path.Combine(RepoPaths.Notebooks, "02-prediction.ipynb"), "--out", outDir,
            "-p", $"dataPath={csv}", "-p", "target=Defaulted", "-p", "positiveLabel=Yes", "-p", "idColumns=Customer Ref", "-p", "excludeColumns=", "-p", "epochs=12");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "02-prediction.run.json")))!["metrics"]!;
        Assert.InRange(metrics["test_auc_logistic"]!.GetValue<double>(), 0.65, 1.0);
        Assert.Equal(1, metrics["save_load_identical"]!.GetValue<double>());
        string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(outDir, "02-prediction.html")));
        Assert.Contains("Column 'Annual Income' writes amounts in GBP with the currency", report);
        Assert.Contains("Column 'Balance' writes amounts in GBP with the currency", report);
        Assert.Contains("Column 'Date Opened' writes dates day first with the year last", report);
        Assert.Contains("Read Date Opened as a number: the date as a decimal year", report);
        Assert.Matches(@"Standardize [^<]*Annual Income \(mean", report);
        Assert.Contains("1,500 rows read from", report);
        Assert.Contains("1,500 scored into", report);
    }

    /// <summary>
    /// A file shaped like Give Me Some Credit (Kaggle's public credit data): the row index exported under an empty header,
    /// "NA" for a missing income and number of dependents, heavy-tailed ratios, a 0/1 outcome. Run as a user would, with
    /// no identifier named. This failed at scoring before (the schema could not find the unnamed column the model used).
    /// </summary>
    [Fact]
    public void Prediction_notebook_runs_on_a_public_credit_file_with_an_unnamed_row_index_and_NA_values()
    {
        string folder = RunnerProcess.TempFolder();
        string csv = Path.Combine(folder, "cs-training.csv");
        var rng = new Random(17);
        var text = new System.Text.StringBuilder(",SeriousDlqin2yrs,RevolvingUtilizationOfUnsecuredLines,age,NumberOfTime30-59DaysPastDueNotWorse,DebtRatio,MonthlyIncome,NumberOfDependents\n");
        for (int i = 1; i <= 1500; i++)
        {
            double utilisation = rng.NextDouble() < 0.02 ? 100 * rng.NextDouble() : rng.NextDouble();
            int age = 21 + rng.Next(60), late = rng.NextDouble() < 0.85 ? 0 : 1 + rng.Next(5);
            string income = rng.NextDouble() < 0.2 ? "NA" : (2000 + rng.Next(12000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string dependents = rng.NextDouble() < 0.03 ? "NA" : rng.Next(4).ToString(System.Globalization.CultureInfo.InvariantCulture);
            double z = -2.8 + 2.0 * Math.Min(utilisation, 1.5) + 0.6 * late - 0.02 * (age - 50);
            int outcome = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
            text.Append(System.FormattableString.Invariant($"{i},{outcome},{utilisation:0.######},{age},{late},{rng.NextDouble() * 2:0.####},{income},{dependents}\n"));
        }
        File.WriteAllText(csv, text.ToString());
        string outDir = Path.Combine(folder, "out");
        var run = RunnerProcess.Run("run", Path.Combine(RepoPaths.Notebooks, "02-prediction.ipynb"), "--out", outDir,
            "-p", $"dataPath={csv}", "-p", "target=SeriousDlqin2yrs", "-p", "idColumns=", "-p", "excludeColumns=", "-p", "epochs=12");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "02-prediction.run.json")))!["metrics"]!;
        Assert.InRange(metrics["test_auc_scorecard"]!.GetValue<double>(), 0.6, 1.0);
        Assert.Equal(1, metrics["save_load_identical"]!.GetValue<double>());
        string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(outDir, "02-prediction.html")));
        Assert.Contains("Drop column_1 (a row number", report);
        Assert.Contains("Column 'MonthlyIncome': ", report);
        Assert.Contains("were read as missing values", report);
    }

    /// <summary>
    /// A file shaped like Lending Club's public loan book: the outcome column holds several statuses, of which only
    /// "Charged Off", "Default" (both a bad loan, both named in positiveLabel) and "Fully Paid" are outcomes (a loan still
    /// running is neither), rates as "13.56%", terms as " 36 months", the first credit line as "Jan-1985". This failed at
    /// training before (a binary label has two values); with negativeLabels the rest are set aside and counted. The
    /// month-year dates were hundreds of categories before; now they are dates, read as decimal years, in training and
    /// again when the saved model scores the file.
    /// </summary>
    [Fact]
    public void Prediction_notebook_sets_aside_loans_with_no_outcome_yet_when_negative_labels_are_named()
    {
        string folder = RunnerProcess.TempFolder();
        string csv = Path.Combine(folder, "loan.csv");
        var rng = new Random(23);
        var text = new System.Text.StringBuilder("id,loan_amnt,term,int_rate,grade,annual_inc,earliest_cr_line,loan_status\n");
        string[] months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
        int current = 0;
        for (int i = 0; i < 1600; i++)
        {
            int grade = Math.Min(6, (int)(-Math.Log(1 - rng.NextDouble()) / 0.6));
            bool longTerm = rng.NextDouble() < 0.25;
            double rate = 6 + 3.5 * grade + 3 * rng.NextDouble(), income = Math.Exp(11 + 0.5 * (rng.NextDouble() - 0.5));
            int firstLine = 1965 + rng.Next(46);
            double z = -2.2 + 0.45 * grade + (longTerm ? 0.5 : 0) + 0.02 * (firstLine - 1990);
            string status = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? (rng.NextDouble() < 0.2 ? "Default" : "Charged Off") : "Fully Paid";
            if (rng.NextDouble() < 0.2) (status, current) = ("Current", current + 1);
            text.Append(System.FormattableString.Invariant($"{1077501 + i * 3},{1000 + rng.Next(30_000)},{(longTerm ? " 60 months" : " 36 months")},{rate:0.00}%,{"ABCDEFG"[grade]},{income:0.##},{months[rng.Next(12)]}-{firstLine},{status}\n"));
        }
        File.WriteAllText(csv, text.ToString());
        string outDir = Path.Combine(folder, "out");
        var run = RunnerProcess.Run("run", Path.Combine(RepoPaths.Notebooks, "02-prediction.ipynb"), "--out", outDir,
            "-p", $"dataPath={csv}", "-p", "target=loan_status", "-p", "positiveLabel=Charged Off,Default", "-p", "negativeLabels=Fully Paid",
            "-p", "idColumns=id", "-p", "excludeColumns=", "-p", "epochs=12");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var log = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "02-prediction.run.json")))!;
        Assert.Equal("Fully Paid", log["parameters"]!["negativeLabels"]!.GetValue<string>());
        Assert.Equal(1600 - current, int.Parse(log["parameters"]!["train_rows"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            + int.Parse(log["parameters"]!["test_rows"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(log["metrics"]!["test_auc_scorecard"]!.GetValue<double>(), 0.6, 1.0);
        string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(outDir, "02-prediction.html")));
        Assert.Contains($"<b>{current:N0} set aside</b>", report);
        Assert.Contains("<td>Current</td>", report);
        Assert.Contains("yes (1), written 'Charged Off' in the rows kept", report);   // a loan in default is a bad loan too
        Assert.Contains("as likely to have loan_status = Charged Off or Default as", report);   // the explanation names both
        Assert.Contains("Column 'earliest_cr_line' writes months without a day", report);
        Assert.Contains("Read earliest_cr_line as a number: the date as a decimal year", report);
        // The saved model reads "Jan-1985" again when it scores the whole file (the running loans too).
        Assert.Contains("1,600 scored into", report);
        Assert.Contains("0 set aside", report);
    }

    /// <summary>
    /// A file with a row per customer and month, as public credit-score files are: with groupBy each customer's months go
    /// to one part, the customer column is no input, and the readiness line is green (without it, red: tested in
    /// SeveralRowsPerCustomerTests).
    /// </summary>
    [Fact]
    public void Prediction_notebook_keeps_each_customers_months_in_one_part_with_groupBy()
    {
        string folder = RunnerProcess.TempFolder();
        string csv = Path.Combine(folder, "monthly.csv");
        var rng = new Random(41);
        var text = new System.Text.StringBuilder("Customer_ID,Month,Age,Annual_Income,Occupation,Monthly_Spend,Credit_Score\n");
        string[] months = { "January", "February", "March", "April", "May", "June" };
        string[] occupations = { "Teacher", "Engineer", "Lawyer", "Mechanic", "Writer" };
        for (int c = 0; c < 250; c++)
        {
            int age = 20 + rng.Next(45);
            double income = Math.Round(15000 + 90000 * rng.NextDouble(), 2);
            string occupation = occupations[rng.Next(occupations.Length)];
            double z = -0.8 + 0.06 * (40 - age) - (income - 60000) / 30000;
            string score = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? "Poor" : "Good";
            foreach (var month in months)
                text.Append(System.FormattableString.Invariant($"CUS_0x{0x1000 + c * 7:x},{month},{age},{income},{occupation},{500 + 800 * rng.NextDouble():0.00},{score}\n"));
        }
        File.WriteAllText(csv, text.ToString());
        string outDir = Path.Combine(folder, "out");
        var run = RunnerProcess.Run("run", Path.Combine(RepoPaths.Notebooks, "02-prediction.ipynb"), "--out", outDir,
            "-p", $"dataPath={csv}", "-p", "target=Credit_Score", "-p", "positiveLabel=Poor", "-p", "idColumns=", "-p", "excludeColumns=",
            "-p", "groupBy=Customer_ID", "-p", "epochs=12");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var log = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "02-prediction.run.json")))!;
        Assert.Equal("Customer_ID", log["parameters"]!["groupBy"]!.GetValue<string>());
        string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(outDir, "02-prediction.html")));
        Assert.Contains("The split keeps rows sharing a 'Customer_ID' in one part (groupBy): 250 values", report);
        Assert.Contains("rows of one Customer_ID in one part only", report);
        Assert.Contains("1,500 scored into", report);
    }
}
