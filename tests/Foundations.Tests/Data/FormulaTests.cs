using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

public class FormulaTests
{
    private static readonly DataFrame Frame = new(
        new DoubleDataFrameColumn("balance", new double?[] { 100, 50, null, 10 }),
        new Int32DataFrameColumn("income", new int?[] { 50, 0, 10, 5 }),
        new DoubleDataFrameColumn("odd name", new double?[] { 1, 2, 3, 4 }));

    [Fact]
    public void Evaluates_arithmetic_with_precedence_and_functions()
    {
        var f = Formula.Parse("balance / income + 2 * [odd name] ^ 2 - max(1, -3)");
        Assert.Equal(new[] { "balance", "income", "odd name" }, f.Columns);
        var v = f.Evaluate(Frame, "test");
        Assert.Equal(100.0 / 50 + 2 * 1 - 1, v[0]);
        Assert.Equal(10.0 / 5 + 2 * 16 - 1, v[3]);
    }

    [Fact]
    public void Division_by_zero_and_missing_inputs_give_missing()
    {
        var v = Formula.Parse("balance / income").Evaluate(Frame, "test");
        Assert.True(double.IsNaN(v[1]));
        Assert.True(double.IsNaN(v[2]));
        var c = Formula.Parse("coalesce(balance, 0) + log1p(income)").Evaluate(Frame, "test");
        Assert.Equal(Math.Log(11), c[2], 12);
    }

    [Fact]
    public void Syntax_errors_name_the_position()
    {
        var e = Assert.Throws<FormatException>(() => Formula.Parse("balance / (income"));
        Assert.Equal("Formula \"balance / (income\" at position 18: expected ')'.", e.Message);
        var e2 = Assert.Throws<FormatException>(() => Formula.Parse("sin(balance)"));
        Assert.Equal("Formula \"sin(balance)\" at position 13: unknown function 'sin' (known: log, log1p, exp, sqrt, abs, min, max, coalesce).", e2.Message);
    }

    [Fact]
    public void A_text_input_is_a_clear_error()
    {
        var frame = new DataFrame(new StringDataFrameColumn("region", new[] { "North" }));
        var e = Assert.Throws<ArgumentException>(() => Formula.Parse("region * 2").Evaluate(frame, "Derive 'x'"));
        Assert.StartsWith("Derive 'x': column 'region' is text, and a formula needs numbers.", e.Message);
    }
}
