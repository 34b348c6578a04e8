using Foundations.Interactive;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

public class DataProfileTests
{
    private static DataFrame Frame() => new(
        new DoubleDataFrameColumn("amount", new double?[] { 1, 2, 3, 4, null, 6, 7, 8, 9, 10 }),
        new StringDataFrameColumn("region", new[] { "North", "North", "South", "<b>West</b>", "North", null, "South", "North", "South", "North" }),
        new BooleanDataFrameColumn("active", new bool?[] { true, true, false, null, true, true, true, false, true, true }),
        new DateTimeDataFrameColumn("opened", Enumerable.Range(0, 10).Select(i => (DateTime?)new DateTime(2024, 1, 1).AddDays(i))));

    [Fact]
    public void Profile_reports_missing_distinct_statistics_and_quantiles()
    {
        var profile = Frame().Profile();
        Assert.Equal(10, profile.Rows);
        var amount = profile["amount"];
        Assert.Equal(ColumnType.Double, amount.Type);
        Assert.Equal(1, amount.Missing);
        Assert.Equal(0.1, amount.MissingShare);
        Assert.Equal(9, amount.Distinct);
        Assert.Equal((1.0, 10.0), (amount.Min!.Value, amount.Max!.Value));
        Assert.Equal(50.0 / 9, amount.Mean!.Value, 12);
        var values = new[] { 1.0, 2, 3, 4, 6, 7, 8, 9, 10 };
        Assert.Equal(Math.Sqrt(values.Sum(v => (v - 50.0 / 9) * (v - 50.0 / 9)) / 9), amount.Std!.Value, 12);
        Assert.Equal(6.0, amount.Quantiles[0.5]);
        Assert.Equal(3.0, amount.Quantiles[0.25]);
        Assert.Equal(9, amount.Histogram!.Counts.Sum());
        Assert.Equal(11, amount.Histogram.Edges.Count);
    }

    [Fact]
    public void Profile_counts_top_categories_booleans_and_date_ranges()
    {
        var profile = Frame().Profile(topCategories: 2);
        var region = profile["region"];
        Assert.Equal(ColumnType.Category, region.Type);
        Assert.Equal(1, region.Missing);
        Assert.Equal(3, region.Distinct);
        Assert.Equal(new[] { new CategoryCount("North", 5), new CategoryCount("South", 3) }, region.TopCategories);
        var active = profile["active"];
        Assert.Equal(ColumnType.Boolean, active.Type);
        Assert.Equal(7.0 / 9, active.Mean!.Value, 12);
        var opened = profile["opened"];
        Assert.Equal((new DateTime(2024, 1, 1), new DateTime(2024, 1, 10)), (opened.FirstDate!.Value, opened.LastDate!.Value));
    }

    [Fact]
    public void Profile_html_is_a_table_with_escaped_values()
    {
        var html = Reports.Html(Frame().Profile());
        Assert.Contains("<table class=\"fn-table\">", html);
        Assert.Contains("&lt;b&gt;West&lt;/b&gt; (1)", html);
        Assert.DoesNotContain("<b>West", html);
        Assert.Contains("<svg", html);
        Assert.Contains("10.0%", html);
    }

    [Fact]
    public void Unknown_column_in_profile_lists_the_columns()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => Frame().Profile()["amont"]);
        Assert.Equal("No column 'amont' in the profile (columns: amount, region, active, opened).", e.Message);
    }
}
