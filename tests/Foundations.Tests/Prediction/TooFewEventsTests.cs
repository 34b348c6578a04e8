using Foundations.Data;
using Foundations.Patterns;
using Patterns = Foundations.Patterns;

namespace Foundations.Tests.Prediction;

/// <summary>A file too small to measure models on is refused before any training, saying what the split holds and what to do.</summary>
public class TooFewEventsTests
{
    private static TrainTestSplit SplitOf(int rows, int events, double testShare)
    {
        var rng = new Random(3);
        var lines = new List<string> { "id,age,balance,bad" };
        for (int r = 0; r < rows; r++)
            lines.Add($"{r},{rng.Next(18, 80)},{rng.Next(0, 5000)},{(r % (rows / events) == 0 && r / (rows / events) < events ? 1 : 0)}");
        var frame = Csv.FromText(string.Join("\n", lines), "small.csv").Frame;
        return Wrangle.From(frame).PrepareFor("bad", new[] { "id" }).SplitTrainTest(testShare, stratifyBy: "bad", seed: 42);
    }

    [Fact]
    public void A_test_split_with_one_event_is_refused_before_training_naming_the_counts_and_the_way_out()
    {
        var split = SplitOf(rows: 60, events: 5, testShare: 0.2);
        var error = Assert.Throws<ArgumentException>(() => Patterns.Prediction.Of(split, "bad").WithScorecard().WithLogisticRegression().Train());
        Assert.StartsWith("The test rows hold 1 event(s) and 11 non-event(s) of 'bad': too few to measure a model's AUC or to compare models", error.Message);
        Assert.Contains("a larger test share", error.Message);
    }

    [Fact]
    public void A_file_whose_every_column_is_left_out_is_refused_naming_why_each_went()
    {
        // Dates with a word in every tenth row, and a reference: text the recipe drops, so no model has an input.
        var lines = new List<string> { "ref,opened,bad" };
        for (int r = 0; r < 200; r++) lines.Add($"R{r:D5},{(r % 10 == 0 ? "TRUE" : new DateTime(2000, 1, 1).AddDays(r * 17).ToString("yyyy-MM-dd"))},{r % 3 % 2}");
        var frame = Csv.FromText(string.Join("\n", lines), "dates.csv").Frame;
        var split = Wrangle.From(frame).PrepareFor("bad").SplitTrainTest(0.2, stratifyBy: "bad", seed: 42);

        var error = Assert.Throws<ArgumentException>(() => Patterns.Prediction.Of(split, "bad").WithScorecard().WithLogisticRegression().Train());

        Assert.StartsWith("No input is left to predict 'bad' from: the recipe leaves out every column.", error.Message);
        Assert.Contains("Drop ref, opened (text that is neither a category nor numbers", error.Message);
    }

    [Fact]
    public void A_split_with_two_events_of_each_kind_on_both_sides_trains_and_is_compared()
    {
        var split = SplitOf(rows: 60, events: 10, testShare: 0.2);
        var result = Patterns.Prediction.Of(split, "bad").WithDeepModel(epochs: 2).WithLogisticRegression().Train();
        Assert.Equal("logistic", Assert.Single(result.Comparison.Against).Baseline);
    }
}
