using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

/// <summary>
/// The notebooks' idColumns and excludeColumns default to the bundled sample's columns; a user who points dataPath at a
/// home-equity file and forgets them used to learn it five cells later from PrepareFor, in words about its own parameter.
/// </summary>
public class ColumnListTests
{
    private static DataFrame HomeEquity() => new(
        new Int32DataFrameColumn("BAD", new[] { 0, 1 }), new DoubleDataFrameColumn("LOAN", new[] { 1100.0, 1300.0 }),
        new StringDataFrameColumn("REASON", new[] { "HomeImp", "DebtCon" }));

    [Fact]
    public void A_comma_separated_list_of_columns_is_split_and_trimmed_and_an_empty_one_names_none()
    {
        Assert.Equal(new[] { "BAD", "REASON" }, ColumnList.From(HomeEquity(), "excludeColumns", " BAD , REASON,"));
        Assert.Empty(ColumnList.From(HomeEquity(), "idColumns", ""));
        Assert.Empty(ColumnList.From(HomeEquity(), "idColumns", null));
    }

    [Fact]
    public void A_name_that_is_not_a_column_is_an_error_naming_the_parameter_the_file_and_its_columns()
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnList.From(HomeEquity(), "idColumns", "customer_id,name", "/data/in/hmeq.csv"));
        Assert.Equal("idColumns", error.ParamName);
        Assert.StartsWith("idColumns names 'customer_id', 'name', which are not columns of hmeq.csv. Its columns: BAD, LOAN, REASON.", error.Message);
        Assert.Contains("-p idColumns=", error.Message);
    }

    [Fact]
    public void A_name_that_differs_only_in_case_is_pointed_out_rather_than_guessed()
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnList.From(HomeEquity(), "excludeColumns", "bad"));
        Assert.Contains("'bad' is 'BAD' there (names match exactly)", error.Message);
        Assert.Contains("of the data", error.Message);
    }
}
