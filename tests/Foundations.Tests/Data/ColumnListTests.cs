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
    public void An_item_holding_a_comma_is_given_in_double_quotes_as_a_csv_file_writes_it()
    {
        Assert.Equal(new[] { "Late, 31-120 days", "Charged Off" }, ColumnList.Items("\"Late, 31-120 days\",Charged Off"));
        Assert.Equal(new[] { "Charged Off", "Late, 31-120 days", "a \"b\"" }, ColumnList.Items(" Charged Off , \"Late, 31-120 days\" ,\"a \"\"b\"\"\""));
        Assert.Equal(new[] { "Chargedoff", "Defaulted" }, ColumnList.Items("Chargedoff,,Defaulted,"));
        Assert.Empty(ColumnList.Items(null));
        var frame = new DataFrame(new Int32DataFrameColumn("Income, annual", new[] { 1, 2 }), new Int32DataFrameColumn("BAD", new[] { 0, 1 }));
        Assert.Equal(new[] { "Income, annual", "BAD" }, ColumnList.From(frame, "excludeColumns", "\"Income, annual\",BAD"));
    }

    [Fact]
    public void A_quote_left_open_or_text_after_a_closing_quote_is_an_error_saying_where()
    {
        var open = Assert.Throws<ArgumentException>(() => ColumnList.Items("yes,\"Late, 31"));
        Assert.StartsWith("The list 'yes,\"Late, 31' opens a quote at character 5 and never closes it.", open.Message);
        var after = Assert.Throws<ArgumentException>(() => ColumnList.Items("\"Late\" days,yes"));
        Assert.StartsWith("The list '\"Late\" days,yes' has text after the quoted item at character 1: put a comma between items.", after.Message);
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
