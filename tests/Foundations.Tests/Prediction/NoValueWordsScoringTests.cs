using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Prediction;

/// <summary>
/// A number column whose file writes a word for no value ("Exempt" beside HMDA's loan-to-value ratios): the saved model
/// records the word, and reads it as a missing value again in the next file it scores, as it learned to in training.
/// </summary>
public class NoValueWordsScoringTests
{
    private static string Register(string folder, string name, int rows, int seed, Func<int, string?>? oddRatio = null)
    {
        var rng = new Random(seed);
        var text = new System.Text.StringBuilder("ref,loan_to_value_ratio,income,denied\n");
        for (int i = 0; i < rows; i++)
        {
            double ltv = 55 + 45 * rng.NextDouble(), income = 30 + 90 * rng.NextDouble();
            bool denied = rng.NextDouble() < 1 / (1 + Math.Exp(-(-2 + 0.06 * (ltv - 80) - 0.02 * (income - 75))));
            string ratio = oddRatio?.Invoke(i) ?? (i % 20 == 7 ? "Exempt" : ltv.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
            text.Append(System.FormattableString.Invariant($"A{i},{ratio},{income:0.0},{(denied ? 1 : 0)}\n"));
        }
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void A_saved_model_reads_its_training_files_word_for_no_value_as_missing_and_still_sets_aside_any_other_word()
    {
        string folder = RunnerProcess.TempFolder();
        var (frame, load) = Csv.Load(Register(folder, "train.csv", 1200, 5));
        Assert.Contains("Column 'loan_to_value_ratio': 'Exempt' in 60 rows read as missing values.", load.Notes);
        var split = Wrangle.From(frame).PrepareFor("denied", "ref").SplitTrainTest(0.25, stratifyBy: "denied", seed: 42);
        var model = Patterns.Prediction.Of(split, "denied").WithLogisticRegression().Train().Model("logistic");
        Assert.Equal(new[] { "Exempt" }, model.Schema.Single(c => c.Name == "loan_to_value_ratio").NoValueWords);
        Assert.Null(model.Schema.Single(c => c.Name == "income").NoValueWords);

        // Saved and loaded, the model still knows the word; the next file scores every Exempt row, and sets aside a word
        // it never saw ("abc"), naming the line and the column.
        var loaded = TrainedPrediction.Load(model.Save(Path.Combine(folder, "denied.fnd")));
        Assert.Equal(model.Schema, loaded.Schema);
        string next = Register(folder, "next.csv", 300, 6, i => i == 11 ? "abc" : null);
        var report = BatchScoring.ScoreCsv(loaded, next, Path.Combine(folder, "scores.csv"));
        Assert.Equal(300, report.RowsRead);
        Assert.Equal(299, report.RowsScored);
        var aside = Assert.Single(report.SetAside);
        Assert.Equal(13, aside.Line);
        Assert.Equal("loan_to_value_ratio", aside.Column);
        Assert.Equal(15, report.WordsReadAsMissing["loan_to_value_ratio"]);
        Assert.Contains("Words for no value read as missing values, as in the model's training file: loan_to_value_ratio 15.", report.ToString());

        // An Exempt row is scored exactly as a blank ratio: the word is a gap to the model, nothing more.
        var scores = Csv.Load(Path.Combine(folder, "scores.csv")).Frame;
        string blank = Register(folder, "blank.csv", 300, 6, i => i == 11 ? "abc" : i % 20 == 7 ? "" : null);
        BatchScoring.ScoreCsv(loaded, blank, Path.Combine(folder, "blank-scores.csv"));
        var blankScores = Csv.Load(Path.Combine(folder, "blank-scores.csv")).Frame;
        Assert.Equal(scores["score"].Cast<object>().ToArray(), blankScores["score"].Cast<object>().ToArray());
    }

    [Fact]
    public void Monitoring_a_small_batch_reads_the_models_word_for_no_value_as_missing_where_inference_alone_would_not()
    {
        string folder = RunnerProcess.TempFolder();
        var (frame, _) = Csv.Load(Register(folder, "train.csv", 1200, 5));
        var split = Wrangle.From(frame).PrepareFor("denied", "ref").SplitTrainTest(0.25, stratifyBy: "denied", seed: 42);
        var model = Patterns.Prediction.Of(split, "denied").WithLogisticRegression().Train().Model("logistic");
        var reference = Foundations.Monitor.Monitoring.Fit(model, split.RawTest);

        // Twenty applications, ratios of 18 values beside two Exempt: too few numbers for inference alone to call the
        // column numbers, so without the model's word the batch's ratio would be text and no row could be scored.
        string batch = Register(folder, "night.csv", 20, 8, i => i % 10 == 3 ? "Exempt" : null);
        Assert.NotEqual(ColumnType.Double, ColumnTypes.Of(Csv.Load(batch).Frame["loan_to_value_ratio"]));
        var check = Foundations.Monitor.MonitoringCheck.Of(model, reference, batch);
        Assert.Equal(20, check.RowsRead);
        Assert.Equal(20, check.RowsCompared);
        Assert.Empty(check.SetAside);
    }

    [Fact]
    public void A_schema_reads_the_words_it_is_given_as_missing_and_refuses_a_word_with_a_digit()
    {
        var schema = new CsvSchema { ["ratio"] = ColumnType.Double }.ReadAsMissing("ratio", "Exempt");
        var (frame, report) = Csv.FromText("ratio,x\n71.5,1\nExempt,2\n,3\n80,4\nabc,5\n", "lar.csv", new CsvOptions { Schema = schema, OnBadRow = BadRows.Quarantine });
        Assert.Equal(4, frame.Rows.Count);
        Assert.Equal(2, frame["ratio"].NullCount);
        Assert.Equal(1, report.Columns.Single(c => c.Name == "ratio").NoValueWordRows);
        Assert.Contains("Column 'ratio': 'Exempt' in 1 rows read as missing values.", report.Notes);
        var abc = Assert.Single(report.Quarantined);
        Assert.Equal("abc", abc.Value);
        // Whole numbers too; a text column keeps the word as a value, and the note says why.
        var units = Csv.FromText("units\n1\nExempt\n3\n", "units.csv", new CsvOptions { Schema = new CsvSchema { ["units"] = ColumnType.Int32 }.ReadAsMissing("units", "Exempt") });
        Assert.Equal(1, units.Frame["units"].NullCount);
        var codes = Csv.FromText("code\nExempt\nA1\n", "codes.csv", new CsvOptions { Schema = new CsvSchema { ["code"] = ColumnType.Text }.ReadAsMissing("code", "Exempt") });
        Assert.Equal("Exempt", codes.Frame["code"][0]);
        Assert.Contains(codes.Report.Notes, n => n.StartsWith("Column 'code' is Text: the words the schema reads as missing values ('Exempt') apply to number columns only", StringComparison.Ordinal));
        // A column the schema does not type gets the words too when its values are numbers.
        var inferred = Csv.FromText("ratio,x\n71.5,1\nExempt,2\n80,3\n", "lar.csv", new CsvOptions { Schema = new CsvSchema().ReadAsMissing("ratio", "Exempt") });
        Assert.Equal(ColumnType.Double, ColumnTypes.Of(inferred.Frame["ratio"]));
        Assert.Equal(1, inferred.Frame["ratio"].NullCount);
        var digit = Assert.Throws<ArgumentException>(() => new CsvSchema().ReadAsMissing("ratio", "1976A"));
        Assert.Contains("'ratio'", digit.Message);
    }

    [Fact]
    public void A_recipe_file_whose_words_for_no_value_the_loader_never_writes_is_refused_when_read()
    {
        var (frame, _) = Csv.FromText("ratio,y\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{(i % 9 == 4 ? "Exempt" : (50 + i * 0.7).ToString(System.Globalization.CultureInfo.InvariantCulture))},{i % 2}")), "lar.csv");
        var recipe = Wrangle.From(frame).PrepareFor("y").Fit();
        string json = recipe.ToJson();
        Assert.Contains("\"Exempt\"", json);
        Assert.Equal(recipe.Inputs, FittedRecipe.FromJson(json).Inputs);
        var forged = Assert.Throws<FormatException>(() => FittedRecipe.FromJson(json.Replace("\"Exempt\"", "\"999\"")));
        Assert.Contains("'ratio'", forged.Message);
    }
}
