using System.Globalization;
using System.Text;
using Foundations.Data;

namespace Foundations.Tests.Data;

/// <summary>Large files are read in two halves at once: the result must be exactly the one-pass result.</summary>
public class CsvSplitLoadTests
{
    private static string File(out int rows)
    {
        var sb = new StringBuilder("id,amount,count,note,when,flag\r\n");
        rows = 3000;
        for (int i = 0; i < rows; i++)
        {
            string amount = i % 11 == 0 ? "" : (i * 1.25).ToString(CultureInfo.InvariantCulture);
            string count = i == 2500 ? "3000000000" : (i % 13).ToString(CultureInfo.InvariantCulture);   // widens to Int64 in the second half
            string note = i % 17 == 0 ? "\"two\r\nlines, quoted\"" : i % 3 == 0 ? "north" : "south";
            if (i == 700) sb.Append("C700,1,2\r\n");                                                  // ragged, first half
            else if (i == 2200) sb.Append("C2200,abc,1,x,2025-01-01,true\r\n");                       // wrong type, second half
            else if (i == 2900) sb.Append("C2900,1,1,x,2025-01-01,true,\r\n");                        // trailing delimiter
            else sb.Append($"C{i},{amount},{count},{note},2025-01-{1 + i % 28:00},{(i % 2 == 0 ? "true" : "false")}\r\n");
        }
        var path = Path.Combine(Path.GetTempPath(), $"split-{Guid.NewGuid():N}.csv");
        System.IO.File.WriteAllText(path, sb.ToString(), new UTF8Encoding(true));
        return path;
    }

    [Fact]
    public void Two_halves_give_the_one_pass_result_with_bad_rows_in_order()
    {
        var path = File(out int rows);
        var options = new CsvOptions { OnBadRow = BadRows.Quarantine, InferenceRows = 100, Schema = new CsvSchema { ["amount"] = ColumnType.Double } };
        var (serial, serialReport) = Csv.Load(path, options with { SplitFromBytes = long.MaxValue });
        var (split, splitReport) = Csv.Load(path, options with { SplitFromBytes = 1 });

        Assert.Equal(rows, splitReport.RowsRead);
        Assert.Equal(rows - 2, splitReport.RowsLoaded);
        Assert.Equal(serialReport.Quarantined, splitReport.Quarantined);
        Assert.Equal(serialReport.Notes, splitReport.Notes);
        Assert.Equal(serialReport.Columns, splitReport.Columns);
        Assert.Equal(new[] { "ragged row", "wrong type" }, splitReport.Quarantined.Select(q => q.Reason));
        Assert.Contains(splitReport.Notes, n => n.StartsWith("Column 'count' was inferred as Int32", StringComparison.Ordinal));
        foreach (var column in serial.Columns)
        {
            var other = split.Columns[column.Name];
            Assert.Equal(column.GetType(), other.GetType());
            Assert.Equal(column.NullCount, other.NullCount);
            for (long r = 0; r < column.Length; r++) Assert.Equal(column[r], other[r]);
        }
        System.IO.File.Delete(path);
    }

    [Fact]
    public void Fail_reports_the_first_bad_line_even_when_the_second_half_fails_too()
    {
        var path = File(out _);
        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path, new CsvOptions { InferenceRows = 100, SplitFromBytes = 1 }));
        Assert.Equal("ragged row", e.Reason);
        var serial = Assert.Throws<CsvLoadException>(() => Csv.Load(path, new CsvOptions { InferenceRows = 100, SplitFromBytes = long.MaxValue }));
        Assert.Equal(serial.Message, e.Message);
        System.IO.File.Delete(path);
    }
}
