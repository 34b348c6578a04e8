using System.IO.Compression;
using System.Text;
using Foundations.Data;

namespace Foundations.Tests.Data;

/// <summary>ARFF files, as Weka writes them and OpenML serves its data sets, are read as the CSV of their @data rows.</summary>
public class CsvArffTests
{
    // As OpenML's credit-g: a comment block, nominal values quoted (one holding a comma), a quoted name with a space,
    // '?' for a missing value, a date and a string attribute; line 13 holds a duration that is no number.
    private const string CreditG = """
        % German credit data, as OpenML serves it
        % (a description of many lines comes first)
        @RELATION german_credit

        @attribute checking_status { '<0', '0<=X<200', 'no checking'}
        @attribute duration NUMERIC
        @attribute 'credit amount' real
        @attribute purpose {'new car','radio, tv',business}
        @attribute opened date "yyyy-MM-dd"
        @attribute remark string
        @attribute class {good,bad}
        @data
        '<0',6,1169,'radio, tv',2019-07-28,'said \'later\'',good
        % a comment between rows
        'no checking', 48 , ?,business,2020-01-03,?,bad
        '0<=X<200',twelve,5951,'new car',2021-12-31,'?',good
        """;

    private static string Write(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "fn-csv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    [Fact]
    public void An_arff_file_is_read_with_its_attribute_names_and_missing_values_and_rows_keep_the_files_line_numbers()
    {
        string path = Write("credit-g.arff", CreditG);

        var (frame, report) = Csv.Load(path, new CsvOptions { OnBadRow = BadRows.Quarantine, Schema = new CsvSchema { ["duration"] = ColumnType.Int32 } });

        Assert.Equal(new[] { "checking_status", "duration", "credit amount", "purpose", "opened", "remark", "class" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(new object?[] { "<0", 6, 1169, "radio, tv", new DateTime(2019, 7, 28), "said 'later'", "good" }, frame.Columns.Select(c => c[0]).ToArray());
        Assert.Equal(new object?[] { "no checking", 48, null, "business", new DateTime(2020, 1, 3), null, "bad" }, frame.Columns.Select(c => c[1]).ToArray());
        // The third row's duration is no number: set aside naming the ARFF file's own line, 16.
        var bad = Assert.Single(report.Quarantined);
        Assert.Equal(16, bad.Line);
        Assert.Equal("twelve", bad.Value);
        Assert.Equal("The file is in ARFF (Weka, OpenML): 7 columns named by its @attribute lines (3 nominal, 2 numeric, 1 date, 1 string), 3 rows from its @data section; '?' is a missing value, and line numbers below are the file's.", report.Notes[0]);
    }

    [Fact]
    public void A_gzip_compressed_arff_file_is_read_as_the_plain_one()
    {
        string plain = Write("credit-g.arff", CreditG);
        string packed = plain + ".gz";
        using (var gz = new GZipStream(File.Create(packed), CompressionLevel.Optimal)) gz.Write(File.ReadAllBytes(plain));

        var (fromPlain, _) = Csv.Load(plain, new CsvOptions { OnBadRow = BadRows.Quarantine });
        var (fromPacked, report) = Csv.Load(packed, new CsvOptions { OnBadRow = BadRows.Quarantine });

        Assert.Equal(fromPlain.Columns.Select(c => c.Name), fromPacked.Columns.Select(c => c.Name));
        for (int r = 0; r < 3; r++)
            Assert.Equal(fromPlain.Columns.Select(c => c[r]), fromPacked.Columns.Select(c => c[r]));
        Assert.StartsWith("The file is gzip-compressed: read from the ", report.Notes[0]);
        Assert.Contains("The file is in ARFF (Weka, OpenML)", report.Notes[0]);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(plain)!, "*.csv"));
    }

    [Theory]
    [InlineData("@relation r\n@attribute a numeric\n@attribute b numeric\n@data\n1,2\n{0 5, 1 6}\n", "line 6: the ARFF file holds a sparse row")]
    [InlineData("@relation r\n@attribute a numeric\n@attribute bag relational\n@end bag\n@data\n", "line 3: the ARFF file has a relational attribute ('bag')")]
    [InlineData("@relation r\n@attribute a numeric\n@attribute b money\n@data\n1,2\n", "line 3: the ARFF file has an @attribute of unknown type 'money' ('b')")]
    [InlineData("% nothing but a header\n@relation r\n@attribute a numeric\n", "line 3: the ARFF file has no @data line")]
    public void An_arff_file_the_kit_cannot_read_is_refused_naming_its_line(string text, string expected)
    {
        string path = Write("bad.arff", text);
        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path));
        Assert.StartsWith($"{path} {expected}", e.Message);
    }

    [Fact]
    public void A_csv_whose_header_mentions_relation_is_still_a_csv()
    {
        string path = Write("family.csv", "@relation_type,age\nspouse,34\nchild,8\n");
        var (frame, report) = Csv.Load(path);
        Assert.Equal(new[] { "@relation_type", "age" }, frame.Columns.Select(c => c.Name));
        Assert.DoesNotContain(report.Notes, n => n.Contains("ARFF"));
    }
}
