using System.Text;
using Foundations.Data;

namespace Foundations.Tests.Data;

/// <summary>Files as the UCI repository and R write them: no header line, fields separated by spaces.</summary>
public class CsvWithoutHeaderTests
{
    // The shape of UCI's Japanese credit file (crx.data): no header, '?' for a missing value, '+'/'-' outcome.
    private const string Crx =
        "b,30.83,0,u,g,w,v,1.25,t,t,01,f,g,00202,0,+\n" +
        "a,58.67,4.46,u,g,q,h,3.04,t,t,06,f,g,00043,560,+\n" +
        "a,24.5,0.5,u,g,q,h,1.5,t,f,00,f,g,00280,824,-\n" +
        "b,?,1.54,u,g,w,v,3.75,t,t,05,t,g,00100,3,+\n" +
        "b,20.17,5.625,u,g,w,v,1.71,t,f,00,f,s,00120,0,-\n" +
        "a,32.08,4,u,g,m,v,2.5,t,f,00,t,g,00360,0,-\n";

    [Fact]
    public void A_file_without_a_header_keeps_its_first_line_as_a_row_and_numbers_the_columns()
    {
        var (frame, report) = Csv.FromText(Crx, "crx.data");
        Assert.Equal(Enumerable.Range(1, 16).Select(k => $"column_{k}"), frame.Columns.Select(c => c.Name));
        Assert.Equal(6, frame.Rows.Count);
        Assert.Equal(6, report.RowsRead);
        Assert.Equal(30.83, frame.Columns["column_2"][0]);
        Assert.Equal("+", frame.Columns["column_16"][0]?.ToString());
        Assert.Null(frame.Columns["column_2"][3]);
        Assert.Contains(report.Notes, n => n.StartsWith("Line 1 (b, 30.83, 0, u, …) holds values like the rows below it, not column names: the file has no header.") && n.Contains("target=column_16"));
        // No note about a repeated header name ('t' and 'g' twice on line 1): it is no header.
        Assert.DoesNotContain(report.Notes, n => n.Contains("repeats"));
    }

    [Fact]
    public void Whole_numbers_with_leading_zeros_are_read_as_codes_with_a_note_that_says_so()
    {
        var (frame, report) = Csv.FromText("branch,balance\n007,10\n012,20\n100,30\n", "branches.csv");
        Assert.Equal("007", frame.Columns["branch"][0]?.ToString());
        Assert.Contains(report.Notes, n => n == "Column 'branch' writes whole numbers with leading zeros (such as 007): read as codes, keeping the zeros, as for a branch or account code. If they are amounts or counts, give CsvOptions.Schema Double.");
        Assert.DoesNotContain(report.Notes, n => n.Contains("beyond Int64"));
    }

    [Theory]
    // Names over numbers: the usual header.
    [InlineData("age,income,region\n34,52000,north\n41,61000,south\n")]
    // Years or months as names over amounts, beside a name written unlike the values below it.
    [InlineData("customer,2019,2020,2021\nAnn Lee,5.2,3.1,4.0\nBo Chan,1.0,2.5,3.5\n")]
    [InlineData("region,1,2,3\nnorth,5.2,3.1,4.0\nsouth,1.0,2.5,3.5\n")]
    // A code column named in capitals over codes in small letters, a number column named by a word.
    [InlineData("GENDER,score\nm,0.5\nf,0.7\n")]
    // Words only, no number anywhere: names.
    [InlineData("a,b\nc,d\ne,f\n")]
    public void A_first_line_of_names_stays_the_header(string text)
    {
        var (frame, report) = Csv.FromText(text, "with-header.csv");
        Assert.DoesNotContain(frame.Columns, c => c.Name.StartsWith("column_"));
        Assert.Equal(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, frame.Rows.Count);
        Assert.DoesNotContain(report.Notes, n => n.Contains("no header"));
    }

    [Fact]
    public void A_model_trained_on_a_file_without_a_header_reads_another_alike_even_a_single_line()
    {
        var (trained, _) = Csv.FromText(Crx, "crx.data");
        // As a saved model's schema: the columns it reads, not the target (column_16) nor a column left out (column_14).
        var schema = new CsvSchema();
        foreach (var column in trained.Columns.Where(c => c.Name is not ("column_14" or "column_16")))
            schema[column.Name] = column.DataType == typeof(double) ? ColumnType.Double : ColumnType.Text;
        // One customer: no rows below line 1 to compare it with, but the schema's columns are numbered and line 1 names none.
        var (scored, report) = Csv.FromText("a,41.5,2,u,g,w,v,1,t,f,00,f,g,00100,5,-\n", "one.csv", new CsvOptions { Schema = schema });
        Assert.Equal(1, scored.Rows.Count);
        Assert.Equal(41.5, scored.Columns["column_2"][0]);
        Assert.Equal(0, report.RowsQuarantined);
    }

