using Foundations.Data;
using Foundations.Experiments;
using Foundations.Explanation;
using Foundations.Interactive;
using Foundations.Patterns;
using Patterns = Foundations.Patterns;

namespace Foundations.Tests.Explain;

/// <summary>How a model treats the groups of a column: every figure recomputed by hand from the model's own test scores.</summary>
public class GroupOutcomesTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // Applicants whose sex and age move the outcome: women here default far more often (a planted difference), and
    // the young somewhat more; a gap of the kind the table must show, not judge.
    private static PredictionResult Trained(int seed = 9, double cutoff = 0.5, int rows = 3000)
    {
        var rng = new Random(seed);
        var lines = new List<string> { "ref,age,sex,balance,bad" };
        for (int r = 0; r < rows; r++)
        {
            int age = rng.Next(18, 80);
            string sex = rng.NextDouble() < 0.5 ? "F" : "M";
            int balance = rng.Next(0, 5000);
            string ageText = rng.NextDouble() < 0.03 ? "" : age.ToString(System.Globalization.CultureInfo.InvariantCulture);
            double z = -1.0 + (sex == "F" ? 1.6 : -0.4) - 0.02 * (age - 48) + balance / 4000.0;
            lines.Add($"R{r:00000},{ageText},{sex},{balance},{(rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0)}");
        }
        var frame = Csv.FromText(string.Join("\n", lines), "applicants.csv").Frame;
        var split = Wrangle.From(frame).PrepareFor("bad", "ref").SplitTrainTest(0.3, stratifyBy: "bad", seed: 42);
        return Patterns.Prediction.Of(split, "bad").WithLogisticRegression().WithCutoff(cutoff).Train();
    }

    [Fact]
    public void Every_figure_of_a_group_is_the_models_own_test_scores_counted_by_hand()
    {
        var result = Trained();
        var outcomes = Explanation.Explain.OutcomesBy(result, new[] { "sex", "age" });
        output.WriteLine(outcomes.ToString());
        Assert.Equal("logistic", outcomes.Model);
        var p = result["logistic"].Probabilities;
        var y = result["logistic"].Labels;
        var sex = FrameOps.Keys(result.Setup.Split.RawTest["sex"]);
        foreach (var g in outcomes["sex"].Groups)
        {
            var rows = Enumerable.Range(0, p.Count).Where(r => sex[r] == g.Group).ToArray();
            Assert.Equal(rows.Length, g.Customers);
            Assert.Equal(rows.Count(r => y[r] == 1), g.Events);
            Assert.Equal(rows.Count(r => p[r] >= 0.5) / (double)rows.Length, g.FlaggedShare, 12);
            Assert.Equal(rows.Count(r => y[r] == 1 && p[r] >= 0.5) / (double)rows.Count(r => y[r] == 1), g.TruePositiveRate!.Value, 12);
            Assert.Equal(rows.Average(r => p[r]), g.MeanProbability, 12);
            Assert.Equal(BinaryMetrics.Auc(rows.Select(r => p[r]).ToArray(), rows.Select(r => y[r]).ToArray()), g.Auc!.Value, 12);
        }
        // Age in four bands of about equal size, the missing ages a group of their own; every test customer in one group.
        var age = outcomes["age"];
        Assert.Equal(result.Setup.Split.RawTest.Rows.Count, age.Groups.Sum(g => g.Customers));
        Assert.Equal(5, age.Groups.Count);
        Assert.Equal("Missing", age.Groups[^1].Group);
        Assert.StartsWith("\u2264 ", age.Groups[0].Group);
        Assert.All(age.Groups.Take(4), g => Assert.InRange(g.Customers, 150, 300));
    }

    [Fact]
    public void A_group_flagged_far_more_often_gets_an_impact_ratio_below_four_fifths_said_in_words_and_logged()
    {
        var result = Trained();
        var outcomes = Explanation.Explain.OutcomesBy(result, "sex");
        var table = outcomes["sex"];
        var women = table.Groups.Single(g => g.Group == "F");
        var men = table.Groups.Single(g => g.Group == "M");
        Assert.True(women.FlaggedShare > men.FlaggedShare + 0.2, $"F {women.FlaggedShare:P1}, M {men.FlaggedShare:P1}");
        // Not being flagged is what an applicant wants: women get it at a fraction of the men's rate.
        Assert.Equal((1 - women.FlaggedShare) / (1 - men.FlaggedShare), table.ImpactRatio!.Value, 12);
        Assert.True(table.ImpactRatio < 0.8);
        Assert.Contains(table.Summary, s => s.Contains("the group 'F' gets it at", StringComparison.Ordinal) && s.Contains("below 0.80", StringComparison.Ordinal));
        Assert.Equal(table.ImpactRatio!.Value, Run.Current.Metrics["impact_ratio_sex"], 12);

        // Where being flagged is what a customer wants (an offer to stay), the ratio compares the flagged shares.
        var offers = Explanation.Explain.OutcomesBy(result, "sex", favourable: Favourable.Flagged)["sex"];
        Assert.Equal(men.FlaggedShare / women.FlaggedShare, offers.ImpactRatio!.Value, 12);
    }

    [Fact]
    public void A_gap_far_beyond_chance_gets_an_interval_below_four_fifths_throughout_logged_beside_the_ratio()
    {
        var table = Explanation.Explain.OutcomesBy(Trained(), "sex")["sex"];
        var (low, high) = table.ImpactRatioInterval!.Value;
        Assert.InRange(table.ImpactRatio!.Value, low, high);
        Assert.True(high < 0.8, $"interval {low:0.000} to {high:0.000}");
        Assert.Contains(table.Summary, s => s.Contains("95% interval, allowing for 2 groups compared", StringComparison.Ordinal) && s.Contains("below 0.80 throughout", StringComparison.Ordinal));
        Assert.Equal(low, Run.Current.Metrics["impact_ratio_sex_low"], 12);
        Assert.Equal(high, Run.Current.Metrics["impact_ratio_sex_high"], 12);
        Assert.Contains("95% interval", Reports.Html(Explanation.Explain.OutcomesBy(Trained(), "sex")));
    }

    [Fact]
    public void The_impact_ratio_interval_is_katzs_log_interval_for_two_groups_worked_by_hand()
    {
        // 40 of 50 and 50 of 50 given the outcome: ratio 0.8, log standard error sqrt(1/40 - 1/50 + 1/50 - 1/50).
        var (low, high) = GroupOutcomes.RatioInterval(new[] { (40, 50), (50, 50) }, 0.8);
        double se = Math.Sqrt(1.0 / 40 - 1.0 / 50), z = 1.959963984540054;
        Assert.Equal(0.8 * Math.Exp(-z * se), low, 9);
        Assert.Equal(0.8 * Math.Exp(z * se), high, 9);
        // A group given nothing counts as half a customer of 40.5 (Haldane): a finite interval that holds the ratio of 0.
        var (zeroLow, zeroHigh) = GroupOutcomes.RatioInterval(new[] { (0, 40), (30, 40) }, 0);
        Assert.Equal(0, zeroLow, 9);
        Assert.Equal(0.5 / 40.5 / 0.75 * Math.Exp(z * Math.Sqrt(1 / 0.5 - 1 / 40.5 + 1.0 / 30 - 1.0 / 40)), zeroHigh, 9);
    }

    [Fact]
    public void The_impact_ratio_interval_holds_the_true_ratio_in_at_least_95_percent_of_samples_of_three_groups()
    {
        // Three groups of 60 given the outcome at 60%, 75% and 80%: true impact ratio 0.75. The lowest and highest
        // observed are picked afresh in every sample, which a plain interval for the picked pair would not allow for.
        var rng = new Random(2024);
        double[] shares = { 0.60, 0.75, 0.80 };
        int held = 0, samples = 2000, below = 0;
        for (int s = 0; s < samples; s++)
        {
            var groups = shares.Select(p => (MathNet.Numerics.Distributions.Binomial.Sample(rng, p, 60), 60)).ToArray();
            double ratio = groups.Min(g => g.Item1) / (double)groups.Max(g => g.Item1);
            var (low, high) = GroupOutcomes.RatioInterval(groups, ratio);
            held += low <= 0.75 && 0.75 <= high ? 1 : 0;
            below += high < 0.8 ? 1 : 0;
        }
        output.WriteLine($"held {held} of {samples}; below 0.80 throughout in {below}");
        Assert.InRange(held, (int)(0.95 * samples), samples);
        Assert.InRange(below, 1, samples / 2);   // 60 customers a group rarely settle a ratio of 0.75 against 0.80
    }

    [Fact]
    public void A_cut_off_that_flags_nobody_says_so_instead_of_comparing_equal_zeros()
    {
        var table = Explanation.Explain.OutcomesBy(Trained(cutoff: 0.999), "sex")["sex"];
        Assert.All(table.Groups, g => Assert.Equal(0, g.FlaggedShare));
        Assert.Equal(1, table.ImpactRatio);
        Assert.Contains(table.Summary, s => s.Contains("flags no test customer", StringComparison.Ordinal) && s.Contains("WithCutoff", StringComparison.Ordinal));
        Assert.DoesNotContain(table.Summary, s => s.Contains("four-fifths", StringComparison.Ordinal));
        // Figures alike in every group read once, not as a range from a group to itself.
        Assert.Contains(table.Summary, s => s.Contains("(true positive rate): 0% in every group", StringComparison.Ordinal));
    }

    [Fact]
    public void A_small_test_part_gets_fewer_number_bands_so_the_groups_can_still_be_compared()
    {
        var result = Trained(rows: 300);   // 90 test customers: four bands of about 22 would each be too few to compare
        var age = Explanation.Explain.OutcomesBy(result, "age")["age"];
        var bands = age.Groups.Where(g => g.Group != "Missing").ToList();
        int present = bands.Sum(g => g.Customers);
        Assert.Equal(Math.Max(2, Math.Min(4, present / GroupOutcomes.MinCustomers)), bands.Count);
        Assert.True(bands.Count < 4, $"{present} ages in {bands.Count} bands");
        Assert.NotNull(age.ImpactRatio);
    }

    [Fact]
    public void A_column_not_in_the_test_part_or_the_target_is_refused_naming_it()
    {
        var result = Trained();
        var unknown = Assert.Throws<ArgumentException>(() => Explanation.Explain.OutcomesBy(result, "gender"));
        Assert.Contains("'gender'", unknown.Message);
        Assert.Contains("sex", unknown.Message);
        var target = Assert.Throws<ArgumentException>(() => Explanation.Explain.OutcomesBy(result, "bad"));
        Assert.Contains("'bad' is the target", target.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Explanation.Explain.OutcomesBy(result, "age", bands: 1));
    }

    [Fact]
    public void The_notebook_shows_each_groups_row_and_the_sentences_escaped()
    {
        var html = Reports.Html(Explanation.Explain.OutcomesBy(Trained(), new[] { "sex", "age" }));
        Assert.Contains("<caption>sex: impact ratio 0.", html);
        Assert.Contains("<td>\u2264 ", html);
        Assert.Contains("four-fifths", html);
        Assert.Contains("the group &#39;F&#39;", html);
    }

    [Theory]
    [InlineData("churned_next_90d", "", Favourable.Flagged)]
    [InlineData("Exited", "", Favourable.Flagged)]
    [InlineData("Attrition_Flag", "", Favourable.Flagged)]
    [InlineData("defaulted_next_12m", "", Favourable.NotFlagged)]
    [InlineData("MIS_Status", null, Favourable.NotFlagged)]
    [InlineData("churned_next_90d", "not flagged", Favourable.NotFlagged)]
    [InlineData("bad", " Flagged ", Favourable.Flagged)]
    [InlineData("bad", "not_flagged", Favourable.NotFlagged)]
    public void The_outcome_a_customer_wants_is_as_stated_or_read_from_the_targets_name(string target, string? stated, Favourable expected) =>
        Assert.Equal(expected, Explanation.Explain.FavourableOutcome(target, stated));

    [Fact]
    public void An_unknown_favourable_outcome_is_refused_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => Explanation.Explain.FavourableOutcome("bad", "approved"));
        Assert.Equal("favourableOutcome", error.ParamName);
        Assert.Contains("\"approved\"", error.Message);
    }
}
