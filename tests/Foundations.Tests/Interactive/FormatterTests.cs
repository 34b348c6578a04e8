using Foundations.Data;
using Foundations.Interactive;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace Foundations.Tests.Interactive;

// Display settings are process-wide: these tests run one at a time.
[Collection("NotebookDisplay")]
public class FormatterTests
{
    private static DataFrame Customers() => new(
        new StringDataFrameColumn("customer_id", new[] { "C00042", "C00043" }),
        new StringDataFrameColumn("name", new[] { "<script>alert(1)</script>", "Ivy Khan" }),
        new DoubleDataFrameColumn("income", new[] { 52000.5, 61000 }));

    [Fact]
    public void Frames_render_as_html_with_identifiers_masked_and_text_escaped()
    {
        NotebookFormatters.Register();
        string html = Formatter.ToDisplayString(Customers(), "text/html");
        Assert.Contains("2 rows × 3 columns", html);
        Assert.Contains("C•••••", html);
        Assert.DoesNotContain("C00042", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("Ivy Khan", html);
        Assert.Contains("52000.5", html);
    }

    [Fact]
    public void Identifiers_show_only_after_an_explicit_opt_out()
    {
        try
        {
            NotebookDisplay.ShowIdentifiers = true;
            string html = DataFrameHtml.Render(Customers());
            Assert.Contains("C00042", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        }
        finally { NotebookDisplay.ShowIdentifiers = false; }
    }

    [Fact]
    public void Profile_does_not_list_identifier_values()
    {
        string html = Reports.Html(Customers().Profile());
        Assert.DoesNotContain("C00042", html);
        Assert.Contains("identifier: values masked", html);
    }

    [Fact]
    public void Every_kit_report_renders_through_the_one_html_formatter()
    {
        NotebookFormatters.Register();
        var (frame, report) = Csv.FromText("a,b\n1,x\n", "tiny.csv");
        string html = Formatter.ToDisplayString(report, "text/html");
        Assert.Contains(Reports.Html(report), html);
    }

    [Theory]
    [InlineData("customer_id", true)]
    [InlineData("account_number", true)]
    [InlineData("name", true)]
    [InlineData("income", false)]
    [InlineData("region", false)]
    public void Identifier_columns_are_recognised_by_name(string column, bool expected) =>
        Assert.Equal(expected, NotebookDisplay.IsIdentifier(column));
}
