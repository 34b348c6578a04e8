using Foundations.Data;
using Foundations.Interactive;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace Foundations.Tests.Deployment;

// Display settings are process-wide: these tests run one at a time with the other display tests.
[Collection("NotebookDisplay")]
public class PersonalDataMaskingTests
{
    [Theory]
    [InlineData("CustomerID")]
    [InlineData("email_address")]
    [InlineData("phone_number")]
    [InlineData("card_number")]
    [InlineData("surname")]
    [InlineData("date_of_birth")]
    [InlineData("postcode")]
    [InlineData("national_insurance_number")]
    [InlineData("customer_id")]
    [InlineData("AccountNumber")]
    [InlineData("IBAN")]
    [InlineData("first_name")]
    public void Personal_data_is_recognised_by_its_column_name(string column) => Assert.True(NotebookDisplay.IsIdentifier(column), column);

    [Theory]
    [InlineData("income")]
    [InlineData("days_since_last_login")]
    [InlineData("segment_name")]
    [InlineData("region")]
    [InlineData("paid_amount")]
    [InlineData("credit_score_band")]
    [InlineData("digital_logins_30d")]
    public void Analysis_columns_are_not_taken_for_personal_data(string column) => Assert.False(NotebookDisplay.IsIdentifier(column), column);

    private static DataFrame Contacts() => new(
        new StringDataFrameColumn("contact", new[] { "amelia.khan@example.co.uk", "ivy@example.com", "raj.patel@example.org" }),
        new StringDataFrameColumn("mobile_or_landline", new[] { "+44 7700 900123", "07700 900456", "(020) 7946-0958" }),
        new StringDataFrameColumn("pan_text", new[] { "4111 1111 1111 1111", "5500-0000-0000-0004", "340000000000009" }),
        new StringDataFrameColumn("area", new[] { "SW1A 1AA", "M1 1AE", "EH1 2NG" }),
        new StringDataFrameColumn("ref", new[] { "QQ123456C", "AB 12 34 56 D", "JG103759A" }),
        new StringDataFrameColumn("note", new[] { "call back on 07700 900789", "fine", "wrote from sam@example.net" }),
        new DoubleDataFrameColumn("income", new[] { 52000.5, 61000, 43000 }));

    [Fact]
    public void Columns_of_emails_phones_cards_postcodes_and_ni_numbers_are_masked_whatever_their_name()
    {
        string html = DataFrameHtml.Render(Contacts());
        foreach (var leak in new[] { "amelia.khan@example.co.uk", "7700 900123", "4111 1111 1111 1111", "SW1A 1AA", "QQ123456C", "07700 900789", "sam@example.net" })
            Assert.DoesNotContain(leak, html);
        Assert.Contains("fine", html);
        Assert.Contains("52000.5", html);
    }

    [Fact]
    public void A_single_column_and_a_single_row_are_masked_too()
    {
        NotebookFormatters.Register();
        var frame = Contacts();
        string column = Formatter.ToDisplayString(frame.Columns["contact"], "text/html");
        Assert.DoesNotContain("ivy@example.com", column);
        string row = Formatter.ToDisplayString(frame.Rows[0], "text/html");
        Assert.DoesNotContain("amelia.khan@example.co.uk", row);
        Assert.DoesNotContain("4111 1111 1111 1111", row);
        Assert.Contains("52000.5", row);
    }

    [Fact]
    public void Profiles_do_not_list_values_of_columns_personal_by_content()
    {
        string html = Reports.Html(DataProfile.Of(Contacts()));
        Assert.DoesNotContain("amelia.khan@example.co.uk", html);
        Assert.DoesNotContain("SW1A 1AA", html);
    }

    [Fact]
    public void Quarantined_raw_text_in_the_load_report_masks_identifiers()
    {
        var (_, report) = Csv.FromText("customer_id,name,email_address,age\nC00001,Arjun Wilson,arjun@example.com,45\nC00002,Ethan Wright,ethan@example.com,abc\nC00003,Ivy Khan,ivy@example.com,12,extra\n",
            "people.csv", new CsvOptions { OnBadRow = BadRows.Quarantine, Schema = new CsvSchema { ["age"] = ColumnType.Int32 } });
        Assert.Equal(2, report.RowsQuarantined);
        string html = Reports.Html(report);
        foreach (var leak in new[] { "C00002", "Ethan Wright", "ethan@example.com", "C00003", "Ivy Khan", "ivy@example.com" })
            Assert.DoesNotContain(leak, html);
        Assert.Contains("abc", html); // the value at fault is not personal, so it is shown
    }

    [Fact]
    public void The_existing_opt_out_shows_everything()
    {
        try
        {
            NotebookDisplay.ShowIdentifiers = true;
            Assert.Contains("amelia.khan@example.co.uk", DataFrameHtml.Render(Contacts()));
            var (_, report) = Csv.FromText("customer_id,age\nC00002,abc\n", "people.csv", new CsvOptions { OnBadRow = BadRows.Quarantine, Schema = new CsvSchema { ["age"] = ColumnType.Int32 } });
            Assert.Contains("C00002", Reports.Html(report));
        }
        finally { NotebookDisplay.ShowIdentifiers = false; }
    }
}
