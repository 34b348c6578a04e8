using Foundations.Data;
using Foundations.Training;
using Patterns = Foundations.Patterns;

namespace Foundations.Tests.Prediction;

/// <summary>Every model of a prediction reads the same columns, so the comparison is between models, not between inputs.</summary>
public class ScorecardInputsTests
{
    [Fact]
    public void The_scorecard_beside_the_other_models_bins_every_column_they_read_even_one_named_like_personal_data()
    {
        // Year of birth drives the outcome; its name says personal data, which a scorecard left to itself leaves out.
        var rng = new Random(5);
        var lines = new List<string> { "loan_id,birth_year,balance,region,bad" };
        for (int r = 0; r < 2000; r++)
        {
            int year = rng.Next(1940, 2004);
            int balance = rng.Next(0, 5000);
            string region = new[] { "North", "South", "East" }[rng.Next(3)];
            double z = -1.2 + 0.05 * (year - 1972) + balance / 5000.0;
            lines.Add($"L{r:00000},{year},{balance},{region},{(rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0)}");
        }
        var frame = Csv.FromText(string.Join("\n", lines), "loans.csv").Frame;
        var split = Wrangle.From(frame).PrepareFor("bad", "loan_id").SplitTrainTest(0.25, stratifyBy: "bad", seed: 42);

        var result = Patterns.Prediction.Of(split, "bad").WithScorecard().WithLogisticRegression().Train();
        var card = result.Scorecard!;
        Assert.Contains(card.Selected, c => c.Name == "birth_year");
        Assert.DoesNotContain(card.Notes, n => n.Contains("birth_year", StringComparison.Ordinal));
        Assert.DoesNotContain(card.Characteristics, c => c.Name == "loan_id");

        // On its own, with no recipe to say which columns are inputs, the scorecard still leaves personal data and ids out.
        var alone = Scorecard.Fit(split.RawTrain, "bad");
        Assert.Contains(alone.Notes, n => n.StartsWith("'birth_year' left out", StringComparison.Ordinal));
        Assert.DoesNotContain(alone.Characteristics, c => c.Name is "birth_year" or "loan_id");
    }

    [Fact]
    public void A_characteristic_of_many_categories_whose_grouping_fails_on_other_customers_is_left_out_and_one_that_holds_is_kept()
    {
        // A county code of 1,500 values with no effect, and a lender of 200 values that does move the outcome: grouped by
        // their own event rates both look informative on the customers they were grouped on.
        var rng = new Random(11);
        var lines = new List<string> { "county,lender,income,bad" };
        var lenderEffect = Enumerable.Range(0, 200).Select(_ => 1.2 * (rng.NextDouble() - 0.5)).ToArray();
        for (int r = 0; r < 12000; r++)
        {
            int code = rng.Next(1500), lender = rng.Next(200), income = rng.Next(20, 150);
            double z = -1.5 + 3 * lenderEffect[lender] - 0.01 * (income - 80);
            lines.Add($"C{code:0000},L{lender:000},{income},{(rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0)}");
        }
        var frame = Csv.FromText(string.Join("\n", lines), "loans.csv").Frame;
        var card = Scorecard.Fit(frame, "bad");
        var county = card.Characteristics.Single(c => c.Name == "county");
        Assert.False(county.Selected);
        Assert.Contains("when the grouping of its 1,500 categories, learned on half of them, is tried on the other half", county.LeftOutBecause);
        Assert.True(county.InformationValue >= 0.02, $"in-sample IV {county.InformationValue:0.000}");   // what made it look informative
        Assert.Contains(card.Selected, c => c.Name == "lender");
    }
}
