using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

/// <summary>
/// A category with hundreds of values always shows different event rates on the rows it was counted on; a model given a
/// county code with no effect learned that noise (the HMDA shape's deep model lost 0.009 AUC to one). PrepareFor keeps a
/// category of more than 50 values only if its rates, learned on half the training customers, predict the other half.
/// </summary>
public class CategorySignalTests
{
    /// <summary>Loan applications: a county code of <paramref name="counties"/> values whose effect on the log-odds has standard deviation <paramref name="effect"/>.</summary>
    private static DataFrame Applications(int rows, int counties, double effect, int seed)
    {
        var rng = new Random(seed);
        var countyEffect = Enumerable.Range(0, counties).Select(_ => effect * Normal(rng)).ToArray();
        var county = new string?[rows];
        var income = new double[rows];
        var region = new string?[rows];
        var denied = new string?[rows];
        for (int r = 0; r < rows; r++)
        {
            int c = rng.Next(counties);
            county[r] = rng.NextDouble() < 0.02 ? null : $"{c:00000}";
            income[r] = Normal(rng);
            region[r] = $"R{c % 8}";
            double logit = -1.5 - 0.8 * income[r] + countyEffect[c];
            denied[r] = rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "denied" : "originated";
        }
        return new DataFrame(new StringDataFrameColumn("county_code", county), new DoubleDataFrameColumn("income", income),
            new StringDataFrameColumn("region", region), new StringDataFrameColumn("action", denied));
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static FittedRecipe PreparedAndFitted(DataFrame frame)
    {
        Assert.True(frame.Columns.IndexOf("county_code") >= 0);
        var recipe = Wrangle.From(frame).PrepareFor("action");
        Assert.Contains(recipe.Steps.OfType<CategorizeStep>(), s => s.Columns.Contains("county_code") && s.LeaveOutUnlessPredictive);
        return recipe.Fit(frame);
    }

    [Fact]
    public void A_county_code_with_no_effect_is_left_out_with_its_reason_and_new_files_need_not_carry_it()
    {
        var frame = Applications(rows: 20_000, counties: 2_000, effect: 0, seed: 0);
        var fitted = PreparedAndFitted(frame);

        var step = fitted.Steps.OfType<FittedCategorize>().Single(s => s.LeftOut.Any(l => l.Column == "county_code"));
        Assert.DoesNotContain("county_code", step.Columns);
        Assert.Contains("region", fitted.Steps.OfType<FittedCategorize>().SelectMany(s => s.Columns));   // 8 values: not judged
        Assert.DoesNotContain(fitted.Outputs, o => o.Name == "county_code");
        Assert.DoesNotContain(fitted.Inputs, i => i.Name == "county_code");
        Assert.Matches(@"left out: county_code, 2,000 values whose event rates", step.Describe());
        Assert.Contains("a model would learn noise", step.Describe());

        // A file without the column is scored as the training file is; the saved recipe keeps the reason.
        var without = frame.Clone();
        without.Columns.Remove("county_code");
        Assert.Equal(fitted.ToFeatures(frame, positiveLabel: "denied").Numeric, fitted.ToFeatures(without, positiveLabel: "denied").Numeric);
        var reread = FittedRecipe.FromJson(fitted.ToJson());
        Assert.Equal(step.LeftOut, reread.Steps.OfType<FittedCategorize>().Single(s => s.LeftOut.Count > 0).LeftOut);
        Assert.Equal(fitted.ToFeatures(without, positiveLabel: "denied").Numeric, reread.ToFeatures(without, positiveLabel: "denied").Numeric);
    }

    [Fact]
    public void A_county_code_that_moves_the_outcome_is_kept_though_each_county_is_rare()
    {
        // 400 counties of about 25 applicants each; a county's own effect has standard deviation 0.5 on the log-odds.
        var fitted = PreparedAndFitted(Applications(rows: 10_000, counties: 400, effect: 0.5, seed: 5));
        var step = fitted.Steps.OfType<FittedCategorize>().Single(s => s.Columns.Contains("county_code"));
        Assert.Empty(step.LeftOut);
        Assert.True(step.Categories[step.Columns.ToList().IndexOf("county_code")].Count > 300);
    }

    [Fact]
    public void Without_a_yes_no_label_no_category_is_judged()
    {
        var frame = Applications(rows: 5_000, counties: 500, effect: 0, seed: 7);
        var amount = new DoubleDataFrameColumn("amount", Enumerable.Range(0, 5_000).Select(i => (double)(i % 97)));
        frame.Columns.Add(amount);
        frame.Columns.Remove("action");
        var fitted = Wrangle.From(frame).PrepareFor("amount").Fit(frame);
        Assert.Contains("county_code", fitted.Steps.OfType<FittedCategorize>().SelectMany(s => s.Columns));
        Assert.All(fitted.Steps.OfType<FittedCategorize>(), s => Assert.Empty(s.LeftOut));
    }

    /// <summary>
    /// The test's error rates, on 200 simulated columns of each kind (fixed seeds, so the counts are the same every run):
    /// a column of pure noise is kept in 11 (its rates shrink to the overall rate, or gain less than one standard error), and a column
    /// whose counties move the log-odds by 0.4 (standard deviation) is left out in 7.
    /// </summary>
    [Fact]
    public void The_held_out_test_leaves_out_most_noise_columns_and_keeps_nearly_every_column_with_an_effect()
    {
        int noiseKept = 0, effectKept = 0;
        for (int seed = 0; seed < 200; seed++)
        {
            noiseKept += Predicts(Applications(rows: 12_000, counties: 300, effect: 0, seed: 1_000 + seed)) ? 1 : 0;
            effectKept += Predicts(Applications(rows: 12_000, counties: 300, effect: 0.4, seed: 2_000 + seed)) ? 1 : 0;
        }
        Assert.True(noiseKept <= 25, $"noise kept in {noiseKept} of 200");
        Assert.True(effectKept >= 185, $"an effect kept in {effectKept} of 200");

        static bool Predicts(DataFrame frame)
        {
            var keys = FrameOps.Keys(frame["county_code"]);
            var events = frame["action"].Cast<string>().Select(a => a == "denied").ToArray();
            return CategorySignal.HeldOut(keys, events).Predicts;
        }
    }

    [Fact]
    public void A_saved_recipe_that_keeps_and_leaves_out_the_same_column_is_refused()
    {
        var fitted = PreparedAndFitted(Applications(rows: 20_000, counties: 2_000, effect: 0, seed: 0));
        var json = System.Text.Json.Nodes.JsonNode.Parse(fitted.ToJson())!;
        var step = json["steps"]!.AsArray().Single(s => s!["leftOut"] is System.Text.Json.Nodes.JsonArray { Count: > 0 })!;
        Assert.Equal("county_code", (string?)step["leftOut"]![0]!["column"]);
        // Tamper: a step that codes a column also says it left that column out.
        var kept = json["steps"]!.AsArray().First(s => (string?)s!["step"] == "categorize" && s["columns"]!.AsArray().Count > 0)!;
        kept["leftOut"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["column"] = (string?)kept["columns"]![0], ["reason"] = "forged",
        });
        var error = Assert.ThrowsAny<Exception>(() => FittedRecipe.FromJson(json.ToJsonString()));
        Assert.Contains("both kept and left out", error.Message);

        // Or says it left out a column a later step reads (income is standardized): refused when read, not when scoring.
        kept["leftOut"] = new System.Text.Json.Nodes.JsonArray();
        step["leftOut"]![0]!["column"] = "income";
        var late = Assert.Throws<FormatException>(() => FittedRecipe.FromJson(json.ToJsonString()));
        Assert.Contains("income", late.Message);
    }
}
