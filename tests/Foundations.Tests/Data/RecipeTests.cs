using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

public class RecipeTests
{
    /// <summary>A small customers frame: 40 rows, income missing on every 5th row, 3 regions, a 0/1 label with 10 positives.</summary>
    internal static DataFrame Customers(int rows = 40)
    {
        var regions = new[] { "North", "South", "West" };
        return new DataFrame(
            new StringDataFrameColumn("customer_id", Enumerable.Range(1, rows).Select(i => $"C{i:00000}")),
            new StringDataFrameColumn("name", Enumerable.Range(1, rows).Select(i => $"Person {i}")),
            new Int32DataFrameColumn("age", Enumerable.Range(0, rows).Select(i => (int?)(20 + i))),
            new DoubleDataFrameColumn("income", Enumerable.Range(0, rows).Select(i => i % 5 == 0 ? (double?)null : 1000.0 * (i + 1))),
            new DoubleDataFrameColumn("checking_balance", Enumerable.Range(0, rows).Select(i => (double?)(100.0 * i))),
            new StringDataFrameColumn("region", Enumerable.Range(0, rows).Select(i => regions[i % 3])),
            new BooleanDataFrameColumn("has_mortgage", Enumerable.Range(0, rows).Select(i => (bool?)(i % 2 == 0))),
            new Int32DataFrameColumn("churned_next_90d", Enumerable.Range(0, rows).Select(i => (int?)(i % 4 == 0 ? 1 : 0))));
    }

    private static Recipe Full(DataFrame data) => Wrangle.From(data)
        .Drop("customer_id", "name")
        .Impute("income", Impute.Median)
        .Derive("balance_to_income", "checking_balance / income")
        .Categorize("region")
        .Standardize()
        .Label("churned_next_90d");

    [Fact]
    public void Fit_learns_medians_means_and_vocabularies_and_apply_reuses_them()
    {
        var data = Customers();
        var fitted = Full(data).Fit();
        var impute = Assert.IsType<FittedImpute>(fitted.Steps[1]);
        var incomes = Enumerable.Range(0, 40).Where(i => i % 5 != 0).Select(i => 1000.0 * (i + 1)).Order().ToArray();
        double median = (incomes[15] + incomes[16]) / 2;
        Assert.Equal(median, impute.Number);
        var categorize = Assert.IsType<FittedCategorize>(fitted.Steps[3]);
        Assert.Equal(new[] { "North", "South", "West" }, categorize.Categories[0]);
        var scale = Assert.IsType<FittedStandardize>(fitted.Steps[4]);
        // Every numeric feature except the label and the category codes; booleans are not numbers to standardize.
        Assert.Equal(new[] { "age", "income", "checking_balance", "balance_to_income" }, scale.Columns);
        Assert.Equal(39.5, scale.Means[0], 10);

        var applied = fitted.Apply(data);
        Assert.Equal(new[] { "age", "income", "checking_balance", "region", "has_mortgage", "balance_to_income", "churned_next_90d" }, applied.Columns.Select(c => c.Name));
        Assert.Equal(0, applied.Columns["income"].NullCount);
        Assert.Equal(1, applied.Columns["region"][0]);
        Assert.Equal(3, applied.Columns["region"][2]);
        Assert.Same(data.Columns["churned_next_90d"], applied.Columns["churned_next_90d"]);
        Assert.Equal(8, data.Columns["income"].NullCount);
    }

    [Fact]
    public void Split_fits_on_train_only_so_test_rows_do_not_move_the_median()
    {
        var data = Customers(200);
        var split = Wrangle.From(data).Drop("customer_id", "name").Impute("income", Impute.Median)
            .SplitTrainTest(0.25, stratifyBy: "churned_next_90d", seed: 7);
        var trainIncomes = ColumnTypes.ToDoubles(split.RawTrain.Columns["income"]).Where(double.IsFinite).Order().ToArray();
        var impute = Assert.IsType<FittedImpute>(split.Recipe.Steps[1]);
        Assert.Equal(DataProfile.Quantile(trainIncomes, 0.5), impute.Number);

        // Poisoning the test rows changes nothing learned: the same training rows give the same fitted state.
        var poisoned = data.Clone();
        foreach (var r in split.TestRows) poisoned.Columns["income"][r] = 1e12;
        var again = Wrangle.From(poisoned).Drop("customer_id", "name").Impute("income", Impute.Median)
            .SplitTrainTest(0.25, stratifyBy: "churned_next_90d", seed: 7);
        Assert.Equal(split.TrainRows, again.TrainRows);
        Assert.Equal(split.Recipe.ToJson(), again.Recipe.ToJson());
        // Missing test incomes are filled with the training median.
        var testIncome = ColumnTypes.ToDoubles(split.Test.Columns["income"]);
        var rawTestIncome = ColumnTypes.ToDoubles(split.RawTest.Columns["income"]);
        Assert.Contains(rawTestIncome, double.IsNaN);
        for (int i = 0; i < testIncome.Length; i++)
            if (double.IsNaN(rawTestIncome[i])) Assert.Equal(impute.Number!.Value, testIncome[i]);
    }

