using Foundations.Interactive;
using System.Text;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

public class CsvLoadTests
{
    private static readonly CsvOptions Quarantine = new() { OnBadRow = BadRows.Quarantine };

    private static string WriteTemp(byte[] bytes, string name = "input.csv")
    {
        var dir = Path.Combine(Path.GetTempPath(), "fn-csv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string WriteTemp(string text, string name = "input.csv") => WriteTemp(Encoding.UTF8.GetBytes(text), name);

    [Fact]
    public void Infers_integer_float_bool_datetime_category_and_text_columns()
    {
        var sb = new StringBuilder("id,age,income,big,active,opened,region,name\n");
        for (int i = 0; i < 40; i++)
            sb.Append($"C{i:00000},{20 + i},{1000.5 + i},{3_000_000_000L + i},{(i % 2 == 0 ? "true" : "False")},2024-01-{1 + i % 28:00},{(i % 3 == 0 ? "North" : "South")},Person {i}\n");
        var (frame, report) = Csv.FromText(sb.ToString());

        Assert.IsType<Int32DataFrameColumn>(frame.Columns["age"]);
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["income"]);
        Assert.IsType<Int64DataFrameColumn>(frame.Columns["big"]);
        Assert.IsType<BooleanDataFrameColumn>(frame.Columns["active"]);
        Assert.IsType<DateTimeDataFrameColumn>(frame.Columns["opened"]);
        Assert.IsType<StringDataFrameColumn>(frame.Columns["region"]);
        Assert.Equal(
            new[] { ColumnType.Text, ColumnType.Int32, ColumnType.Double, ColumnType.Int64, ColumnType.Boolean, ColumnType.DateTime, ColumnType.Category, ColumnType.Text },
            report.Columns.Select(c => c.Type));
        Assert.Equal(40, frame.Rows.Count);
        Assert.Equal(59, frame.Columns["age"][39]);
        Assert.Equal(1039.5, frame.Columns["income"][39]);
        Assert.Equal(false, frame.Columns["active"][1]);
        Assert.Equal(new DateTime(2024, 1, 2), frame.Columns["opened"][1]);
        Assert.Equal("Person 7", frame.Columns["name"][7]);
        Assert.Equal(40, report.RowsRead);
        Assert.Equal(40, report.RowsLoaded);
        Assert.Equal(0, report.RowsQuarantined);
    }

    [Fact]
    public void Missing_values_are_nulls_and_counted_per_column()
    {
        var (frame, report) = Csv.FromText("a,b,c\n1,,x\n,2.5,\n3,4.0,y\n");
        Assert.Null(frame.Columns["a"][1]);
        Assert.Null(frame.Columns["b"][0]);
        Assert.Null(frame.Columns["c"][1]);
        Assert.Equal(1, frame.Columns["a"].NullCount);
        Assert.Equal(new long[] { 1, 1, 1 }, report.Columns.Select(c => c.Missing));
        Assert.Equal(4.0, frame.Columns["b"][2]);
    }

    [Fact]
    public void Leading_zeros_keep_identifiers_as_text()
    {
        var (frame, report) = Csv.FromText("account,amount\n00123,1\n00456,2\n00789,3\n");
        Assert.Equal("00123", frame.Columns["account"][0]);
        Assert.NotEqual(ColumnType.Int32, report.Columns[0].Type);
    }

    [Theory]
    [InlineData(',', "comma")]
    [InlineData(';', "semicolon")]
    [InlineData('\t', "tab")]
    [InlineData('|', "pipe")]
    [InlineData(' ', "space")]
    public void Detects_the_delimiter(char delimiter, string _)
    {
        var text = $"a{delimiter}b{delimiter}c\n1{delimiter}2{delimiter}x\n3{delimiter}4{delimiter}y\n";
        var (frame, report) = Csv.FromText(text);
        Assert.Equal(delimiter, report.Delimiter);
        Assert.Equal(new[] { "a", "b", "c" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(4, frame.Columns["b"][1]);
    }

    [Fact]
    public void A_given_delimiter_wins_and_numbers_stay_culture_invariant()
    {
        // A semicolon file whose amounts clearly use a decimal comma: read as numbers in that convention, with a note.
        var (frame, report) = Csv.FromText("a;amount\nx;1,5\ny;2,5\n", options: new CsvOptions { Delimiter = ';' });
        Assert.Equal(';', report.Delimiter);
        Assert.Equal(1.5, frame.Columns["amount"][0]);
        Assert.Contains(report.Notes, n => n.Contains("decimal comma"));
        // "1.5" in an invariant column next to it stays 1.5: the convention is decided per column.
        var (mixed, _) = Csv.FromText("a;amount\nx;1.5\ny;2\n", options: new CsvOptions { Delimiter = ';' });
        Assert.Equal(1.5, mixed.Columns["amount"][0]);
        var (german, _) = Csv.FromText("a;amount\nx;1,5\ny;2,5\n", options: new CsvOptions { Delimiter = ';', Culture = new System.Globalization.CultureInfo("de-DE") });
        Assert.Equal(1.5, german.Columns["amount"][0]);
    }

    [Fact]
    public void Percentages_are_read_as_the_numbers_written_with_a_note_and_codes_with_leading_zeros_stay_text()
    {
        // A loan book's rates: "13.56%", a gap, a plain 0; beside them a branch code that must keep its zeros.
        var (frame, report) = Csv.FromText("int_rate,revol_util,branch\n13.56%,83.7 %,007\n,0,012\n6.03%,100%,%\n");
        Assert.Equal(13.56, frame.Columns["int_rate"][0]);
        Assert.Null(frame.Columns["int_rate"][1]);
        Assert.Equal(new object?[] { 83.7, 0.0, 100.0 }, new[] { frame.Columns["revol_util"][0], frame.Columns["revol_util"][1], frame.Columns["revol_util"][2] });
        Assert.Contains(report.Notes, n => n.Contains("'int_rate' writes numbers as percentages"));
        Assert.IsNotType<DoubleDataFrameColumn>(frame.Columns["branch"]);
        // A later value that is neither a number nor a percentage stops the load naming its line, column and value.
        var text = "rate,id\n" + string.Join("", Enumerable.Range(0, 200).Select(i => $"{i % 30}.5%,{i}\n")) + "high,999\n";
        var error = Assert.Throws<CsvLoadException>(() => Csv.FromText(text, options: new CsvOptions { InferenceRows = 100 }));
        Assert.Contains("line 202: column 'rate' expects a number or a percentage", error.Message);
        Assert.Contains("found 'high'", error.Message);
        // A schema that names the column a number (a saved model scoring the file it was trained on) reads it alike.
        var schema = new CsvOptions { Schema = new CsvSchema { ["int_rate"] = ColumnType.Double, ["revol_util"] = ColumnType.Double, ["amount"] = ColumnType.Double } };
        var (typed, typedReport) = Csv.FromText("int_rate,revol_util,amount\n13.56%,83.7 %,\"7,5\"\n,0,\"1.234,56\"\n", options: schema);
        Assert.Equal(new object?[] { 13.56, null, 83.7, 0.0, 7.5, 1234.56 }, new[] { typed.Columns["int_rate"][0], typed.Columns["int_rate"][1], typed.Columns["revol_util"][0], typed.Columns["revol_util"][1], typed.Columns["amount"][0], typed.Columns["amount"][1] });
        Assert.Equal(0, typedReport.RowsQuarantined);
        // A word among them sets aside its own row only: it says nothing about how the numbers are written.
        var (worded, wordedReport) = Csv.FromText("int_rate,amount\nunknown,\"£1,500.00\"\n13.56%,tbc\n6.03%,\"£950.25\"\n", options: new CsvOptions { Schema = new CsvSchema { ["int_rate"] = ColumnType.Double, ["amount"] = ColumnType.Double }, OnBadRow = BadRows.Quarantine });
        Assert.Equal(new long[] { 2, 3 }, wordedReport.Quarantined.Select(q => q.Line));
        Assert.Equal(new object?[] { 6.03, 950.25 }, new[] { worded.Columns["int_rate"][0], worded.Columns["amount"][0] });
    }

    [Fact]
    public void Numbers_with_commas_between_thousands_are_read_as_numbers_with_a_note_and_an_ambiguous_column_says_why_it_stays_text()
    {
        // A spreadsheet export: "69,549.00" quoted in a comma-separated file, values under a thousand beside them.
        var (frame, report) = Csv.FromText("id,income,limit,code\n1,\"69,549.00\",\"1,500\",\"12,34,56\"\n2,950.5,\"12,000\",\"3,45\"\n3,\"1,234,567\",,\"7,890,12\"\n");
        Assert.Equal(new object?[] { 69549.0, 950.5, 1234567.0 }, Enumerable.Range(0, 3).Select(r => frame.Columns["income"][r]).ToArray());
        Assert.Equal(new object?[] { 1500.0, 12000.0, null }, Enumerable.Range(0, 3).Select(r => frame.Columns["limit"][r]).ToArray());
        Assert.IsNotType<DoubleDataFrameColumn>(frame.Columns["code"]);   // "12,34,56" is no way of writing a number
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'income' writes numbers with ',' between thousands (such as 69,549.00)") && !n.Contains("could also be"));
        // "1,500" and "12,000" alone could be decimal commas; in a comma-separated file thousands are far likelier, and the note says so.
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'limit' writes numbers with ',' between thousands (such as 1,500)") && n.Contains("could also be decimal commas"));

        // In a semicolon file they could as well be decimal commas: kept as text, and the note says why.
        var (semi, semiReport) = Csv.FromText("id;amount\n1;1,234\n2;12,500\n", options: new CsvOptions { Delimiter = ';' });
        Assert.IsNotType<DoubleDataFrameColumn>(semi.Columns["amount"]);
        Assert.Contains(semiReport.Notes, n => n.Contains("'amount' holds values such as 1,234, which read with ',' between thousands (1,234 as 1234) or as a decimal comma (1,234 as 1.234): read as Text"));

        // A later value that is not a number stops the load naming its line, column and value.
        var text = "income\n" + string.Join("", Enumerable.Range(0, 200).Select(i => $"\"{i + 1},{i % 10}00.50\"\n")) + "lots\n";
        var error = Assert.Throws<CsvLoadException>(() => Csv.FromText(text, options: new CsvOptions { InferenceRows = 100 }));
        Assert.Contains("line 202: column 'income' expects a number (',' between thousands allowed)", error.Message);
        // A schema that names the column a number (a saved model scoring the file it was trained on) reads it alike.
        var schema = new CsvOptions { Schema = new CsvSchema { ["income"] = ColumnType.Double } };
        var (typed, typedReport) = Csv.FromText("income\n\"69,549.00\"\n\"1,234\"\n12\n", options: schema);
        Assert.Equal(new object?[] { 69549.0, 1234.0, 12.0 }, Enumerable.Range(0, 3).Select(r => typed.Columns["income"][r]).ToArray());
        Assert.Equal(0, typedReport.RowsQuarantined);
    }

    [Fact]
    public void A_report_title_above_the_header_is_read_as_a_title_and_a_one_column_file_is_not()
    {
        var (frame, report) = Csv.FromText("Customer export 2024-03-01\nid;age;income\nC1;34;52000\nC2;41;61000\n", "export.csv");
        Assert.Equal(new[] { "id", "age", "income" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(52000, frame.Columns["income"][0]);
        Assert.Contains(report.Notes, n => n.StartsWith("Line 1 ('Customer export 2024-03-01') has 1 field(s) over lines of 3: read as a title above the header, which is line 2."));
        // A saved model's schema reads the file alike.
        var (typed, typedReport) = Csv.FromText("Customer export 2024-03-01\nid;age;income\nC1;34;52000\n", "export.csv", new CsvOptions { Schema = new CsvSchema { ["income"] = ColumnType.Double } });
        Assert.Equal(52000.0, typed.Columns["income"][0]);
        Assert.Equal(0, typedReport.RowsQuarantined);

        // A title holding the delimiter itself, in a comma-separated file.
        var (comma, commaReport) = Csv.FromText("Export, March 2024\nid,age,income\nC1,34,52000\nC2,41,61000\nC3,29,38000\n", "march.csv");
        Assert.Equal(new[] { "id", "age", "income" }, comma.Columns.Select(c => c.Name));
        Assert.Equal(3, comma.Rows.Count);
        Assert.Contains(commaReport.Notes, n => n.StartsWith("Line 1 ('Export, March 2024') has 2 field(s) over lines of 3"));

        // Excel's "Save as CSV" pads a title in A1 with a delimiter per column ("Customer export,,"); a blank line may follow.
        var (padded, paddedReport) = Csv.FromText("Customer export 2024-03-01,,\n,,\nid,age,income\nC1,34,52000\nC2,41,61000\n", "padded.csv");
        Assert.Equal(new[] { "id", "age", "income" }, padded.Columns.Select(c => c.Name));
        Assert.Equal(new object?[] { 52000, 61000 }, Enumerable.Range(0, 2).Select(r => padded.Columns["income"][r]).ToArray());
        Assert.Contains(paddedReport.Notes, n => n.StartsWith("Line 1 ('Customer export 2024-03-01') holds one value and 2 empty field(s): read as a title above the header, which is line 3."));

        // A first row of words with one value too many is a ragged row, as before, when the rows after it split as the header does.
        var error = Assert.Throws<CsvLoadException>(() => Csv.FromText("name,city\nJohn,London,UK\nAnn,Leeds\n", "people.csv"));
        Assert.Contains("line 2: ragged row", error.Message);

        // One column, one field on every line: the first line is its header and the second its first row.
        var (single, singleReport) = Csv.FromText("customer_id\nC1\nC2\n", "ids.csv");
        Assert.Equal(new[] { "customer_id" }, single.Columns.Select(c => c.Name));
        Assert.Equal(new object?[] { "C1", "C2" }, new[] { single.Columns[0][0], single.Columns[0][1] });
        Assert.DoesNotContain(singleReport.Notes, n => n.Contains("title"));
    }

    [Fact]
    public void A_second_naming_row_under_the_header_names_the_columns_and_is_not_data()
    {
        // UCI's "default of credit card clients" as Excel saves it: codes over names, then the customers.
        string text = ",X1,X2,X3,Y\nID,LIMIT_BAL,EDUCATION,AGE,default payment next month\n1,20000,2,24,1\n2,120000,,26,1\n3,90000,2,34,0\n";
        var (frame, report) = Csv.FromText(text, "credit.csv");
        Assert.Equal(new[] { "ID", "LIMIT_BAL", "EDUCATION", "AGE", "default payment next month" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(3, frame.Rows.Count);
        Assert.Equal(3, report.RowsRead);
        Assert.Equal(20000, frame.Columns["LIMIT_BAL"][0]);
        Assert.Contains(report.Notes, n => n.StartsWith("Line 2 names the columns again, in words where the rows below hold numbers (ID, LIMIT_BAL, EDUCATION, AGE, …; line 1 has column_1, X1, X2, X3, …)"));
        Assert.DoesNotContain(report.Notes, n => n.Contains("has no name in the header"));
        // A saved model's schema, in the second row's names, reads the file alike.
        var schema = new CsvOptions { Schema = new CsvSchema { ["LIMIT_BAL"] = ColumnType.Double, ["AGE"] = ColumnType.Int32 } };
        var (typed, typedReport) = Csv.FromText(text, "credit.csv", schema);
        Assert.Equal(3, typed.Rows.Count);
        Assert.Equal(0, typedReport.RowsQuarantined);

        // A first row with a number, a gap or a repeated word is data, as before (a units row: "GBP" twice).
        var (units, unitsReport) = Csv.FromText("income,balance,age\nGBP,GBP,years\n100,200,30\n150,250,40\n");
        Assert.Equal(3, units.Rows.Count);
        Assert.Equal(new[] { "income", "balance", "age" }, units.Columns.Select(c => c.Name));
        Assert.DoesNotContain(unitsReport.Notes, n => n.Contains("names the columns again"));
    }

    [Fact]
    public void Negative_amounts_written_as_accounts_do_are_read_below_zero_with_a_note()
    {
        // Accounting exports: negatives in parentheses (with thousands, with the currency inside), and SAP's minus after
        // the amount in a decimal-comma file; a ratings column ("A-", "BB+") and a text in parentheses stay words.
        var (frame, report) = Csv.FromText("id,balance,fee,rating,remark\n"
            + "1,\"(1,234.56)\",(£5),A-,(see note)\n"
            + "2,\"69,549.00\",£12,BB+,ok\n"
            + "3,(0.50),(£0),A-,(none)\n"
            + "4,0,£(7),BB+,(none)\n");
        Assert.Equal(new object?[] { -1234.56, 69549.0, -0.5, 0.0 }, Enumerable.Range(0, 4).Select(r => frame.Columns["balance"][r]).ToArray());
        Assert.Equal(new object?[] { -5, 12, 0, -7 }, Enumerable.Range(0, 4).Select(r => frame.Columns["fee"][r]).ToArray());
        Assert.Equal("A-", frame.Columns["rating"][0]?.ToString());
        Assert.Equal("(see note)", frame.Columns["remark"][0]?.ToString());
        Assert.Contains(report.Notes, n => n == "Column 'balance' writes negative amounts as accounts do (such as (1,234.56)): read as numbers below zero.");
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'fee' writes negative amounts as accounts do"));
        Assert.DoesNotContain(report.Notes, n => n.Contains("'rating' writes negative") || n.Contains("'remark' writes negative"));

        // The currency outside the parentheses, as some ledgers print it.
        var (outside, _) = Csv.FromText("amount\n\"GBP (1,200.00)\"\nGBP 300.00\n");
        Assert.Equal(new object?[] { -1200.0, 300.0 }, Enumerable.Range(0, 2).Select(r => outside.Columns["amount"][r]).ToArray());

        var (sap, sapReport) = Csv.FromText("Konto;Betrag\n4711;1.234,56-\n4712;980,00\n4713;15,5-\n");
        Assert.Equal(new object?[] { -1234.56, 980.0, -15.5 }, Enumerable.Range(0, 3).Select(r => sap.Columns["Betrag"][r]).ToArray());
        Assert.Contains(sapReport.Notes, n => n.StartsWith("Column 'Betrag' writes negative amounts as accounts do (such as 1.234,56-)"));

        // A later value that is no amount stops the load naming its line; a saved model's schema reads the column alike.
        var text = "balance\n" + string.Join("", Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? $"({i}.50)\n" : $"{i}.50\n")) + "(lots)\n";
        var error = Assert.Throws<CsvLoadException>(() => Csv.FromText(text, options: new CsvOptions { InferenceRows = 100 }));
        Assert.Contains("line 202: column 'balance' expects a number", error.Message);
        var (typed, typedReport) = Csv.FromText("balance\n(12.5)\n3\n", options: new CsvOptions { Schema = new CsvSchema { ["balance"] = ColumnType.Double } });
        Assert.Equal(new object?[] { -12.5, 3.0 }, Enumerable.Range(0, 2).Select(r => typed.Columns["balance"][r]).ToArray());
        Assert.Equal(0, typedReport.RowsQuarantined);
    }

    [Fact]
    public void Amounts_written_with_a_currency_are_read_as_numbers_with_a_note_in_any_convention()
    {
        // Spreadsheet exports: pounds with thousands, a negative balance either way round, euros with a decimal comma
        // after the amount, currency codes, whole pounds; a column of currency codes alone stays words.
        var (frame, report) = Csv.FromText("id,income,balance,saldo,limit,fee,currency\n"
            + "1,\"£69,549.00\",-£1,\"1.234,56 €\",GBP 1500,£5,GBP\n"
            + "2,950.5,£-20.5,\"7,5€\",USD 250.75,£12,EUR\n"
            + "3,,£0.99,,,,\n");
        Assert.Equal(new object?[] { 69549.0, 950.5, null }, Enumerable.Range(0, 3).Select(r => frame.Columns["income"][r]).ToArray());
        Assert.Equal(new object?[] { -1.0, -20.5, 0.99 }, Enumerable.Range(0, 3).Select(r => frame.Columns["balance"][r]).ToArray());
        Assert.Equal(new object?[] { 1234.56, 7.5 }, Enumerable.Range(0, 2).Select(r => frame.Columns["saldo"][r]).ToArray());
        // Pounds and dollars in one column cannot be compared: text, and the note says why.
        Assert.IsNotType<DoubleDataFrameColumn>(frame.Columns["limit"]);
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'limit' holds amounts in 2 currencies (GBP, USD): read as text"));
        Assert.Equal(new object?[] { 5, 12 }, Enumerable.Range(0, 2).Select(r => frame.Columns["fee"][r]).ToArray());
        Assert.IsNotType<DoubleDataFrameColumn>(frame.Columns["currency"]);
        foreach (var (column, currency) in new[] { ("income", "GBP"), ("balance", "GBP"), ("saldo", "EUR"), ("fee", "GBP") })
            Assert.Contains(report.Notes, n => n.StartsWith($"Column '{column}' writes amounts in {currency} with the currency"));
        Assert.DoesNotContain(report.Notes, n => n.Contains("'currency' writes amounts"));

        // A later amount that is no number stops the load naming its line, column and value.
        var text = "fee\n" + string.Join("", Enumerable.Range(0, 200).Select(i => $"£{i}.50\n")) + "£lots\n";
        var error = Assert.Throws<CsvLoadException>(() => Csv.FromText(text, options: new CsvOptions { InferenceRows = 100 }));
        Assert.Contains("line 202: column 'fee' expects a number", error.Message);
        Assert.Contains("£lots", error.Message);
        // So does an amount in another currency than the first rows'.
        var dollars = Assert.Throws<CsvLoadException>(() => Csv.FromText(text.Replace("£lots", "$7.50"), options: new CsvOptions { InferenceRows = 100 }));
        Assert.Contains("line 202: column 'fee' expects a number (in GBP)", dollars.Message);
        // A schema that names the column a number (a saved model scoring the file it was trained on) reads it alike.
        var schema = new CsvOptions { Schema = new CsvSchema { ["income"] = ColumnType.Double } };
        var (typed, typedReport) = Csv.FromText("income\n\"£69,549.00\"\n£12\n", options: schema);
        Assert.Equal(new object?[] { 69549.0, 12.0 }, Enumerable.Range(0, 2).Select(r => typed.Columns["income"][r]).ToArray());
        Assert.Equal(0, typedReport.RowsQuarantined);
    }

    [Fact]
    public void Dates_with_the_year_last_are_read_in_the_order_their_values_prove_and_left_as_text_when_nothing_does()
    {
        // A UK export (28/07/2019: day first), a US one (7/28/2019: month first), German dots, a time of day, gaps.
        var (frame, report) = Csv.FromText("id,opened,signed,geboren,booked,unclear\n"
            + "1,28/07/2019,7/28/2019,28.07.1961,05/03/2024 14:30,05/03/2019\n"
            + "2,3/1/2020,12/31/2020,01.02.1970,31/12/2023 09:05:59,11/12/2020\n"
            + "3,,1/2/2021,,,\n");
        Assert.Equal(new object?[] { new DateTime(2019, 7, 28), new DateTime(2020, 1, 3), null }, Enumerable.Range(0, 3).Select(r => frame.Columns["opened"][r]).ToArray());
        Assert.Equal(new object?[] { new DateTime(2019, 7, 28), new DateTime(2020, 12, 31), new DateTime(2021, 1, 2) }, Enumerable.Range(0, 3).Select(r => frame.Columns["signed"][r]).ToArray());
        Assert.Equal(new DateTime(1970, 2, 1), frame.Columns["geboren"][1]);
        Assert.Equal(new DateTime(2024, 3, 5, 14, 30, 0), frame.Columns["booked"][0]);
        Assert.Equal(new DateTime(2023, 12, 31, 9, 5, 59), frame.Columns["booked"][1]);
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'opened' writes dates day first"));
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'signed' writes dates month first"));
        // 05/03/2019 and 11/12/2020 read either way: a guess would move every date, so they stay text and the note says how to read them.
        Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(frame.Columns["unclear"], exactMatch: false);
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'unclear' holds dates such as 05/03/2019") && n.Contains("DateTimeFormats"));

        // Both orders proven in one column, or a day the month does not have: not dates.
        var (mixed, _) = Csv.FromText("a,b\n28/07/2019,31/04/2019\n7/28/2019,15/05/2019\n");
        Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(mixed.Columns["a"], exactMatch: false);
        Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(mixed.Columns["b"], exactMatch: false);

        // A later value in the other order stops the load naming its line, column and value.
        var text = "opened\n" + string.Join("", Enumerable.Range(0, 200).Select(i => $"{i % 28 + 1}/{i % 12 + 1}/2019\n")) + "7/28/2019\n";
        var error = Assert.Throws<CsvLoadException>(() => Csv.FromText(text, options: new CsvOptions { InferenceRows = 100 }));
        Assert.Contains("line 202: column 'opened' expects a date written day first (28/07/2019)", error.Message);
        // A schema that names the column a date (a saved model scoring the file it was trained on) reads it alike.
        var schema = new CsvOptions { Schema = new CsvSchema { ["opened"] = ColumnType.DateTime } };
        var (typed, typedReport) = Csv.FromText("opened\n28/07/2019\n3/1/2020\n", options: schema);
        Assert.Equal(new object?[] { new DateTime(2019, 7, 28), new DateTime(2020, 1, 3) }, Enumerable.Range(0, 2).Select(r => typed.Columns["opened"][r]).ToArray());
        Assert.Equal(0, typedReport.RowsQuarantined);
    }

    [Fact]
    public void Months_written_without_a_day_are_read_as_dates_with_a_note_and_two_digit_years_as_excel_reads_them()
    {
        // Lending Club writes "Dec-2011"; others "December 2011" or "2011-12"; Excel's "mmm-yy" format saves "Dec-11".
        // "Dec 11" (a space) may be the 11th of December, and stays text.
        var (frame, report) = Csv.FromText("issue_d,first_line,opened,short,spaced,other\nDec-2011,jan 1985,2011-12,Dec-11,Dec 11,Dec-2011\nMay-2012,SEPTEMBER 2001,,Jan-49,Jan 12,2012-05-03\n,Feb-1999,1999-02,Feb-30,Feb 12,Foo-2011\n");
        Assert.Equal(new object?[] { new DateTime(2011, 12, 1), new DateTime(2012, 5, 1), null }, Enumerable.Range(0, 3).Select(r => frame.Columns["issue_d"][r]).ToArray());
        Assert.Equal(new object?[] { new DateTime(1985, 1, 1), new DateTime(2001, 9, 1), new DateTime(1999, 2, 1) }, Enumerable.Range(0, 3).Select(r => frame.Columns["first_line"][r]).ToArray());
        Assert.Equal(new DateTime(2011, 12, 1), frame.Columns["opened"][0]);
        Assert.Contains(report.Notes, n => n.Contains("Column 'issue_d' writes months without a day"));
        Assert.DoesNotContain(report.Notes, n => n.StartsWith("Column 'issue_d'") && n.Contains("two-digit"));
        // 00–29 are this century, 30–99 the last, as Excel reads them (and the same in every year the file is loaded).
        Assert.Equal(new object?[] { new DateTime(2011, 12, 1), new DateTime(1949, 1, 1), new DateTime(1930, 2, 1) }, Enumerable.Range(0, 3).Select(r => frame.Columns["short"][r]).ToArray());
        Assert.Contains(report.Notes, n => n == "Column 'short' writes months without a day (such as Dec-2011 or 2011-12): read as dates on the first of the month. Its two-digit years (such as Dec-11) are read as Excel reads them, 00–29 as 2000–2029 and 30–99 as 1930–1999: its first rows hold 1930 to 2011. If a century is wrong (a birth year 1925 read as 2025), have the file written with four-digit years.");
        Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(frame.Columns["spaced"], exactMatch: false);
        Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(frame.Columns["other"], exactMatch: false);
        Assert.DoesNotContain(report.Notes, n => n.Contains("'spaced' writes") || n.Contains("'other' writes"));
    }

    [Fact]
    public void Dates_with_the_year_last_in_two_digits_are_read_when_a_day_shows_the_order_and_the_years_as_excel_reads_them()
    {
        // An Indian vehicle-loan file (L&T's): birth dates 03-10-86, disbursal dates 01-09-18; a US export 7/28/19.
        var (frame, report) = Csv.FromText("id,Date.of.Birth,DisbursalDate,signed,version,unclear\n"
            + "1,03-10-86,01-09-18,7/28/19,1.2.10,05/03/19\n"
            + "2,24-12-99,28-10-18,12/31/20,13.3.11,11/12/20\n"
            + "3,01-01-05,,1/2/21,3.1.12,\n");
        Assert.Equal(new object?[] { new DateTime(1986, 10, 3), new DateTime(1999, 12, 24), new DateTime(2005, 1, 1) }, Enumerable.Range(0, 3).Select(r => frame.Columns["Date.of.Birth"][r]).ToArray());
        Assert.Equal(new object?[] { new DateTime(2018, 9, 1), new DateTime(2018, 10, 28), null }, Enumerable.Range(0, 3).Select(r => frame.Columns["DisbursalDate"][r]).ToArray());
        Assert.Equal(new object?[] { new DateTime(2019, 7, 28), new DateTime(2020, 12, 31), new DateTime(2021, 1, 2) }, Enumerable.Range(0, 3).Select(r => frame.Columns["signed"][r]).ToArray());
        Assert.Contains(report.Notes, n => n == "Column 'Date.of.Birth' writes dates day first with the year last (such as 03-10-86): read as dates. Its two-digit years (such as 03-10-86) are read as Excel reads them, 00–29 as 2000–2029 and 30–99 as 1930–1999: its first rows hold 1986 to 2005. If a century is wrong (a birth year 1925 read as 2025), have the file written with four-digit years.");
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'signed' writes dates month first with the year last (such as 7/28/19)"));
        // Dots with two-digit years are versions or codes (13.3.11 too); values that read either way stay text.
        Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(frame.Columns["version"], exactMatch: false);
        Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(frame.Columns["unclear"], exactMatch: false);

        // A saved model scoring a batch whose first rows do not show the order reads it as the training file wrote it.
        var names = WrittenConventions.Of(frame.Columns["Date.of.Birth"])!;
        Assert.Equal(new[] { "dayFirst", "twoDigitYears" }, names.Order());
        var written = WrittenAs.FromNames(names, "date-time", out string? why);
        Assert.True(written is not null, why);
        var schema = new CsvOptions { Schema = new CsvSchema { ["Date.of.Birth"] = ColumnType.DateTime }.WrittenLike("Date.of.Birth", written) };
        var (batch, batchReport) = Csv.FromText("Date.of.Birth\n05-03-91\n01-12-02\n", options: schema);
        Assert.Equal(new object?[] { new DateTime(1991, 3, 5), new DateTime(2002, 12, 1) }, Enumerable.Range(0, 2).Select(r => batch.Columns["Date.of.Birth"][r]).ToArray());
        Assert.Equal(0, batchReport.RowsQuarantined);
    }

    [Fact]
    public void Dotted_dates_with_two_digit_years_are_read_day_first_when_many_values_show_days_and_a_few_versions_stay_text()
    {
        // A German core-banking export writes 31.12.23; forty opening dates spread over three years.
        var rows = Enumerable.Range(0, 40).Select(i => new DateTime(2021, 1, 3).AddDays(i * 27))
            .Select((d, i) => $"{i},{d:dd.MM.yy},{(i % 3) + 1}.{(i % 7) + 1}.{10 + i % 5}");
        var (frame, report) = Csv.FromText("id,opened,release\n" + string.Join("\n", rows) + "\n");
        Assert.Equal(new DateTime(2021, 1, 3), frame.Columns["opened"][0]);
        Assert.Equal(new DateTime(2021, 1, 3).AddDays(39 * 27), frame.Columns["opened"][39]);
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'opened' writes dates day first with the year last (such as 03.01.21): read as dates. Its two-digit years"));
        // Releases such as 2.3.11 never show a first part above 12: they stay what they are.
        Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(frame.Columns["release"], exactMatch: false);

        // Too few values to tell dates from codes: text, as before.
        var (few, _) = Csv.FromText("id,opened\n1,31.12.23\n2,15.01.24\n3,02.02.24\n");
        Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(few.Columns["opened"], exactMatch: false);
    }

    [Fact]
    public void Durations_written_with_their_units_are_read_as_years_and_a_later_bare_number_is_set_aside()
    {
        // An Indian bureau's account age and credit history, Lending Club's employment length (n/a: not given) and term.
        var (frame, report) = Csv.FromText("id,AVERAGE.ACCT.AGE,emp_length,term,product\n"
            + "1,1yrs 11mon,10+ years, 36 months,30 Day Saver\n"
            + "2,0yrs 0mon,< 1 year, 60 months,1 Year Fixed\n"
            + "3,12yrs 6mon,n/a, 36 months,30 Day Saver\n"
            + "4,,3 years, 36 months,Easy Access\n");
        Assert.Equal(new double?[] { 1 + 11 / 12.0, 0, 12.5, null }, ((DoubleDataFrameColumn)frame.Columns["AVERAGE.ACCT.AGE"]).ToArray());
        Assert.Equal(new double?[] { 10, 0, null, 3 }, ((DoubleDataFrameColumn)frame.Columns["emp_length"]).ToArray());
        Assert.Equal(new double?[] { 3, 5, 3, 3 }, ((DoubleDataFrameColumn)frame.Columns["term"]).ToArray());
        Assert.Contains(report.Notes, n => n == "Column 'AVERAGE.ACCT.AGE' writes durations with their units (such as 1yrs 11mon): read as years (1yrs 11mon → 1.92, 36 months → 3, 10+ years → 10, < 1 year → 0).");
        Assert.IsNotType<DoubleDataFrameColumn>(frame.Columns["product"]);   // "30 Day Saver" is a product, not a duration

        // The first rows decide: a bare number further down has no unit and is set aside with its line and what was expected.
        var text = "tenure\n" + string.Join("", Enumerable.Range(0, 150).Select(i => $"{i % 20}yrs {i % 12}mon\n")) + "7\n";
        var (loaded, loadReport) = Csv.FromText(text, options: Quarantine with { InferenceRows = 100 });
        Assert.Equal(150, loaded.Rows.Count);
        var setAside = Assert.Single(loadReport.Quarantined);
        Assert.Equal(152, setAside.Line);
        Assert.Contains("a duration with its units (such as 1yrs 11mon or 10+ years)", setAside.Detail);
        // A single letter says too little (months or minutes?), and the parts must all carry units.
        Assert.False(FieldParsers.TryDurationYears("3m"u8, out _));
        Assert.False(FieldParsers.TryDurationYears("3 years 4"u8, out _));
        Assert.True(FieldParsers.TryDurationYears("2 years, 3 months"u8, out double years) && years == 2.25);
        Assert.True(FieldParsers.TryDurationYears("22 Years and 6 Months"u8, out years) && years == 22.5);
        Assert.False(FieldParsers.TryDurationYears("22 Years and"u8, out _));
        Assert.False(FieldParsers.TryDurationYears("and 6 Months"u8, out _));
    }

    [Fact]
    public void Numbers_with_underscores_around_some_are_read_as_numbers_counted_and_scored_the_same_way()
    {
        // The Kaggle credit-score file: "23_" for an age, "34847.84_" for an income, "__10000__" for an amount invested,
        // "_" alone for a limit not known; "_______" for an occupation and "1_000" stay what they are.
        var lines = new List<string> { "Age,Annual_Income,Amount_invested_monthly,Changed_Credit_Limit,Monthly_Balance,Occupation,code" };
        for (int i = 0; i < 60; i++)
            lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{20 + i}{(i % 7 == 0 ? "_" : "")},{19000 + 137.5 * i:0.00}{(i % 5 == 0 ? "_" : "")},{(i % 11 == 0 ? "__10000__" : $"{40 + i}.25")},{(i % 9 == 0 ? "_" : $"{i - 10}.5")},{(i == 3 ? "__-333333333333333333333333333__" : $"{300 + i}.75")},{(i % 6 == 0 ? "_______" : "Teacher")},{i}_000"));
        var (frame, report) = Csv.FromText(string.Join("\n", lines) + "\n");

        Assert.Equal(new int?[] { 20, 21, 22 }, ((Int32DataFrameColumn)frame.Columns["Age"]).Take(3).ToArray());
        Assert.Equal(19000.0, ((DoubleDataFrameColumn)frame.Columns["Annual_Income"])[0]);
        Assert.Equal(10000.0, ((DoubleDataFrameColumn)frame.Columns["Amount_invested_monthly"])[0]);
        Assert.Null(frame.Columns["Changed_Credit_Limit"][0]);   // "_" alone: a word for no value, counted
        Assert.Equal(-3.3333333333333333e26, ((DoubleDataFrameColumn)frame.Columns["Monthly_Balance"])[3]!.Value, 1e12);
        Assert.IsNotType<DoubleDataFrameColumn>(frame.Columns["Occupation"]);
        Assert.IsNotType<Int32DataFrameColumn>(frame.Columns["code"]);
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'Age' writes some numbers with underscores around them (such as 20_): read as the numbers they surround.", StringComparison.Ordinal));
        Assert.Contains("Column 'Age': 9 numbers written with underscores around them (such as 20_) were read without them.", report.Notes);
        Assert.Contains("Column 'Annual_Income': 12 numbers written with underscores around them (such as 19000.00_) were read without them.", report.Notes);
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'Changed_Credit_Limit': '_' in 7 rows read as missing values", StringComparison.Ordinal));
        Assert.Equal(0, report.RowsQuarantined);

        // A saved model scoring the next file reads it the same way, even when that file's first rows have no underscore.
        Assert.Equal(new[] { "underscores" }, WrittenConventions.Of(frame.Columns["Annual_Income"]));
        var (batch, batchReport) = ReadAsTheModelWould(frame, "Annual_Income", "Annual_Income\n52000.50\n48000_\nabc_\n");
        Assert.Equal(new double?[] { 52000.5, 48000 }, ((DoubleDataFrameColumn)batch.Columns["Annual_Income"]).ToArray());
        Assert.Contains("underscores around it allowed", Assert.Single(batchReport.Quarantined).Detail);
    }

    /// <summary>
    /// <paramref name="text"/> read as a saved model reads the next file: <paramref name="column"/> a number in the conventions
    /// the training frame's column was written in (as model.json keeps them), bad rows set aside.
    /// </summary>
    private static LoadResult ReadAsTheModelWould(DataFrame trained, string column, string text)
    {
        var written = WrittenAs.FromNames(WrittenConventions.Of(trained.Columns[column])!, "number", out string? why);
        Assert.True(written is not null, why);
        var schema = new CsvOptions { Schema = new CsvSchema { [column] = ColumnType.Double }.WrittenLike(column, written), OnBadRow = BadRows.Quarantine };
        return Csv.FromText(text, options: schema);
    }

    [Fact]
    public void A_field_of_spaces_alone_is_a_missing_value_in_number_and_text_columns()
    {
        // The telecom churn export: TotalCharges is " " for customers of no months; a saved model must then load.
        var lines = new List<string> { "customerID,tenure,TotalCharges,Contract" };
        for (int i = 0; i < 40; i++) lines.Add($"C{i},{i % 5},{(i % 5 == 0 ? " " : $"{29.85 * (i % 5) + i:0.00}")},{(i == 3 ? "  " : "One year")}");
        var (frame, report) = Csv.FromText(string.Join("\n", lines) + "\n");

        var total = Assert.IsType<DoubleDataFrameColumn>(frame.Columns["TotalCharges"]);
        Assert.Equal(8, total.NullCount);
        Assert.Null(frame.Columns["Contract"][3]);
        Assert.Null(WrittenConventions.Of(total));
        Assert.Null(NoValueWords.Of(total));
        Assert.DoesNotContain(report.Notes, n => n.Contains("read as missing values", StringComparison.Ordinal) && n.Contains("TotalCharges", StringComparison.Ordinal));
    }

    [Fact]
    public void Thousands_set_apart_by_spaces_or_apostrophes_are_numbers_and_scored_alike_but_phone_numbers_stay_text()
    {
        // A French bank's export (';', decimal comma, a no-break space between thousands, the euro sign), a Swiss one
        // (apostrophes), and a column of phone numbers grouped the same way in every row.
        var (fr, frReport) = Csv.FromText("compte;solde;encours\nA1;1\u00a0234,56 €;12 000\nA2;987,10 €;950\nA3;-12\u00a0345,00 €;1 250 000\n");
        Assert.Equal(new double?[] { 1234.56, 987.10, -12345 }, ((DoubleDataFrameColumn)fr.Columns["solde"]).ToArray());
        Assert.Equal(new int?[] { 12_000, 950, 1_250_000 }, ((Int32DataFrameColumn)fr.Columns["encours"]).ToArray());
        Assert.Contains("Column 'encours' writes numbers with a space (or an apostrophe) between thousands (such as 12 000): read as numbers, the separators ignored.", frReport.Notes);
        var (ch, _) = Csv.FromText("konto,saldo\nK1,1'234.50\nK2,987.10\nK3,12'345.00\n");
        Assert.Equal(new double?[] { 1234.5, 987.1, 12345 }, ((DoubleDataFrameColumn)ch.Columns["saldo"]).ToArray());
        var (phones, _) = Csv.FromText("id,phone,odd\n1,555 123 456,12 34\n2,555 987 654,1 2345\n3,555 111 222,987\n");
        Assert.False(ColumnTypes.IsNumeric(phones.Columns["phone"]));
        Assert.False(ColumnTypes.IsNumeric(phones.Columns["odd"]));

        // A saved model reads the next file's amounts the same way, even when its first rows have no group.
        Assert.Equal(new[] { "decimalComma", "thousandsSpace", "currency:EUR" }, WrittenConventions.Of(fr.Columns["solde"]));
        var (batch, batchReport) = ReadAsTheModelWould(fr, "solde", "compte;solde\nB1;5,00 €\nB2;2\u202f500,75 €\nB3;1 2345,00 €\n");
        Assert.Equal(new double?[] { 5, 2500.75 }, ((DoubleDataFrameColumn)batch.Columns["solde"]).ToArray());
        Assert.Contains("spaces between thousands allowed", Assert.Single(batchReport.Quarantined).Detail);
    }

    [Fact]
    public void Spaces_around_unquoted_values_are_not_part_of_them_so_a_comma_space_file_gives_the_categories_a_clean_one_does()
    {
        // UCI's adult.data and Kaggle's loan-approval file write ", " between fields; exports pad values ("North ").
        var (spaced, _) = Csv.FromText("id, age, opened, region, note\n1, 34, 2020-01-31, North , \" kept \"\n2, 41, 2021-06-30, South, x\n3, 29, 2019-11-02,  North, y\n");
        var (clean, _) = Csv.FromText("id,age,opened,region,note\n1,34,2020-01-31,North,kept\n");

        Assert.IsType<Int32DataFrameColumn>(spaced.Columns["age"]);
        Assert.Equal(new DateTime(2020, 1, 31), spaced.Columns["opened"][0]);
        Assert.Equal(new[] { "North", "South", "North" }, Enumerable.Range(0, 3).Select(r => spaced.Columns["region"][r]?.ToString()));
        Assert.Equal(clean.Columns["region"][0]?.ToString(), spaced.Columns["region"][0]?.ToString());
        Assert.Equal(" kept ", spaced.Columns["note"][0]);   // a quoted value is kept as written
    }

    [Fact]
    public void No_break_spaces_around_amounts_and_percentages_are_read_as_plain_spaces_in_training_and_in_scoring()
    {
        // A spreadsheet in French settings writes "5 %" and "1 234,56 €" with U+00A0 or U+202F, and pads some cells with
        // one; a field of no-break spaces alone holds no value, as one of plain spaces does.
        var (frame, report) = Csv.FromText("compte;taux;solde;note;ouvert\n"
            + "A1;5,5\u00a0%;1\u00a0234,56\u00a0€;7\u00a0;16\u00a0November\u00a01964\n"
            + "A2;12\u202f%;987,10\u202f€;\u00a012;3 March 2021\n"
            + "A3;\u00a0;-12\u00a0345,00\u00a0€;\u00a0\u202f;\n");

        Assert.Equal(new double?[] { 5.5, 12, null }, ((DoubleDataFrameColumn)frame.Columns["taux"]).ToArray());
        Assert.Equal(new double?[] { 1234.56, 987.10, -12345 }, ((DoubleDataFrameColumn)frame.Columns["solde"]).ToArray());
        Assert.Equal(new double?[] { 7, 12, null }, ((DoubleDataFrameColumn)frame.Columns["note"]).ToArray());
        Assert.Equal(new DateTime(1964, 11, 16), frame.Columns["ouvert"][0]);   // a date judged and read alike
        Assert.Empty(report.Quarantined);
        Assert.Null(NoValueWords.Of(frame.Columns["taux"]));

        // The next file, read with the saved conventions, pads its amounts the same way (and a narrow space for thousands).
        var (batch, batchReport) = ReadAsTheModelWould(frame, "solde", "compte;solde\nB1;5,00\u00a0€\nB2;2\u202f500,75\u202f€\nB3;\u00a0\n");
        Assert.Equal(new double?[] { 5, 2500.75, null }, ((DoubleDataFrameColumn)batch.Columns["solde"]).ToArray());
        Assert.Empty(batchReport.Quarantined);
        // A percentage with a decimal comma is a convention of its own, kept with the model like the others.
        Assert.Contains("Column 'taux' writes numbers as percentages with a decimal comma (such as 5,5 %): read as the number before the % sign (5.5), not as a fraction.", report.Notes);
        Assert.Equal(new[] { "decimalComma", "percent" }, WrittenConventions.Of(frame.Columns["taux"])!.Order(StringComparer.Ordinal));
        var (rates, ratesReport) = ReadAsTheModelWould(frame, "taux", "compte;taux\nB1;7,25 %\nB2;3\u00a0%\nB3;3.5%\n");
        Assert.Equal(new double?[] { 7.25, 3 }, ((DoubleDataFrameColumn)rates.Columns["taux"]).ToArray());
        Assert.Contains("a percentage with a decimal comma", Assert.Single(ratesReport.Quarantined).Detail);
    }

    [Fact]
    public void A_credit_historys_age_in_years_and_months_is_read_as_years()
    {
        // The Kaggle credit-score file's Credit_History_Age, with NA where it is not known.
        var (frame, report) = Csv.FromText("Customer_ID,Credit_History_Age\nCUS_1,22 Years and 1 Months\nCUS_1,NA\nCUS_2,0 Years and 11 Months\nCUS_3,33 Years and 0 Months\n");

        var age = Assert.IsType<DoubleDataFrameColumn>(frame.Columns["Credit_History_Age"]);
        Assert.Equal(new double?[] { 22 + 1 / 12.0, null, 11 / 12.0, 33 }, age.ToArray());
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'Credit_History_Age' writes durations with their units (such as 22 Years and 1 Months)", StringComparison.Ordinal));
    }

    [Fact]
    public void Dates_with_the_months_name_are_read_as_SAS_Oracle_and_Excel_write_them()
    {
        // SAS's DATE9 and DATETIME, Oracle's DD-MON-YY, Excel's d-mmm-yy, and the month in full.
        var (frame, report) = Csv.FromText("id,sas,sas_time,oracle,excel,written\n"
            + "1,16NOV1964,16NOV1964:10:30:00,16-NOV-64,1-Jan-29,16 November 1964\n"
            + "2,01jan2020,01JAN2020:00:00:05,29-FEB-00,31-Dec-30,3 March 2021\n"
            + "3,,,,,\n");
        Assert.Equal(new object?[] { new DateTime(1964, 11, 16), new DateTime(2020, 1, 1), null }, Enumerable.Range(0, 3).Select(r => frame.Columns["sas"][r]).ToArray());
        Assert.Equal(new DateTime(1964, 11, 16, 10, 30, 0), frame.Columns["sas_time"][0]);
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 5), frame.Columns["sas_time"][1]);
        Assert.Equal(new object?[] { new DateTime(1964, 11, 16), new DateTime(2000, 2, 29), null }, Enumerable.Range(0, 3).Select(r => frame.Columns["oracle"][r]).ToArray());
        Assert.Equal(new object?[] { new DateTime(2029, 1, 1), new DateTime(1930, 12, 31), null }, Enumerable.Range(0, 3).Select(r => frame.Columns["excel"][r]).ToArray());
        Assert.Equal(new DateTime(2021, 3, 3), frame.Columns["written"][1]);
        Assert.Contains(report.Notes, n => n == "Column 'sas' writes dates with the month's name (such as 16NOV1964): read as dates.");
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'oracle' writes dates with the month's name (such as 16-NOV-64): read as dates. Its two-digit years (such as 16-NOV-64) are read as Excel reads them") && n.Contains("its first rows hold 1964 to 2000."));
        Assert.DoesNotContain(report.Notes, n => n.StartsWith("Column 'sas'") && n.Contains("two-digit"));

        // A day the month does not have, a name that is no month, or a time joined the wrong way: not dates.
        var (wrong, _) = Csv.FromText("a,b,c\n31APR2020,16NOX1964,16-NOV-1964:10:30:00\n16NOV1964,16NOV1964,16-NOV-1964\n");
        Assert.All(new[] { "a", "b", "c" }, c => Assert.IsNotType<PrimitiveDataFrameColumn<DateTime>>(wrong.Columns[c], exactMatch: false));
    }

    [Fact]
    public void A_two_digit_year_below_first_rows_of_four_digit_years_is_set_aside_and_a_scoring_file_reads_its_own_convention()
    {
        // The first rows decide: four-digit years only, so a later "16-NOV-64" is not guessed at but set aside with the reason.
        var text = "born\n" + string.Join("", Enumerable.Range(0, 200).Select(i => $"{i % 28 + 1}-Mar-19{40 + i % 50}\n")) + "16-NOV-64\n";
        var (frame, report) = Csv.FromText(text, options: Quarantine with { InferenceRows = 100 });
        Assert.Equal(200, frame.Rows.Count);
        var setAside = Assert.Single(report.Quarantined);
        Assert.Equal(202, setAside.Line);
        Assert.Contains("a date with the month's name (16NOV1964)", setAside.Detail);

        // A saved model's schema names the column a date; the file it scores shows two-digit years in its first rows.
        var schema = new CsvOptions { Schema = new CsvSchema { ["born"] = ColumnType.DateTime } };
        var (scored, scoredReport) = Csv.FromText("born\n16-NOV-64\n01-JAN-05\n", options: schema);
        Assert.Equal(new object?[] { new DateTime(1964, 11, 16), new DateTime(2005, 1, 1) }, Enumerable.Range(0, 2).Select(r => scored.Columns["born"][r]).ToArray());
        Assert.Equal(0, scoredReport.RowsQuarantined);
        Assert.Contains(scoredReport.Notes, n => n.StartsWith("Column 'born'") && n.Contains("two-digit years"));
    }

    [Fact]
    public void Quoted_fields_embedded_newlines_bom_and_crlf_load_intact()
    {
        var text = "name,note,amount\r\n\"Smith, J\",\"line one\r\nline two\",12.5\r\n\"O\"\"Brien\",plain,3\r\n";
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var (frame, report) = Csv.Load(WriteTemp(bytes));
        Assert.Equal("name", frame.Columns[0].Name);
        Assert.Equal("Smith, J", frame.Columns["name"][0]);
        Assert.Equal("line one\r\nline two", frame.Columns["note"][0]);
        Assert.Equal("O\"Brien", frame.Columns["name"][1]);
        Assert.Equal(3.0, frame.Columns["amount"][1]);
        Assert.Equal(2, report.RowsLoaded);
    }

    [Fact]
    public void Empty_file_fails_naming_the_file()
    {
        var path = WriteTemp("", "empty.csv");
        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path, Quarantine));
        Assert.Equal($"{path} is empty: expected a header row with column names on line 1.", e.Message);
        Assert.Equal("empty file", e.Reason);
    }

    [Fact]
    public void Header_only_gives_typed_empty_columns_and_a_note()
    {
        var (frame, report) = Csv.FromText("a,b,c\n", options: new CsvOptions { Schema = new CsvSchema { ["a"] = ColumnType.Int32 } });
        Assert.Equal(0, frame.Rows.Count);
        Assert.Equal(new[] { "a", "b", "c" }, frame.Columns.Select(c => c.Name));
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["a"]);
        Assert.Equal(new[] { ColumnType.Int32, ColumnType.Text, ColumnType.Text }, report.Columns.Select(c => c.Type));
        Assert.Equal(0, report.RowsRead);
        Assert.Contains("The file has a header but no data rows: columns without a schema type are read as Text.", report.Notes);
    }

    [Fact]
    public void Duplicate_header_names_are_renamed_with_a_note()
    {
        var (frame, report) = Csv.FromText("id,amount,amount,amount\n1,2,3,4\n");
        Assert.Equal(new[] { "id", "amount", "amount_2", "amount_3" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(3, frame.Columns["amount_2"][0]);
        Assert.Equal(
            new[] { "The header repeats 'amount' (column 3): that column is called 'amount_2'.", "The header repeats 'amount' (column 4): that column is called 'amount_3'." },
            report.Notes);
    }

    [Fact]
    public void A_header_repeating_one_name_thousands_of_times_is_named_with_a_few_notes_and_an_endless_header_is_refused()
    {
        // Hostile or broken exports: 20,000 columns all called 'a' (named in O(n²) before: minutes at 100,000), and a
        // header of 100,001 fields, as a file of one line without line breaks gives.
        var (frame, report) = Csv.FromText(string.Join(',', Enumerable.Repeat("a", 20_000)) + "\n" + string.Join(',', Enumerable.Repeat("1", 20_000)) + "\n");
        Assert.Equal(20_000, frame.Columns.Count);
        Assert.Equal(new[] { "a", "a_2", "a_3" }, frame.Columns.Take(3).Select(c => c.Name));
        Assert.Equal("a_20000", frame.Columns[19_999].Name);
        Assert.Equal(11, report.Notes.Count(n => n.StartsWith("The header repeats")));
        Assert.Contains("The header repeats names 19,989 more time(s): each such column is called by its name and the next free number (name_2, name_3, …).", report.Notes);

        var error = Assert.Throws<CsvLoadException>(() => Csv.FromText(string.Join(',', Enumerable.Range(0, 100_001).Select(i => $"c{i}")), "one-line.csv"));
        Assert.Equal("one-line.csv line 1: the header has 100,001 fields, more than the 100,000 columns a file is read with: is the file one line without line breaks, or a matrix to transpose?", error.Message);
    }

    [Fact]
    public void Ragged_row_fails_by_default_naming_file_and_line()
    {
        var path = WriteTemp("a,b,c\n1,2,3\n4,5\n6,7,8\n", "ragged.csv");
        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path));
        Assert.Equal($"{path} line 3: ragged row: 2 fields where the header has 3. (Use CsvOptions.OnBadRow = BadRows.Quarantine to set such rows aside.)", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Quarantine_counts_ragged_rows_and_keeps_the_rest()
    {
        var (frame, report) = Csv.FromText("a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n", options: Quarantine);
        Assert.Equal(4, report.RowsRead);
        Assert.Equal(2, report.RowsLoaded);
        Assert.Equal(2, report.RowsQuarantined);
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(new[] { 1, 6 }, frame.Columns["a"].Cast<int?>().Select(v => v!.Value));
        Assert.Equal(new Dictionary<string, int> { ["ragged row"] = 2 }, report.ReasonCounts);
        Assert.Equal(new long[] { 3, 5 }, report.Quarantined.Select(q => q.Line));
        Assert.Equal(new[] { "4,5", "9,10,11,12" }, report.Quarantined.Select(q => q.RawText));
        Assert.Equal("ragged row: 4 fields where the header has 3", report.Quarantined[1].Detail);
        Assert.Equal("text: 4 rows read, 2 loaded, 2 quarantined (ragged row: 2)", report.ToString());
    }

    [Fact]
    public void Unterminated_quote_is_reported_with_the_lines_it_swallowed()
    {
        var text = "a,b\n1,x\n2,\"open\n3,y\n4,z\n";
        var e = Assert.Throws<CsvLoadException>(() => Csv.FromText(text, "open.csv"));
        Assert.Equal("open.csv line 3: the quote opened on line 3 is never closed, so lines 3–5 were read as one row. (Use CsvOptions.OnBadRow = BadRows.Quarantine to set such rows aside.)", e.Message);

        var (frame, report) = Csv.FromText(text, "open.csv", Quarantine);
        Assert.Equal(1, frame.Rows.Count);
        Assert.Equal(2, report.RowsRead);
        Assert.Equal(new Dictionary<string, int> { ["unterminated quote"] = 1 }, report.ReasonCounts);
        Assert.Equal(3, report.Quarantined[0].Line);
        Assert.Equal("2,\"open\n3,y\n4,z\n", report.Quarantined[0].RawText);
    }

    [Fact]
    public void Stray_quote_is_malformed_quoting()
    {
        var (frame, report) = Csv.FromText("a,b\n1,ab\"c\n2,ok\n", options: Quarantine);
        Assert.Equal(1, frame.Rows.Count);
        Assert.Equal("malformed quoting", report.Quarantined.Single().Reason);
        Assert.Equal("a quote inside an unquoted field", report.Quarantined.Single().Detail);
        Assert.Equal(2, report.Quarantined.Single().Line);
    }

    [Fact]
    public void Wrong_type_in_a_schema_typed_column_names_file_line_column_and_value()
    {
        var options = new CsvOptions { Schema = new CsvSchema { ["age"] = ColumnType.Int32 } };
        var e = Assert.Throws<CsvLoadException>(() => Csv.FromText("id,age\nC1,41\nC2,forty\n", "people.csv", options));
        Assert.Equal("people.csv line 3: column 'age' expects a whole number (Int32) (Int32, from the schema), found 'forty'. (Use CsvOptions.OnBadRow = BadRows.Quarantine to set such rows aside.)", e.Message);
        Assert.Equal(("people.csv", 3L, "age", "forty", "wrong type"), (e.File, e.Line, e.Column, e.Value, e.Reason));

        var (frame, report) = Csv.FromText("id,age\nC1,41\nC2,forty\nC3,3.5\nC4,7\n", "people.csv", options with { OnBadRow = BadRows.Quarantine });
        Assert.Equal(new[] { 41, 7 }, frame.Columns["age"].Cast<int?>().Select(v => v!.Value));
        Assert.Equal(new Dictionary<string, int> { ["wrong type"] = 2 }, report.ReasonCounts);
        Assert.Equal(new[] { "forty", "3.5" }, report.Quarantined.Select(q => q.Value));
        Assert.All(report.Quarantined, q => Assert.Equal("age", q.Column));
    }

    [Fact]
    public void Schema_naming_a_column_the_header_lacks_fails()
    {
        var options = new CsvOptions { Schema = new CsvSchema { ["agee"] = ColumnType.Int32 } };
        var e = Assert.Throws<CsvLoadException>(() => Csv.FromText("id,age\nC1,41\n", "people.csv", options));
        Assert.Equal("people.csv: the schema names column 'agee', which the header lacks (it has: id, age).", e.Message);
    }

    [Fact]
    public void Inferred_integer_column_widens_to_double_with_a_note()
    {
        var sb = new StringBuilder("n\n");
        for (int i = 0; i < 5; i++) sb.Append(i).Append('\n');
        sb.Append("2.5\n");
        var (frame, report) = Csv.FromText(sb.ToString(), options: new CsvOptions { InferenceRows = 3 });
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["n"]);
        Assert.Equal(2.5, frame.Columns["n"][5]);
        Assert.Equal(4.0, frame.Columns["n"][4]);
        Assert.Equal("Column 'n' was inferred as Int32 from the first rows; line 7 holds a value that needs Double, so it was widened to Double.", Assert.Single(report.Notes));
    }

    [Fact]
    public void Text_after_inference_window_in_a_numeric_column_is_a_bad_value()
    {
        var (frame, report) = Csv.FromText("n\n1\n2\nthree\n4\n", options: Quarantine with { InferenceRows = 2 });
        Assert.Equal(3, frame.Rows.Count);
        Assert.Equal("column 'n' expects a whole number (Int32) (Int32, inferred from the first 2 rows: give CsvOptions.Schema to read it otherwise), found 'three'", report.Quarantined.Single().Detail);
    }

    [Fact]
    public void NaN_text_is_missing_and_infinity_is_a_bad_value()
    {
        var (frame, report) = Csv.FromText("x,y\n1.5,a\nNaN,b\nnan,c\nInfinity,d\n-Infinity,e\n2,f\n", options: Quarantine);
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["x"]);
        Assert.Equal(4, frame.Rows.Count);
        Assert.Equal(2, frame.Columns["x"].NullCount);
        Assert.Equal(new Dictionary<string, int> { ["non-finite number"] = 2 }, report.ReasonCounts);
        Assert.Equal(new long[] { 5, 6 }, report.Quarantined.Select(q => q.Line));
        Assert.Equal("column 'x' holds 'Infinity': infinite numbers are not accepted (NaN is read as missing)", report.Quarantined[0].Detail);
        Assert.Contains("Column 'x': 2 texts that mean no value in a number column (NaN, NA, N/A, #N/A, NULL, None or ?) were read as missing values.", report.Notes);
    }

    [Fact]
    public void The_no_value_texts_of_public_data_sets_are_missing_in_number_columns_and_values_elsewhere()
    {
        // Give Me Some Credit writes NA (R), spreadsheets #N/A, databases NULL, the UCI repository ?; "NA" is also Namibia.
        var (frame, report) = Csv.FromText(
            "income,dependents,country,active\n5400,2,NA,yes\nNA,0,DE,no\nN/A,1,NA,NA\n#N/A,?,FR,yes\nnull,NULL,NA,no\nNone,3,DE,yes\n6100,none,FR,no\n");
        Assert.Equal(7, frame.Rows.Count);
        Assert.Empty(report.Quarantined);
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["income"]);
        Assert.Equal(5, frame.Columns["income"].NullCount);
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["dependents"]);
        Assert.Equal(3, frame.Columns["dependents"].NullCount);
        Assert.Equal(3, frame.Columns["country"].Cast<object?>().Count(v => v?.ToString() == "NA"));
        Assert.Equal(0, frame.Columns["country"].NullCount);
        // yes/no with an NA among them is not true/false: NA stays a category of its own.
        Assert.NotEqual(ColumnType.Boolean, ColumnTypes.Of(frame.Columns["active"]));
        Assert.Equal(1, frame.Columns["active"].Cast<object?>().Count(v => v?.ToString() == "NA"));
        // A column of such words alone is words: "none" is also an anomaly type.
        var (words, _) = Csv.FromText("anomaly_type\nnone\nnone\nnone\n");
        Assert.NotEqual(ColumnType.Double, ColumnTypes.Of(words.Columns["anomaly_type"]));
        Assert.Equal(0, words.Columns["anomaly_type"].NullCount);
        Assert.Contains("Column 'income': 5 texts that mean no value in a number column (NaN, NA, N/A, #N/A, NULL, None or ?) were read as missing values.", report.Notes);
    }

    [Fact]
    public void A_few_words_standing_for_no_value_in_a_number_column_are_read_as_missing_counted_and_kept_when_a_schema_reads_the_file()
    {
        // HMDA's public loan register writes "Exempt" where a small lender need not report a ratio, beside NA.
        var text = new System.Text.StringBuilder("loan_to_value_ratio,property_value,dti,units,year,code\n");
        for (int i = 0; i < 200; i++)
            text.Append(i % 25 == 3 ? "Exempt" : i % 30 == 4 ? "NA" : (60 + i * 0.173).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(i % 25 == 3 ? "Exempt" : i % 40 == 5 ? "Not available" : (100_000 + i * 5_000).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(i % 3 == 0 ? "<20%" : (20 + i % 30).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')   // ranges beside numbers: not words
                .Append(i % 10 == 0 ? "Other" : (1 + i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')    // a few codes and a word: a category
                .Append(i == 7 ? "1976A" : (1960 + i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')     // a digit in the odd value: as before
                .Append(i % 2 == 0 ? "Exempt" : (i * 3).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');      // as many words as numbers: as before
        string path = WriteTemp(text.ToString());
        var (frame, report) = Csv.Load(path);

        Assert.Equal(200, frame.Rows.Count);
        Assert.Empty(report.Quarantined);
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["loan_to_value_ratio"]);
        Assert.Equal(8 + 7, frame.Columns["loan_to_value_ratio"].NullCount);          // 8 Exempt, 7 NA (no row is both)
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["property_value"]);
        Assert.Equal(8 + 5, frame.Columns["property_value"].NullCount);
        Assert.Equal(100_000 + 5_000, frame.Columns["property_value"][1]);
        Assert.Contains("Column 'loan_to_value_ratio': 'Exempt' in 8 rows read as missing values.", report.Notes);
        Assert.Contains("Column 'property_value': 'Exempt' in 8 rows, 'Not available' in 5 rows read as missing values.", report.Notes);
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'property_value' holds numbers (such as 100000) and 'Exempt' and 'Not available' in 13 of its first 200 rows: read as numbers, each word as a missing value"));
        Assert.False(ColumnTypes.IsNumeric(frame.Columns["dti"]));
        Assert.Equal(ColumnType.Category, ColumnTypes.Of(frame.Columns["units"]));
        Assert.NotEqual(ColumnType.Int32, ColumnTypes.Of(frame.Columns["year"]));
        Assert.NotEqual(ColumnType.Int32, ColumnTypes.Of(frame.Columns["code"]));
        // A long note in a number column is no word for no value (a saved model could not hold it): the column stays text.
        var note = new string('x', CsvLoader.MaxNoValueWordLength + 1);
        var (noted, _) = Csv.FromText("amount\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => i == 5 ? note : (i * 3.5).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n");
        Assert.False(ColumnTypes.IsNumeric(noted.Columns["amount"]));

        // A saved model's schema stays strict: nothing says the model learned those words as no value, so their rows are
        // set aside, each named, rather than scored with a value filled in.
        var schema = new CsvOptions { Schema = new CsvSchema { ["loan_to_value_ratio"] = ColumnType.Double, ["property_value"] = ColumnType.Double }, OnBadRow = BadRows.Quarantine };
        var (typed, typedReport) = Csv.Load(path, schema);
        Assert.Equal(200 - 8 - 5, typed.Rows.Count);
        Assert.Equal(13, typedReport.Quarantined.Count);
        Assert.Contains(typedReport.Quarantined, q => q.Column == "loan_to_value_ratio" && q.Value == "Exempt");
        Assert.DoesNotContain(typedReport.Notes, n => n.Contains("read as missing values") && n.Contains("Exempt"));
    }

    [Fact]
    public void A_word_for_no_value_beside_percentages_or_amounts_in_a_currency_is_read_as_missing_in_that_convention()
    {
        // A loan book's rates written 13.5% with "unknown" where none was recorded; balances written £1,234.50 with "-"
        // for none; a column of 12%, 7% and "n.a." beside "<5%" stays as it was (a range is no number).
        var text = new System.Text.StringBuilder("int_rate,balance,band\n");
        var c = System.Globalization.CultureInfo.InvariantCulture;
        for (int i = 0; i < 120; i++)
            text.Append(i % 17 == 5 ? "unknown" : (5 + i * 0.13).ToString("0.00", c) + "%").Append(',')
                .Append(i % 11 == 2 ? "-" : "\"£" + (900 + i * 37.25).ToString("#,##0.00", c) + "\"").Append(',')
                .Append(i % 9 == 0 ? "n.a." : i % 4 == 0 ? "<5%" : (5 + i).ToString(c) + "%").Append('\n');
        string path = WriteTemp(text.ToString());
        var (frame, report) = Csv.Load(path);

        Assert.Empty(report.Quarantined);
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["int_rate"]);
        Assert.Equal(7, frame.Columns["int_rate"].NullCount);
        Assert.Equal(5.13, (double)frame.Columns["int_rate"][1]!, 10);
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["balance"]);
        Assert.Equal(11, frame.Columns["balance"].NullCount);
        Assert.Equal(1_086.25, (double)frame.Columns["balance"][5]!, 10);
        Assert.False(ColumnTypes.IsNumeric(frame.Columns["band"]));
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'int_rate' writes numbers as percentages"));
        Assert.Contains(report.Notes, n => n.StartsWith("Column 'int_rate' holds numbers (such as 5.00%) and 'unknown' in 7 of its first 120 rows: read as numbers"));
        Assert.Contains("Column 'balance': '-' in 11 rows read as missing values.", report.Notes);
        Assert.DoesNotContain(report.Notes, n => n.Contains("'band'"));
    }

    [Fact]
    public void A_schema_finds_a_column_whose_header_is_empty_by_the_name_the_loader_gives_it()
    {
        // Public files exported with their row index (Give Me Some Credit) start the header with an empty name.
        string path = WriteTemp(",label,income\n1,0,5400\n2,1,NA\n3,0,6100\n");
        var (plain, _) = Csv.Load(path);
        Assert.Equal("column_1", plain.Columns[0].Name);
        var (typed, report) = Csv.Load(path, new CsvOptions { Schema = new CsvSchema { ["column_1"] = ColumnType.Double, ["income"] = ColumnType.Double } });
        Assert.IsType<DoubleDataFrameColumn>(typed.Columns["column_1"]);
        Assert.Equal(1, typed.Columns["income"].NullCount);
        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path, new CsvOptions { Schema = new CsvSchema { ["salary"] = ColumnType.Double } }));
        Assert.Contains("it has: column_1, label, income", e.Message);
    }

    [Fact]
    public void A_file_saved_by_excel_as_windows_1252_is_read_again_in_that_encoding_with_a_note()
    {
        // Excel's "CSV (Comma delimited)": £ is the one byte 0xA3, é 0xE9, € 0x80; none of them is valid UTF-8.
        var cp1252 = CodePages(1252);
        string text = "id,city,income\n1,Paris,\"£1,234.50\"\n2,Liège,£950\n3,Köln,£12\n";
        foreach (var mode in new[] { BadRows.Fail, BadRows.Quarantine })
        {
            var (frame, report) = Csv.Load(WriteTemp(cp1252.GetBytes(text), "excel.csv"), new CsvOptions { OnBadRow = mode });
            Assert.Equal(new object?[] { "Paris", "Liège", "Köln" }, Enumerable.Range(0, 3).Select(r => frame.Columns["city"][r]).ToArray());
            Assert.Equal(new object?[] { 1234.5, 950.0, 12.0 }, Enumerable.Range(0, 3).Select(r => frame.Columns["income"][r]).ToArray());
            Assert.Equal(0, report.RowsQuarantined);
            Assert.StartsWith("The file is not UTF-8 (line 2 holds other bytes): read as Windows-1252", report.Notes[0]);
        }
        // The same file scored by a saved model's schema reads alike.
        var (typed, typedReport) = Csv.Load(WriteTemp(cp1252.GetBytes(text), "excel.csv"), new CsvOptions { OnBadRow = BadRows.Quarantine, Schema = new CsvSchema { ["income"] = ColumnType.Double } });
        Assert.Equal(1234.5, typed.Columns["income"][0]);
        Assert.Equal(0, typedReport.RowsQuarantined);
    }

    private static Encoding CodePages(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }

    [Fact]
    public void A_damaged_byte_in_a_utf8_file_is_rejected_with_an_encoding_hint()
    {
        // "café" with a byte gone wrong, in a file whose other non-ASCII text ("Liège") is UTF-8: not re-read, refused.
        var bytes = Encoding.UTF8.GetBytes("id,city\n1,Liège\n2,caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes("\n3,Rome\n")).ToArray();
        var path = WriteTemp(bytes, "damaged.csv");
        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path));
        Assert.Equal(3, e.Line);
        Assert.Equal("city", e.Column);
        Assert.Equal("invalid UTF-8", e.Reason);
        Assert.Contains("holds bytes that are not valid UTF-8 ('caf\uFFFD'): the file is probably Latin-1 or Windows-1252, so pass CsvOptions.Encoding", e.Message);

        var (frame, report) = Csv.Load(path, Quarantine);
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(new Dictionary<string, int> { ["invalid UTF-8"] = 1 }, report.ReasonCounts);

        // An encoding given is the encoding used: a Latin-1 file read as Latin-1.
        var (decoded, _) = Csv.Load(WriteTemp(Encoding.ASCII.GetBytes("id,city\n1,Paris\n2,caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes("\n")).ToArray(), "latin1.csv"), new CsvOptions { Encoding = Encoding.Latin1 });
        Assert.Equal("café", decoded.Columns["city"][1]);
    }

    [Fact]
    public void Very_long_field_loads_intact()
    {
        var longText = new string('x', 3_000_000);
        var (frame, report) = Csv.Load(WriteTemp($"id,note\n1,\"{longText}\"\n2,short\n"));
        Assert.Equal(3_000_000, ((string)frame.Columns["note"][0]).Length);
        Assert.Equal("short", frame.Columns["note"][1]);
        Assert.Equal(2, report.RowsLoaded);
    }

    [Fact]
    public void Trailing_delimiter_on_every_line_is_ignored_with_a_note()
    {
        var (frame, report) = Csv.FromText("a,b,\n1,2,\n3,4,\n");
        Assert.Equal(new[] { "a", "b" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal("The header ends with a delimiter and no row has a value in that last, unnamed column: it was left out.", Assert.Single(report.Notes));
    }

    [Fact]
    public void Trailing_delimiter_on_rows_only_is_not_ragged()
    {
        var (frame, report) = Csv.FromText("a,b\n1,2,\n3,4\n", options: Quarantine);
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(0, report.RowsQuarantined);
        Assert.Equal("1 rows end with a trailing delimiter: the empty field after it was ignored.", Assert.Single(report.Notes));
    }

    [Fact]
    public void Report_renders_escaped_html()
    {
        var (_, report) = Csv.FromText("a,b\n1,x\n<script>\n", "<evil>.csv", Quarantine);
        var html = Reports.Html(report);
        Assert.Contains("&lt;evil&gt;.csv", html);
        Assert.Contains("<code>&lt;script&gt;</code>", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("ragged row", html);
    }

    [Fact]
    public void Stream_and_file_loads_agree()
    {
        var text = "a,b\n1,x\n2,y\n";
        var path = WriteTemp(text);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var (fromStream, _) = Csv.Load(stream, "memory");
        var (fromFile, _) = Csv.Load(path);
        Assert.Equal(fromFile.ToString(), fromStream.ToString());
    }

    [Fact]
    public void Iso_times_with_a_zone_become_utc_and_schema_formats_read_other_dates()
    {
        var (frame, _) = Csv.FromText("at,opened\n2025-03-01T10:00:00+02:00,01/02/2024\n2025-03-01T08:30:00.5Z,31/12/2023\n",
            options: new CsvOptions { Schema = new CsvSchema { ["opened"] = ColumnType.DateTime }, DateTimeFormats = new[] { "dd/MM/yyyy" } });
        var at = (DateTime)frame.Columns["at"][0];
        Assert.Equal(new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc), at);
        Assert.Equal(DateTimeKind.Utc, at.Kind);
        Assert.Equal(new DateTime(2025, 3, 1, 8, 30, 0, 500, DateTimeKind.Utc), frame.Columns["at"][1]);
        Assert.Equal(new DateTime(2024, 2, 1), ((DateTime)frame.Columns["opened"][0]).Date);
        Assert.Equal(new DateTime(2023, 12, 31), ((DateTime)frame.Columns["opened"][1]).Date);
    }

    [Fact]
    public void Extra_missing_value_texts_are_read_as_missing()
    {
        var (frame, report) = Csv.FromText("x,country\n1,NA\nNULL,GB\n3,NA\n", options: new CsvOptions { MissingValues = new[] { "NULL" } });
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["x"]);
        Assert.Null(frame.Columns["x"][1]);
        Assert.Equal("NA", frame.Columns["country"][0]);
        Assert.Equal(1, report.Columns[0].Missing);
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void Columns_grow_past_the_first_estimate_without_losing_values()
    {
        // A stream of unknown length gives no size estimate, so every column grows many times.
        var sb = new StringBuilder("n,x,when\n");
        for (int i = 0; i < 5000; i++) sb.Append(i).Append(',').Append(i % 7 == 0 ? "" : (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",2025-01-01\n");
        using var stream = new ForwardOnlyStream(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())));
        var (frame, report) = Csv.Load(stream, "stream", new CsvOptions { InferenceRows = 10 });
        Assert.Equal(5000, frame.Rows.Count);
        Assert.Equal(4999, frame.Columns["n"][4999]);
        Assert.Equal(2498.5, frame.Columns["x"][4997]);
        Assert.Null(frame.Columns["x"][4991]);
        Assert.Equal(715, frame.Columns["x"].NullCount);
        Assert.Equal(new DateTime(2025, 1, 1), frame.Columns["when"][4999]);
        Assert.Equal(0, report.Bytes);
    }

    [Fact]
    public void Unusable_options_are_refused_naming_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => Csv.FromText("a\n1\n", options: new CsvOptions { Delimiter = '"' }));
        Assert.StartsWith("CsvOptions.Delimiter '\"' cannot separate fields", e.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => Csv.FromText("a\n1\n", options: new CsvOptions { InferenceRows = 0 }));
        Assert.StartsWith("CsvOptions.InferenceRows must be at least 1.", e2.Message);
    }
}
