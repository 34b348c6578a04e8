using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Prediction;

/// <summary>
/// Applicants' ages with a few entry errors (Kaggle's credit-risk file has 123 and 144): PrepareFor reads them as
/// missing, and the saved model reads the next file's impossible ages alike, counting them in its report.
/// </summary>
public class ImpossibleAgeScoringTests
{
    private static string Applicants(string folder, string name, int rows, int seed, Func<int, string?>? oddAge = null)
    {
        var rng = new Random(seed);
        var text = new System.Text.StringBuilder("ref,person_age,income,defaulted\n");
        for (int i = 0; i < rows; i++)
        {
            int age = 21 + rng.Next(50);
            double income = 20 + 80 * rng.NextDouble();
            bool bad = rng.NextDouble() < 1 / (1 + Math.Exp(-(-1.5 - 0.04 * (age - 45) - 0.02 * (income - 60))));
            // The training file's own entry errors; a later file writes only the ones given.
            string plain = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string written = oddAge is null ? (i == 40 ? "144" : i == 90 ? "123" : plain) : oddAge(i) ?? plain;
            text.Append(System.FormattableString.Invariant($"A{i},{written},{income:0.0},{(bad ? 1 : 0)}\n"));
        }
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void A_saved_model_reads_an_impossible_age_in_the_next_file_as_a_blank_one_and_counts_it()
    {
        string folder = RunnerProcess.TempFolder();
        var (frame, _) = Csv.Load(Applicants(folder, "train.csv", 1200, 5));
        var split = Wrangle.From(frame).PrepareFor("defaulted", "ref").SplitTrainTest(0.25, stratifyBy: "defaulted", seed: 42);
        var model = Patterns.Prediction.Of(split, "defaulted").WithLogisticRegression().Train().Model("logistic");
        var loaded = TrainedPrediction.Load(model.Save(Path.Combine(folder, "defaults.fnd")));

        // Ages of 150 and -3, never seen in training, score as a blank age does; each is counted.
        string next = Applicants(folder, "next.csv", 300, 6, i => i == 11 ? "150" : i == 12 ? "-3" : null);
        var report = BatchScoring.ScoreCsv(loaded, next, Path.Combine(folder, "scores.csv"));
        Assert.Equal(300, report.RowsScored);
        Assert.Equal(2, report.OutsidePossibleRange["person_age"]);
        Assert.Contains("Values outside what is possible, read as missing values as in training: person_age 2.", report.ToString());
        string blank = Applicants(folder, "blank.csv", 300, 6, i => i is 11 or 12 ? "" : null);
        var blankReport = BatchScoring.ScoreCsv(loaded, blank, Path.Combine(folder, "blank-scores.csv"));
        Assert.Empty(blankReport.OutsidePossibleRange);
        var scores = Csv.Load(Path.Combine(folder, "scores.csv")).Frame["score"].Cast<object>().ToArray();
        var blankScores = Csv.Load(Path.Combine(folder, "blank-scores.csv")).Frame["score"].Cast<object>().ToArray();
        Assert.Equal(blankScores, scores);
    }

    [Fact]
    public void A_code_beside_impossible_ages_is_read_as_a_code_and_not_counted_as_an_entry_error()
    {
        // 999 for "not given" in 15 rows is a code (with its flag); 144 and 123 are entry errors.
        string folder = RunnerProcess.TempFolder();
        var (frame, _) = Csv.Load(Applicants(folder, "train.csv", 1200, 5, i => i % 80 == 3 ? "999" : i == 40 ? "144" : i == 90 ? "123" : null));
        var split = Wrangle.From(frame).PrepareFor("defaulted", "ref").SplitTrainTest(0.25, stratifyBy: "defaulted", seed: 42);
        Assert.Equal(new[] { 999.0 }, Assert.Single(split.Recipe.Steps.OfType<FittedCodeAsMissing>()).Codes);
        Assert.Contains("144 in 1 row", Assert.Single(split.Recipe.Steps.OfType<FittedOutsideAsMissing>()).Describe());
        var model = Patterns.Prediction.Of(split, "defaulted").WithLogisticRegression().Train().Model("logistic");

        string next = Applicants(folder, "next.csv", 300, 6, i => i == 11 ? "150" : i is 20 or 21 ? "999" : null);
        var report = BatchScoring.ScoreCsv(model, next, Path.Combine(folder, "scores.csv"));
        Assert.Equal(1, report.OutsidePossibleRange["person_age"]);
    }
}