    [Fact]
    public void Stratified_split_keeps_label_shares_and_is_seeded()
    {
        var data = Customers(200);
        var split = Wrangle.From(data).Drop("customer_id", "name").SplitTrainTest(0.2, stratifyBy: "churned_next_90d", seed: 42);
        Assert.Equal(160, split.TrainRows.Count);
        Assert.Equal(40, split.TestRows.Count);
        var testLabels = ColumnTypes.ToDoubles(split.RawTest.Columns["churned_next_90d"]);
        var trainLabels = ColumnTypes.ToDoubles(split.RawTrain.Columns["churned_next_90d"]);
        Assert.Equal(10, testLabels.Count(v => v == 1));   // 50 positives × 0.2
        Assert.Equal(40, trainLabels.Count(v => v == 1));
        Assert.Empty(split.TrainRows.Intersect(split.TestRows));

        var same = Wrangle.From(data).Drop("customer_id", "name").SplitTrainTest(0.2, stratifyBy: "churned_next_90d", seed: 42);
        var other = Wrangle.From(data).Drop("customer_id", "name").SplitTrainTest(0.2, stratifyBy: "churned_next_90d", seed: 43);
        Assert.Equal(split.TestRows, same.TestRows);
        Assert.NotEqual(split.TestRows, other.TestRows);
        Assert.Equal("churned_next_90d", split.Recipe.LabelColumn);
    }

    [Fact]
    public void Unseen_and_missing_categories_get_code_zero()
    {
        var fitted = Wrangle.From(Customers()).Drop("customer_id", "name").Categorize("region").Fit();
        var fresh = Customers(3);
        fresh.Columns["region"][0] = "Atlantis";
        fresh.Columns["region"][1] = null;
        var applied = fitted.Apply(fresh);
        Assert.Equal(0, applied.Columns["region"][0]);
        Assert.Equal(0, applied.Columns["region"][1]);
        Assert.Equal(3, applied.Columns["region"][2]);
    }

    [Fact]
    public void OneHot_makes_indicator_columns_and_unseen_values_are_all_zero()
    {
        var fitted = Wrangle.From(Customers()).Drop("customer_id", "name").OneHot("region").Fit();
        var fresh = Customers(2);
        fresh.Columns["region"][1] = "Atlantis";
        var applied = fitted.Apply(fresh);
        Assert.Equal(new[] { "age", "income", "checking_balance", "region=North", "region=South", "region=West", "has_mortgage", "churned_next_90d" },
            applied.Columns.Select(c => c.Name));
        Assert.Equal(new object[] { 1.0, 0.0, 0.0 }, new[] { applied.Columns["region=North"][0], applied.Columns["region=South"][0], applied.Columns["region=West"][0] });
        Assert.Equal(new object[] { 0.0, 0.0, 0.0 }, new[] { applied.Columns["region=North"][1], applied.Columns["region=South"][1], applied.Columns["region=West"][1] });
    }

    [Fact]
    public void Fitted_recipe_round_trips_through_json_and_applies_identically()
    {
        var data = Customers();
        var fitted = Full(data).OneHot("has_mortgage").Fit();
        var json = fitted.ToJson();
        var loaded = FittedRecipe.FromJson(json);
        Assert.Equal(json, loaded.ToJson());
        Assert.Contains("\"step\": \"derive\"", json);
        Assert.Contains("\"formula\": \"checking_balance / income\"", json);
        var a = fitted.ToFeatures(data);
        var b = loaded.ToFeatures(data);
        Assert.Equal(a.Numeric, b.Numeric);
        Assert.Equal(a.Categorical, b.Categorical);
        Assert.Equal(a.Label, b.Label);
        Assert.Equal(a.FeatureNames, b.FeatureNames);

        var path = Path.Combine(Path.GetTempPath(), $"recipe-{Guid.NewGuid():N}.json");
        fitted.Save(path);
        Assert.Equal(json, FittedRecipe.Load(path).ToJson());
        File.Delete(path);
    }

