using System.Globalization;
using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Prediction;

/// <summary>
/// A scored file is the customer's own file with the results beside it: the columns the model read as numbers or dates
/// go back as the file wrote them (28/07/2019, £1,234.50, 13.5%, Exempt), not as the model read them.
/// </summary>
public class ScoredFileAsWrittenTests
{
    private static readonly string[] Columns = ["ref", "opened", "balance", "rate", "ltv", "denied"];

    private static string Applications(string folder, string name, int rows, int seed, int badRow = -1)
    {
        var rng = new Random(seed);
        var text = new System.Text.StringBuilder(string.Join(",", Columns) + "\n");
        var first = new DateTime(2012, 1, 1);
        for (int i = 0; i < rows; i++)
        {
            double balance = 200 + 9000 * rng.NextDouble(), rate = 3 + 20 * rng.NextDouble(), ltv = 55 + 45 * rng.NextDouble();
            var opened = first.AddDays(rng.Next(0, 3000));
            bool denied = rng.NextDouble() < 1 / (1 + Math.Exp(-(-1 + 0.1 * (rate - 13) + 0.04 * (ltv - 80))));
            string ltvText = i == badRow ? "abc" : i % 20 == 7 ? "Exempt" : ltv.ToString("0.##", CultureInfo.InvariantCulture);
            string rateText = badRow >= 0 && i == badRow + 2 ? "unknown" : rate.ToString("0.0", CultureInfo.InvariantCulture) + "%";
            string balanceText = i % 13 == 4 ? string.Create(CultureInfo.InvariantCulture, $"-£{balance / 10:#,##0.00}") : string.Create(CultureInfo.InvariantCulture, $"£{balance:#,##0.00}");   // an overdrawn account now and then
            text.Append(CultureInfo.InvariantCulture, $"A{i:0000},{opened:dd/MM/yyyy},\"{balanceText}\",{rateText},{ltvText},{(denied ? 1 : 0)}\n");
        }
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Every column read as text, exactly as written.</summary>
    private static Microsoft.Data.Analysis.DataFrame AsText(string path)
    {
        var schema = new CsvSchema();
        foreach (var column in File.ReadLines(path).First().Split(',')) schema[column] = ColumnType.Text;
        return Csv.Load(path, new CsvOptions { Schema = schema }).Frame;
    }

    [Fact]
    public void The_scored_file_gives_back_dates_amounts_percentages_and_words_for_no_value_as_the_input_wrote_them()
    {
        string folder = RunnerProcess.TempFolder();
        var (frame, _) = Csv.Load(Applications(folder, "train.csv", 1000, 3));
        Assert.Equal(ColumnType.DateTime, ColumnTypes.Of(frame["opened"]));
        Assert.Equal(ColumnType.Double, ColumnTypes.Of(frame["balance"]));
        var split = Wrangle.From(frame).PrepareFor("denied", "ref").SplitTrainTest(0.25, stratifyBy: "denied", seed: 42);
        var model = Patterns.Prediction.Of(split, "denied").WithLogisticRegression().Train().Model("logistic");
        foreach (var column in new[] { "opened", "balance", "rate", "ltv" })
            Assert.Contains(model.Schema, c => c.Name == column);

        string next = Applications(folder, "next.csv", 200, 4, badRow: 11);
        string output = Path.Combine(folder, "scores.csv");
        var report = BatchScoring.ScoreCsv(model, next, output);
        // The bad ratio and the unknown rate set aside their own rows; the other rates are read as the percentages they are.
        Assert.Equal(198, report.RowsScored);
        Assert.Equal(new long[] { 13, 15 }, report.SetAside.Select(s => s.Line));

        // Row for row (the set-aside row left out), every input column holds the input's own text.
        var input = AsText(next);
        var scored = AsText(output);
        Assert.Equal(Columns.Concat(["score", "reason_1", "reason_2", "reason_3"]), scored.Columns.Select(c => c.Name));
        var kept = Enumerable.Range(0, 200).Where(r => r is not (11 or 13)).ToArray();
        foreach (var column in Columns)
            Assert.Equal(kept.Select(r => input[column][r]), Enumerable.Range(0, 198).Select(r => scored[column][r]));
        string written = File.ReadAllText(output);
        Assert.Contains("Exempt", written);
        Assert.Matches(@"\n[^\n]*,\d\d/\d\d/20\d\d,""£\d,\d{3}\.\d\d"",\d+\.\d%,", written);
        Assert.DoesNotContain("T00:00:00", written);
        Assert.Contains(",-£", written);          // a negative amount is a number, not a formula to neutralise
        Assert.DoesNotContain("'-£", written);

        // Read back, the scored file's columns mean what the input's do: same types, same values.
        var typedInput = Csv.Load(next, new CsvOptions { Schema = new CsvSchema { ["ltv"] = ColumnType.Double, ["rate"] = ColumnType.Double }.ReadAsMissing("ltv", "Exempt"), OnBadRow = BadRows.Quarantine }).Frame;
        var typedScored = Csv.Load(output).Frame;
        foreach (var column in Columns)
        {
            Assert.Equal(ColumnTypes.Of(typedInput[column]), ColumnTypes.Of(typedScored[column]));
            Assert.Equal(typedInput[column].Cast<object?>(), typedScored[column].Cast<object?>());
        }
    }

    [Fact]
    public void A_header_whose_name_differs_only_in_case_is_named_beside_the_models_name()
    {
        string folder = RunnerProcess.TempFolder();
        var (frame, _) = Csv.Load(Applications(folder, "train.csv", 600, 5));
        var split = Wrangle.From(frame).PrepareFor("denied", "ref").SplitTrainTest(0.25, stratifyBy: "denied", seed: 42);
        var model = Patterns.Prediction.Of(split, "denied").WithLogisticRegression().Train().Model("logistic");
        string next = Applications(folder, "next.csv", 20, 6);
        File.WriteAllLines(next, File.ReadAllLines(next).Select((line, i) => i == 0 ? line.Replace(",ltv,", ",LTV,") : line));
        var error = Assert.Throws<InvalidDataException>(() => BatchScoring.ScoreCsv(model, next, Path.Combine(folder, "scores.csv")));
        Assert.True(error.Message.Contains("the header lacks 'ltv' (number). Names must match exactly: 'ltv' is 'LTV' there."), error.Message);
        Assert.False(File.Exists(Path.Combine(folder, "scores.csv")));
    }

    [Fact]
    public void A_batch_whose_first_rows_cannot_tell_how_dates_and_decimals_are_written_is_read_as_the_training_file_wrote_them()
    {
        // A semicolon export with dates day first and rates with a decimal comma. The training file shows both (days past
        // the 12th, rates such as 12,5); a batch of 1-12 December holds only dates that read either way (05/12/2026) and
        // rates such as 12,375, which could be twelve thousand.
        string folder = RunnerProcess.TempFolder();
        string Write(string name, int rows, int seed, bool batch)
        {
            var rng = new Random(seed);
            var c = CultureInfo.InvariantCulture;
            var text = new System.Text.StringBuilder(batch ? "ref;opened;rate\n" : "ref;opened;rate;defaulted\n");
            for (int i = 0; i < rows; i++)
            {
                var opened = batch ? new DateTime(2026, 12, 1 + i % 12) : new DateTime(2012, 1, 1).AddDays(rng.Next(0, 2900));
                double rate = batch ? Math.Round(1 + 29 * rng.NextDouble(), 3) : Math.Round(1 + 29 * rng.NextDouble(), 1);
                string rateText = rate.ToString(batch ? "0.000" : "0.0", c).Replace('.', ',');
                text.Append(c, $"R{i};{opened:dd/MM/yyyy};{rateText}");
                if (!batch) text.Append(c, $";{(rng.NextDouble() < 1 / (1 + Math.Exp(-(rate - 15) / 4)) ? 1 : 0)}");
                text.Append('\n');
            }
            string path = Path.Combine(folder, name);
            File.WriteAllText(path, text.ToString());
            return path;
        }
        var (frame, _) = Csv.Load(Write("train.csv", 800, 7, batch: false));
        var split = Wrangle.From(frame).PrepareFor("defaulted", "ref").SplitTrainTest(0.25, stratifyBy: "defaulted", seed: 42);
        var trained = Patterns.Prediction.Of(split, "defaulted").WithLogisticRegression().Train().Model("logistic");
        var model = TrainedPrediction.Load(trained.Save(Path.Combine(folder, "defaulted.fnd")));
        Assert.Equal(new[] { "dayFirst" }, model.Schema.Single(c => c.Name == "opened").WrittenAs);
        Assert.Equal(new[] { "decimalComma" }, model.Schema.Single(c => c.Name == "rate").WrittenAs);

        // Alone, the batch's first rows would read its dates and rates as neither: every row set aside.
        string batch = Write("december.csv", 150, 8, batch: true);
        var unread = Csv.Load(batch, new CsvOptions { Schema = new CsvSchema { ["opened"] = ColumnType.DateTime, ["rate"] = ColumnType.Double }, OnBadRow = BadRows.Quarantine });
        Assert.Equal(150, unread.Report.RowsQuarantined);

        var report = BatchScoring.ScoreCsv(model, batch, Path.Combine(folder, "december-scores.csv"));
        Assert.Equal(150, report.RowsScored);
        // The report says how, so the operator knows the batch alone did not show it.
        Assert.Contains("Column 'opened': its first rows do not show how it is written (such as 01/12/2026); read as the file the model learned from wrote it (dayFirst).", report.Notes);
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'rate': its first rows do not show how it is written", StringComparison.Ordinal) && n.EndsWith("(decimalComma).", StringComparison.Ordinal));
        Assert.Contains("How the file was read: ", report.ToString());
        // Read as the training file wrote them: the same scores as the same customers written plainly (ISO dates, 12.375).
        string plain = Path.Combine(folder, "december-plain.csv");
        File.WriteAllLines(plain, File.ReadAllLines(batch).Select((line, i) => i == 0 ? line : PlainLine(line)));
        BatchScoring.ScoreCsv(model, plain, Path.Combine(folder, "plain-scores.csv"));
        Assert.Equal(Csv.Load(Path.Combine(folder, "plain-scores.csv")).Frame["score"].Cast<object>(), Csv.Load(Path.Combine(folder, "december-scores.csv")).Frame["score"].Cast<object>());

        // The nightly monitoring check reads the batch the same way: every row compared, none set aside.
        var reference = Foundations.Monitor.Monitoring.Fit(model, split.RawTest);
        var check = Foundations.Monitor.MonitoringCheck.Of(model, reference, batch);
        Assert.Equal(150, check.RowsCompared);
        Assert.Empty(check.SetAside);

        // A model file that claims a convention the loader never finds for its kind is refused when read.
        string json = model.Recipe.ToJson();
        var forged = Assert.Throws<FormatException>(() => FittedRecipe.FromJson(json.Replace("\"decimalComma\"", "\"dayFirst\"")));
        Assert.Contains("input 'rate' (number) says it was written in a way the loader never finds ('dayFirst' is not a way the loader finds a number column written)", forged.Message);

        static string PlainLine(string line)
        {
            var f = line.Split(';');
            var day = DateTime.ParseExact(f[1], "dd/MM/yyyy", CultureInfo.InvariantCulture);
            return $"{f[0]};{day:yyyy-MM-dd};{f[2].Replace(',', '.')}";
        }
    }
}
