using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

/// <summary>
/// A complaints file shaped like the CFPB's: the company complained about is one of hundreds of labels that repeat, beside
/// a free-text narrative, masked ZIP codes and the customer's name. Before, the company was free text to the kit and
/// dropped as identifier-like, though it is a category every bank analyst would keep.
/// </summary>
public class ManyValuedCategoryTests
{
    private static DataFrame Complaints()
    {
        const int rows = 3000;
        var rng = new Random(17);
        var company = new string?[rows];
        var narrative = new string?[rows];
        var zip = new string?[rows];
        var name = new string?[rows];
        var disputed = new int[rows];
        string[] firstNames = { "Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo", "Kit", "Lu", "Max", "Ned", "Oz", "Pam", "Quin", "Roy", "Sue", "Ty" };
        for (int r = 0; r < rows; r++)
        {
            // 60 companies complained about 41 times each, then a tail of 270 small collectors twice each: 330 values
            // (over a tenth of the rows, so text at first sight), 82% of the rows in values seen 5 times or more.
            int k = r < 2460 ? r % 60 : 60 + (r - 2460) / 2;
            company[r] = k < 3 ? new[] { "Bank of America", "Wells Fargo & Company", "Equifax" }[k] : $"Recovery Group {k}";
            narrative[r] = rng.NextDouble() < 0.7 ? null : $"I called on XX/XX/2016 about account XXXX and was told {rng.Next(1_000_000)} things.";
            zip[r] = $"{rng.Next(100, 999)}XX";
            name[r] = $"{firstNames[rng.Next(20)]} {firstNames[rng.Next(20)]}son";   // 400 names, each repeated: still a person's name
            disputed[r] = rng.NextDouble() < (k % 7 == 0 ? 0.45 : 0.15) ? 1 : 0;
        }
        return new DataFrame(new StringDataFrameColumn("Company", company), new StringDataFrameColumn("Consumer complaint narrative", narrative),
            new StringDataFrameColumn("ZIP code", zip), new StringDataFrameColumn("customer_name", name), new Int32DataFrameColumn("disputed", disputed));
    }

    [Fact]
    public void Labels_that_repeat_across_hundreds_of_values_are_a_category_and_free_text_postcodes_and_names_are_not()
    {
        var frame = Complaints();
        Assert.Equal(ColumnType.Text, ColumnTypes.Of(frame["Company"]));   // too many values to be a category at first sight
        Assert.True(ColumnTypes.IsManyValuedCategory(frame["Company"]));
        Assert.False(ColumnTypes.IsManyValuedCategory(frame["Consumer complaint narrative"]));
        Assert.False(ColumnTypes.IsManyValuedCategory(frame["ZIP code"]));
        Assert.False(ColumnTypes.IsManyValuedCategory(frame["customer_name"]));   // repeats, but a person's name is no input
        Assert.False(ColumnTypes.IsManyValuedCategory(FrameOps.Take(frame, Enumerable.Range(0, 80).ToArray())["Company"]));   // too few rows to tell
    }

    [Fact]
    public void PrepareFor_codes_a_many_valued_category_with_its_rare_values_sharing_one_code_and_readiness_agrees()
    {
        var frame = Complaints();
        var recipe = Wrangle.From(frame).PrepareFor("disputed");
        var categorize = recipe.Steps.OfType<CategorizeStep>().Single(s => s.Columns.Contains("Company"));
        Assert.Equal(ColumnTypes.ManyValuedMinCount, categorize.MinCount);
        Assert.Contains("values seen fewer than 5 times in training share one code", categorize.ToString());
        var dropped = recipe.Steps.OfType<DropStep>().SelectMany(d => d.Columns).ToHashSet();
        Assert.Superset(new HashSet<string> { "Consumer complaint narrative", "ZIP code", "customer_name" }, dropped);
        Assert.DoesNotContain("Company", dropped);

        // Every company seen 5 times or more has its own code; the rest share code 0 with unseen ones.
        var fitted = recipe.Fit(frame);
        var vocabulary = fitted.Steps.OfType<FittedCategorize>().Single(s => s.Columns.Contains("Company")).Categories[0];
        var counts = frame["Company"].Cast<string>().GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(counts.Where(kv => kv.Value >= 5).Select(kv => kv.Key).Order(StringComparer.Ordinal), vocabulary.Order(StringComparer.Ordinal));
        Assert.True(counts.Count > vocabulary.Count, $"{counts.Count} companies, {vocabulary.Count} coded");
        var step = fitted.Steps.OfType<FittedCategorize>().Single(s => s.Columns.Contains("Company"));
        Assert.Equal("Categorize Company (60 categories seen 5 times or more + one code for rarer and unseen values)", step.Describe());
        Assert.Equal(5, FittedRecipe.FromJson(fitted.ToJson()).Steps.OfType<FittedCategorize>().Single(s => s.Columns.Contains("Company")).MinCount);

        var readiness = Readiness.Check(frame, "disputed");
        Assert.DoesNotContain("Company", readiness.Identifiers);
        var many = Assert.Single(readiness.Named("High-cardinality category"), c => c.Columns.Contains("Company"));
        Assert.Contains("330 different values", many.Evidence);
        Assert.Contains("82% of its rows hold values seen 5 times or more", many.Evidence);
        Assert.Contains("PrepareFor keeps it as a category", many.WhatToDo);
        Assert.Contains("Consumer complaint narrative", readiness.Identifiers);
    }
}