    [Fact]
    public void Reading_something_else_as_a_recipe_is_a_clear_error()
    {
        var e = Assert.Throws<FormatException>(() => FittedRecipe.FromJson("{\"format\": \"other/1\", \"inputs\": [], \"steps\": [], \"outputs\": []}"));
        Assert.Equal("Not a fitted recipe: expected format 'foundations.fitted-recipe/1', found 'other/1'.", e.Message);
        Assert.Throws<FormatException>(() => FittedRecipe.FromJson("not json"));
    }

    [Fact]
    public void Apply_names_a_missing_column_and_a_column_of_the_wrong_kind()
    {
        var fitted = Full(Customers()).Fit();
        var noIncome = Customers(3);
        noIncome.Columns.Remove("income");
        var e = Assert.Throws<ArgumentException>(() => fitted.Apply(noIncome));
        Assert.StartsWith("The frame lacks a column the recipe was fitted with: 'income' (number).", e.Message);

        var textAge = Customers(3);
        textAge.Columns.Remove("age");
        textAge.Columns.Insert(2, new StringDataFrameColumn("age", new[] { "20", "x", "22" }));
        var e2 = Assert.Throws<ArgumentException>(() => fitted.Apply(textAge));
        Assert.StartsWith("Column 'age' is text in this frame, but the recipe was fitted with it as number.", e2.Message);

        // Dropped columns are not needed at apply time.
        var noIds = Customers(3);
        noIds.Columns.Remove("customer_id");
        noIds.Columns.Remove("name");
        Assert.Equal(3, fitted.Apply(noIds).Rows.Count);
    }

    [Fact]
    public void ToFeatures_builds_float_features_codes_and_label()
    {
        var data = Customers();
        var features = Full(data).Fit().ToFeatures(data);
        Assert.Equal(40, features.Rows);
        Assert.Equal(new[] { "age", "income", "checking_balance", "has_mortgage", "balance_to_income" }, features.NumericColumns);
        var region = Assert.Single(features.CategoricalColumns);
        Assert.Equal(new CategoricalFeature("region", 4, region.Categories), region);
        Assert.Equal(new long[] { 1, 2, 3, 1 }, features.Categorical.Take(4));
        Assert.Equal(1f, features.Label![0]);
        Assert.Equal(0f, features.Label![1]);
        Assert.Equal("churned_next_90d", features.LabelColumn);
        // has_mortgage (boolean) enters as 1/0; standardized age is centred on the training mean.
        Assert.Equal(1f, features.Numeric[3]);
        Assert.Equal((20 - 39.5) / Math.Sqrt(Enumerable.Range(20, 40).Sum(a => (a - 39.5) * (a - 39.5)) / 40), features.Numeric[0], 5);
    }

    [Fact]
    public void ToFeatures_names_a_missing_value_and_a_text_column()
    {
        var data = Customers();
        var noImpute = Wrangle.From(data).Drop("customer_id", "name", "region").Label("churned_next_90d").Fit();
        var e = Assert.Throws<ArgumentException>(() => noImpute.ToFeatures(data));
        Assert.StartsWith("Column 'income' has a missing value at row 0: add Impute(\"income\", ...) to the recipe or drop the column.", e.Message);

        var keepsText = Wrangle.From(data).Drop("customer_id", "name").Impute("income", Impute.Median).Label("churned_next_90d").Fit();
        var e2 = Assert.Throws<ArgumentException>(() => keepsText.ToFeatures(data));
        Assert.StartsWith("Column 'region' is text: drop it, Categorize it or OneHot it before ToFeatures.", e2.Message);
    }