    [Fact]
    public void Fields_separated_by_single_spaces_or_aligned_with_runs_of_them_are_columns()
    {
        // UCI's australian.dat: one space between fields.
        var (single, singleReport) = Csv.FromText("1 22.08 11.46 2 0\n0 22.67 7 2 1\n0 29.58 1.75 1 1\n", "australian.dat");
        Assert.Equal(5, single.Columns.Count);
        Assert.Equal(3, single.Rows.Count);
        Assert.Equal(22.08, single.Columns["column_2"][0]);
        Assert.Equal(' ', singleReport.Delimiter);
        Assert.Contains("Fields are separated by spaces.", singleReport.Notes);
        // The report names the delimiter in words: a bare space would read as none.
        Assert.Contains("; delimiter space", Foundations.Interactive.Reports.Html(singleReport));

        // UCI's german.data-numeric: columns right-aligned in four characters.
        string aligned = "   1   6   4  12   1\n   2  48   2  60   2\n   4  12   4  21   1\n";
        var path = Path.Combine(Path.GetTempPath(), "fn-csv-tests", Guid.NewGuid().ToString("N"), "german.data-numeric");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, aligned);
        foreach (var (frame, report) in new[] { Csv.Load(path), Csv.FromText(aligned, "german.data-numeric") })
        {
            Assert.Equal(5, frame.Columns.Count);
            Assert.Equal(3, frame.Rows.Count);
            Assert.Equal(new object?[] { 1, 6, 4, 12, 1 }, frame.Columns.Select(c => c[0]));
            Assert.Equal(2, frame.Columns["column_5"][1]);
            Assert.Contains("Fields are separated by spaces, with columns aligned by runs of them: each run is read as one separator.", report.Notes);
        }

        // R's write.table: a header, quoted text holding spaces, which stay in the value.
        var (r, _) = Csv.FromText("\"name\" \"city\"  \"balance\"\n\"Ann  Lee\" \"New York\"  120.5\n\"Bo\" \"Leeds\"  80\n", "table.txt");
        Assert.Equal(new[] { "name", "city", "balance" }, r.Columns.Select(c => c.Name));
        Assert.Equal("Ann  Lee", r.Columns["name"][0]?.ToString());
        Assert.Equal("New York", r.Columns["city"][0]?.ToString());
        Assert.Equal(80.0, r.Columns["balance"][1]);
    }

    [Fact]
    public void A_ragged_line_in_an_aligned_file_is_set_aside_with_its_own_line_number()
    {
        // One line in ten short of a field: still a file of aligned columns, and that line is the one set aside.
        var text = new StringBuilder("  1  5  3\n  4  5  6\n  7  8\n");
        for (int i = 0; i < 9; i++) text.Append($" {10 + i,2} {20 + i,2} {30 + i,2}\n");
        var (frame, report) = Csv.FromText(text.ToString(), "aligned.txt", new CsvOptions { OnBadRow = BadRows.Quarantine });
        Assert.Equal(3, frame.Columns.Count);
        Assert.Equal(11, frame.Rows.Count);
        var bad = Assert.Single(report.Quarantined);
        Assert.Equal(3, bad.Line);
        Assert.Equal(12, report.RowsRead);
        Assert.Equal(38, frame.Columns["column_3"][10]);
    }

    [Fact]
    public void A_one_column_file_of_two_word_names_stays_one_column()
    {
        var (frame, _) = Csv.FromText("full name\nAnn Lee\nBo Chan\nCy Diaz\n", "names.csv");
        Assert.Equal(new[] { "full name" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(3, frame.Rows.Count);
    }

    [Fact]
    public void A_comma_file_whose_lines_hold_as_many_spaces_keeps_its_commas()
    {
        var (frame, report) = Csv.FromText("name,opened\nAnn Lee,2020-01-01 10:00\nBo Chan,2021-02-03 11:30\n", "people.csv");
        Assert.Equal(',', report.Delimiter);
        Assert.Equal(new[] { "name", "opened" }, frame.Columns.Select(c => c.Name));
    }
}