    [Fact]
    public void A_text_label_needs_positiveLabel()
    {
        var data = Customers();
        data.Columns.Add(new StringDataFrameColumn("churned", Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? "yes" : "no")));
        data.Columns.Remove("churned_next_90d");
        var fitted = Wrangle.From(data).Drop("customer_id", "name", "region").Impute("income", Impute.Median).Label("churned").Fit();
        var e = Assert.Throws<ArgumentException>(() => fitted.ToFeatures(data));
        Assert.StartsWith("Label 'churned' is text: pass positiveLabel", e.Message);
        var features = fitted.ToFeatures(data, positiveLabel: "yes");
        Assert.Equal(10f, features.Label!.Sum());
        Assert.DoesNotContain("churned", features.NumericColumns);
    }

    [Fact]
    public void Steps_refuse_to_touch_the_label_or_leak_it()
    {
        var data = Customers();
        var e = Assert.Throws<ArgumentException>(() => Wrangle.From(data).Label("churned_next_90d").Standardize("churned_next_90d").Fit());
        Assert.StartsWith("Standardize: 'churned_next_90d' is the label, and recipe steps never change the label.", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Wrangle.From(data).Label("churned_next_90d").Derive("leak", "churned_next_90d * 2").Fit());
        Assert.StartsWith("Derive: the formula for 'leak' reads the label 'churned_next_90d'", e2.Message);
    }

    [Fact]
    public void Impute_median_on_text_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Wrangle.From(Customers()).Impute("region", Impute.Median).Fit());
        Assert.StartsWith("Impute: Impute.Median needs numbers, and column 'region' is text: use Impute.MostFrequent or a text constant.", e.Message);
        var fitted = Wrangle.From(Customers()).Impute("region", "unknown").Fit();
        Assert.Equal("unknown", Assert.IsType<FittedImpute>(fitted.Steps[0]).Text);
    }

    [Fact]
    public void A_step_naming_an_absent_column_lists_the_columns()
    {
        var e = Assert.Throws<ArgumentException>(() => Wrangle.From(Customers()).Drop("customerid").Fit());
        Assert.StartsWith("Drop: column 'customerid' is not in the frame (columns: customer_id, name, age, income, checking_balance, region, has_mortgage, churned_next_90d).", e.Message);
    }

    [Fact]
    public void Recipes_are_immutable()
    {
        var start = Wrangle.From(Customers());
        var dropped = start.Drop("name");
        Assert.Empty(start.Steps);
        Assert.Single(dropped.Steps);
    }

    [Fact]
    public void A_label_the_recipe_fitted_as_an_input_is_refused()
    {
        var data = Customers();
        var noLabel = Wrangle.From(data).Drop("customer_id", "name", "region").Impute("income", Impute.Median).Standardize().Fit();
        var e = Assert.Throws<ArgumentException>(() => noLabel.ToFeatures(data, label: "churned_next_90d"));
        Assert.StartsWith("'churned_next_90d' was an input when this recipe was fitted, so its steps may have changed it: name the label with .Label(\"churned_next_90d\") before fitting.", e.Message);
    }

    [Fact]
    public void ToFeatures_holds_exactly_the_values_Apply_gives_across_row_blocks()
    {
        // 5,000 rows cross the matrix fill's blocks; the trailing Standardize is applied on the way into the matrix.
        var data = Customers(5000);
        var fitted = Wrangle.From(data).Drop("customer_id", "name").Impute("income", Impute.Median)
            .Derive("balance_to_income", "checking_balance / income").OneHot("region").Standardize().Standardize("age")
            .Label("churned_next_90d").Fit();
        var applied = fitted.Apply(data);
        var features = fitted.ToFeatures(data);
        Assert.Equal(new[] { "age", "income", "checking_balance", "region=North", "region=South", "region=West", "has_mortgage", "balance_to_income" }, features.NumericColumns);
        for (int j = 0; j < features.NumericColumns.Count; j++)
        {
            var column = applied.Columns[features.NumericColumns[j]];
            for (int r = 0; r < data.Rows.Count; r++)
                Assert.Equal((float)ColumnTypes.NumberAt(column, r), features.Numeric[r * features.NumericColumns.Count + j]);
        }
    }

    [Theory]
    [InlineData(10_001)]
    [InlineData(10_000)]
    public void Impute_median_matches_the_median_of_the_sorted_values_with_ties_and_gaps(int rows)
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, rows).Select(i => i % 7 == 0 ? (double?)null : Math.Round(rng.NextDouble() * 50)).ToArray();
        var frame = new DataFrame(new DoubleDataFrameColumn("income", values));
        var impute = Assert.IsType<FittedImpute>(Wrangle.From(frame).Impute("income", Impute.Median).Fit().Steps[0]);
        var sorted = values.Where(v => v.HasValue).Select(v => v!.Value).Order().ToArray();
        Assert.Equal(DataProfile.Quantile(sorted, 0.5), impute.Number);
    }

    [Fact]
    public void PrepareFor_drops_an_exported_row_number_and_says_why_but_keeps_other_unique_numbers()
    {
        var data = Customers();
        data.Columns.Insert(0, new Int32DataFrameColumn("column_1", Enumerable.Range(0, 40).Select(i => (int?)i)));
        data.Columns.Insert(1, new Int32DataFrameColumn("customer_number", Enumerable.Range(0, 40).Select(i => (int?)(1000 + 7 * i))));
        // pandas' index after rows without an outcome were set aside (the first of them too): 2, 3, 5, 6, 8, …
        data.Columns.Insert(2, new Int32DataFrameColumn("row", Enumerable.Range(0, 40).Select(i => (int?)(2 + i + i / 2))));
        // A reference that starts at 0 but steps by 50: not a count of rows.
        data.Columns.Insert(3, new Int32DataFrameColumn("ref", Enumerable.Range(0, 40).Select(i => (int?)(50 * i))));
        var split = Wrangle.From(data).PrepareFor("churned_next_90d", "customer_id", "name").SplitTrainTest(0.25, seed: 1);
        Assert.DoesNotContain(split.Recipe.Inputs, i => i.Name is "column_1" or "row");
        Assert.Contains(split.Recipe.Inputs, i => i.Name == "customer_number");
        Assert.Contains(split.Recipe.Inputs, i => i.Name == "ref");
        Assert.Contains(split.Recipe.Inputs, i => i.Name == "age"); // 20, 21, … counts up by one too, but does not start at 0 or 1
        Assert.Contains(split.Recipe.Steps, s => s.Describe() == "Drop customer_id, name (left out as asked: identifiers, other outcomes or columns known only after the outcome)");
        Assert.Contains(split.Recipe.Steps, s => s.Describe() == "Drop column_1, row (a row number: it counts up down the file from 0 or 1 (with gaps where rows were taken out), so it describes the file, not the customer)");
    }

    [Fact]
    public void PrepareFor_leaves_out_columns_with_one_value_or_none_and_says_why_but_keeps_a_rare_flag()
    {
        var data = Customers();
        data.Columns.Add(new DoubleDataFrameColumn("zeros", Enumerable.Range(0, 40).Select(i => (double?)(i % 3 == 0 ? null : 0.0))));
        data.Columns.Add(new DoubleDataFrameColumn("empty", Enumerable.Repeat<double?>(null, 40)));
        data.Columns.Add(new StringDataFrameColumn("country", Enumerable.Repeat("GB", 40)));
        data.Columns.Add(new Int32DataFrameColumn("vip", Enumerable.Range(0, 40).Select(i => (int?)(i == 5 ? 1 : 0))));
        var split = Wrangle.From(data).PrepareFor("churned_next_90d", "customer_id", "name").SplitTrainTest(0.25, seed: 1);
        foreach (var name in new[] { "zeros", "empty", "country" })
            Assert.DoesNotContain(split.Recipe.Inputs, i => i.Name == name);
        Assert.Contains(split.Recipe.Inputs, i => i.Name == "vip");
        Assert.Contains(split.Recipe.Steps, s => s.Describe() == "Drop zeros, empty, country (one value in every row that has one (or no value at all): it cannot tell one customer from another)");
    }

    [Fact]
    public void PrepareFor_reads_dates_as_decimal_years_and_imputes_missing_ones_and_a_saved_recipe_reads_new_dates_alike()
    {
        var data = Customers();
        data.Columns.Add(new PrimitiveDataFrameColumn<DateTime>("first_credit_line", Enumerable.Range(0, 40).Select(i => i % 10 == 3 ? (DateTime?)null : new DateTime(1980 + i, 7, 2))));
        var split = Wrangle.From(data).PrepareFor("churned_next_90d", "customer_id", "name").SplitTrainTest(0.25, seed: 1);
        Assert.Contains(split.Recipe.Steps, s => s.Describe().StartsWith("Read first_credit_line as a number: the date as a decimal year", StringComparison.Ordinal));
        Assert.Contains(split.Recipe.Inputs, i => i.Name == "first_credit_line");
        Assert.Equal(0, split.Recipe.Apply(split.RawTrain).Columns["first_credit_line"].NullCount);
        Assert.Equal(1981 + 182 / 365.0, FittedDateAsYears.Years(new DateTime(1981, 7, 2)), 10); // 182 of 1981's 365 days gone by
        Assert.Equal(1984 + 183 / 366.0, FittedDateAsYears.Years(new DateTime(1984, 7, 2)), 10); // a leap year
        // And back, to the day, for every first of a month and last of a year over two centuries.
        for (var d = new DateTime(1900, 1, 1); d.Year < 2100; d = d.AddMonths(1))
        {
            Assert.Equal(d, FittedDateAsYears.Day(FittedDateAsYears.Years(d)));
            Assert.Equal(d.AddDays(-1), FittedDateAsYears.Day(FittedDateAsYears.Years(d.AddDays(-1))));
        }
        // Saved and read back, the recipe puts 2 July a day after 1 July: a sliver of the 40-year spread, in that order.
        var fresh = Customers(2);
        fresh.Columns.Add(new PrimitiveDataFrameColumn<DateTime>("first_credit_line", new DateTime?[] { new DateTime(2001, 7, 2), new DateTime(2001, 7, 1) }));
        var applied = FittedRecipe.FromJson(split.Recipe.ToJson()).Apply(fresh);
        double day = Convert.ToDouble(applied.Columns["first_credit_line"][0]) - Convert.ToDouble(applied.Columns["first_credit_line"][1]);
        Assert.InRange(day, 1e-6, 1e-3);
        // Dates that arrive as text are refused by name (a CSV read with the model's schema reads them as dates).
        fresh.Columns.Remove("first_credit_line");
        fresh.Columns.Add(new StringDataFrameColumn("first_credit_line", new[] { "2001-07-02", "soon" }));
        var error = Assert.Throws<ArgumentException>(() => split.Recipe.Apply(fresh));
        Assert.Contains("Column 'first_credit_line' is text in this frame, but the recipe was fitted with it as date-time", error.Message);
    }

    /// <summary>Months past due with 98 for "not applicable" in 2% of rows, beside a 0/1 outcome that the code raises.</summary>
    private static DataFrame PastDue()
    {
        var rng = new Random(9);
        var months = new int?[1000];
        var label = new int?[1000];
        for (int r = 0; r < 1000; r++)
        {
            months[r] = r % 50 == 0 ? 98 : rng.NextDouble() < 0.8 ? 0 : 1 + rng.Next(4);
            label[r] = rng.NextDouble() < (months[r] == 98 ? 0.6 : 0.1 + 0.05 * months[r]!.Value) ? 1 : 0;
        }
        return new DataFrame(new Int32DataFrameColumn("months_past_due", months), new Int32DataFrameColumn("defaulted", label));
    }

    [Fact]
    public void PrepareFor_reads_a_code_written_as_a_number_as_missing_with_a_flag_and_says_why()
    {
        var split = Wrangle.From(PastDue()).PrepareFor("defaulted").SplitTrainTest(0.25, stratifyBy: "defaulted", seed: 1);
        var step = Assert.Single(split.Recipe.Steps.OfType<FittedCodeAsMissing>());
        Assert.Equal(new[] { 98.0 }, step.Codes);
        Assert.StartsWith("Read 98 in months_past_due as missing (a code, not an amount: 98 in 20 rows far outside the other values", step.Describe());

        // New customers (standardized after): the code becomes the training median with the flag up; 0 is the median
        // count, so it lands where the code does, with the flag down.
        var fresh = new DataFrame(new Int32DataFrameColumn("months_past_due", new int?[] { 98, 0, 3 }));
        var applied = split.Recipe.Apply(fresh);
        var flag = applied.Columns["months_past_due_is_code"];
        var months = applied.Columns["months_past_due"];
        Assert.True((double)flag[0]! > (double)flag[1]! && flag[1]!.Equals(flag[2]));
        Assert.Equal(months[0], months[1]);
        Assert.True((double)months[2]! > (double)months[1]!);
        var reloaded = FittedRecipe.FromJson(split.Recipe.ToJson());
        Assert.Equal(split.Recipe.ToJson(), reloaded.ToJson());
        Assert.Equal(applied.Columns["months_past_due"][0], reloaded.Apply(fresh).Columns["months_past_due"][0]);
    }

    [Fact]
    public void PrepareFor_fills_a_number_gap_with_the_median_and_keeps_where_it_was_in_a_missing_flag()
    {
        // A rate left blank for most declined applications: the gap itself says something about the outcome.
        var rng = new Random(4);
        var rate = new double?[800];
        var declined = new int?[800];
        for (int r = 0; r < 800; r++)
        {
            declined[r] = rng.NextDouble() < 0.2 ? 1 : 0;
            rate[r] = declined[r] == 1 && rng.NextDouble() < 0.7 ? null : Math.Round(3 + 4 * rng.NextDouble(), 3);
        }
        var frame = new DataFrame(new DoubleDataFrameColumn("rate", rate), new Int32DataFrameColumn("declined", declined));
        var split = Wrangle.From(frame).PrepareFor("declined").SplitTrainTest(0.25, stratifyBy: "declined", seed: 2);
        var impute = Assert.Single(split.Recipe.Steps.OfType<FittedImpute>());
        Assert.Equal("rate_missing", impute.Flag);
        Assert.EndsWith("; rate_missing = 1 where it was missing", impute.Describe());

        var fresh = new DataFrame(new DoubleDataFrameColumn("rate", new double?[] { null, 5.5, double.NaN }));
        var applied = split.Recipe.Apply(fresh);
        var flag = applied.Columns["rate_missing"];
        Assert.True((double)flag[0]! > (double)flag[1]! && flag[0]!.Equals(flag[2]));   // standardized after: up where blank
        Assert.Equal(0, applied.Columns["rate"].NullCount);
        var features = split.TrainFeatures();
        Assert.Contains("rate_missing", features.NumericColumns);

        // Saved and read back the same; a recipe saved before flags existed reads as it did, with no flag.
        var reloaded = FittedRecipe.FromJson(split.Recipe.ToJson());
        Assert.Equal(split.Recipe.ToJson(), reloaded.ToJson());
        string unflagged = Wrangle.From(frame).Impute("rate", Impute.Median).Label("declined").Fit(frame).ToJson();
        string before = System.Text.RegularExpressions.Regex.Replace(unflagged, ",?\\s*\"Flag\"\\s*:\\s*null", "");
        Assert.DoesNotContain("Flag", before, StringComparison.Ordinal);
        Assert.Null(Assert.Single(FittedRecipe.FromJson(before).Steps.OfType<FittedImpute>()).Flag);

        // By hand: only for numbers, and never over a column of that name.
        var text = new DataFrame(new StringDataFrameColumn("region", new[] { "North", null, "South" }), new Int32DataFrameColumn("declined", new int?[] { 0, 1, 0 }));
        Assert.Contains("flagMissing is for number columns", Assert.Throws<ArgumentException>(() => Wrangle.From(text).Impute("region", Impute.MostFrequent, flagMissing: true).Label("declined").Fit(text)).Message);
    }

    /// <summary>Applicants aged 21 to 70 with a few entry errors (144, 123, -1), an account age of 300 months, and a 0/1 outcome.</summary>
    private static DataFrame Applicants(int errorsEvery)
    {
        var rng = new Random(12);
        int[] errors = { 144, 123, -1 };
        var age = new int?[1000];
        var accountAge = new int?[1000];
        var label = new int?[1000];
        for (int r = 0; r < 1000; r++)
        {
            age[r] = r % errorsEvery == 5 ? errors[r / errorsEvery % 3] : 21 + rng.Next(50);
            accountAge[r] = r == 7 ? 300 : rng.Next(120);
            label[r] = rng.NextDouble() < 0.2 ? 1 : 0;
        }
        return new DataFrame(new Int32DataFrameColumn("person_age", age), new Int32DataFrameColumn("account_age", accountAge), new Int32DataFrameColumn("defaulted", label));
    }

    [Fact]
    public void PrepareFor_reads_impossible_ages_as_missing_and_a_saved_recipe_reads_a_new_one_alike()
    {
        var split = Wrangle.From(Applicants(errorsEvery: 250)).PrepareFor("defaulted").SplitTrainTest(0.25, stratifyBy: "defaulted", seed: 1);
        var step = Assert.Single(split.Recipe.Steps.OfType<FittedOutsideAsMissing>());
        Assert.Equal(("person_age", 0.0, 120.0), (step.Column, step.Lowest, step.Highest));
        Assert.Equal("Read person_age below 0 or above 120 as missing (a person's age: -1 in 1 row, 123 in 1 row, 144 in 2 rows, outside 0 to 120 years, are entry errors)", step.Describe());
        // No flag: an entry error says nothing of the customer. The account's age of 300 months is no person's age.
        Assert.DoesNotContain(split.Recipe.Steps.OfType<FittedImpute>(), i => i.Flag is not null);
        Assert.DoesNotContain(split.Recipe.Steps, s => s is FittedOutsideAsMissing o && o.Column == "account_age");

        // A new batch's 150, never seen in training, is read as missing too: the median age, as a blank is.
        var fresh = new DataFrame(new Int32DataFrameColumn("person_age", new int?[] { 150, null, 40, -3 }), new Int32DataFrameColumn("account_age", new int?[] { 1, 2, 3, 4 }));
        var applied = split.Recipe.Apply(fresh).Columns["person_age"];
        Assert.Equal(applied[0], applied[1]);
        Assert.Equal(applied[0], applied[3]);
        Assert.NotEqual(applied[0], applied[2]);
        var reloaded = FittedRecipe.FromJson(split.Recipe.ToJson());
        Assert.Contains("\"outside_as_missing\"", split.Recipe.ToJson());
        Assert.Equal(applied[0], reloaded.Apply(fresh).Columns["person_age"][0]);
    }

    [Fact]
    public void PrepareFor_leaves_an_age_column_with_many_values_over_120_to_the_readiness_check_on_its_unit()
    {
        // One row in ten outside 0 to 120: more likely months than entry errors, so nothing is read as missing.
        var split = Wrangle.From(Applicants(errorsEvery: 10)).PrepareFor("defaulted").SplitTrainTest(0.25, stratifyBy: "defaulted", seed: 1);
        Assert.Empty(split.Recipe.Steps.OfType<FittedOutsideAsMissing>());
    }

    [Fact]
    public void ReadAsMissingOutside_takes_a_range_a_user_knows_and_refuses_a_reversed_one_or_a_text_column()
    {
        var frame = Applicants(errorsEvery: 250);
        var fitted = Wrangle.From(frame).ReadAsMissingOutside("account_age", 0, 240).Impute("account_age", Impute.Median).Label("defaulted").Fit();
        Assert.Equal("Read account_age below 0 or above 240 as missing", fitted.Steps[0].Describe());
        Assert.Equal(0, fitted.Apply(frame).Columns["account_age"].NullCount);
        Assert.Contains("must not be above", Assert.Throws<ArgumentException>(() => Wrangle.From(frame).ReadAsMissingOutside("account_age", 240, 0)).Message);
        Assert.Contains("must not be above", Assert.Throws<ArgumentException>(() => Wrangle.From(frame).ReadAsMissingOutside("account_age", double.NaN, 0)).Message);
        // Open on one side: saved and read back (JSON has no infinity), reading the same values as missing.
        var open = Wrangle.From(frame).ReadAsMissingOutside("account_age", double.NegativeInfinity, 240).Impute("account_age", Impute.Median).Label("defaulted").Fit();
        Assert.Equal(open.Apply(frame).Columns["account_age"][7], FittedRecipe.FromJson(open.ToJson()).Apply(frame).Columns["account_age"][7]);
        Assert.Equal("Read account_age above 240 as missing", FittedRecipe.FromJson(open.ToJson()).Steps[0].Describe());
        var text = new DataFrame(new StringDataFrameColumn("grade", new[] { "A", "B" }));
        Assert.Contains("'grade' is text", Assert.Throws<ArgumentException>(() => Wrangle.From(text).ReadAsMissingOutside("grade", 0, 1).Fit()).Message);
    }

    [Fact]
    public void ReadAsMissing_names_the_codes_the_user_knows_and_refuses_a_text_column()
    {
        var fitted = Wrangle.From(PastDue()).ReadAsMissing("months_past_due", 98).Impute("months_past_due", Impute.Median).Label("defaulted").Fit();
        Assert.Equal("Read 98 in months_past_due as missing; months_past_due_is_code = 1 where it was", fitted.Steps[0].Describe());
        var text = new DataFrame(new StringDataFrameColumn("grade", new[] { "A", "B" }));
        var error = Assert.Throws<ArgumentException>(() => Wrangle.From(text).ReadAsMissing("grade", 98).Fit());
        Assert.Contains("'grade' is text", error.Message);
    }
}
