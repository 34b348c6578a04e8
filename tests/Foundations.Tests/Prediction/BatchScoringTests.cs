using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Prediction;

[Trait("Speed", "Slow")]
[Collection(SharedModels.SampleBankPrediction)]
public class BatchScoringTests(SampleBankPrediction bank)
{
    private static string WriteNewCustomers(SampleBankPrediction bank, out int rows)
    {
        // Twelve test customers as a file, one with an age that is not there, one whose name is a spreadsheet formula.
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.DataSamples, "customers.csv")).Take(13).ToList();
        var header = lines[0].Split(',');
        int age = Array.IndexOf(header, "age"), name = Array.IndexOf(header, "name");
        var broken = lines[3].Split(',');
        broken[age] = "";
        lines[3] = string.Join(',', broken);
        var formula = lines[5].Split(',');
        formula[name] = "=HYPERLINK(\"http://x\")".Replace("\"", "\"\"");
        formula[name] = "\"" + formula[name] + "\"";
        lines[5] = string.Join(',', formula);
        rows = lines.Count - 1;
        string path = Path.Combine(RunnerProcess.TempFolder(), "new-customers.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Scoring_a_file_sets_aside_unscorable_rows_with_their_line_and_neutralises_formulas()
    {
        string input = WriteNewCustomers(bank, out int rows);
        string output = Path.Combine(Path.GetDirectoryName(input)!, "scores.csv");
        var report = BatchScoring.ScoreCsv(bank.Result.Deep, input, output, reasons: 2);
        Assert.Equal(rows, report.RowsRead);
        Assert.Equal(rows - 1, report.RowsScored);
        var aside = Assert.Single(report.SetAside);
        Assert.Equal(4, aside.Line);
        Assert.Contains("'age'", aside.Reason);
        var text = File.ReadAllText(output);
        Assert.Contains("\"'=HYPERLINK(", text);
        var (scores, _) = Csv.Load(output);
        Assert.Equal(rows - 1, scores.Rows.Count);
        Assert.Contains("score", scores.Columns.Select(c => c.Name));
        Assert.Contains("reason_2", scores.Columns.Select(c => c.Name));
        Assert.True(File.Exists(report.SetAsideFile));
    }

    [Fact]
    public void Command_line_scoring_gives_the_same_scores_as_the_notebook_api()
    {
        string input = WriteNewCustomers(bank, out _);
        string folder = Path.GetDirectoryName(input)!;
        string model = bank.Result.Deep.Save(Path.Combine(folder, "churn.fnd"));
        // One row in twelve is set aside: over the default --max-set-aside of 5%, so the limit is raised for this batch.
        var run = RunnerProcess.Run("score", "--model", model, "--input", input, "--output", Path.Combine(folder, "cli.csv"), "--max-set-aside", "10%");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("1 set aside", run.Output);
        BatchScoring.ScoreCsv(bank.Result.Deep, input, Path.Combine(folder, "api.csv"));
        // The same rows, columns, reasons and text; scores equal to float precision. The test process runs libtorch on
        // one thread and the command on the machine's count, and a product summed over other threads adds in another
        // order (differences near 1e-8).
        var (api, _) = Csv.Load(Path.Combine(folder, "api.csv"));
        var (cli, _) = Csv.Load(Path.Combine(folder, "cli.csv"));
        Assert.Equal(api.Columns.Select(c => c.Name), cli.Columns.Select(c => c.Name));
        Assert.Equal(api.Rows.Count, cli.Rows.Count);
        foreach (var column in api.Columns)
        {
            var other = cli.Columns[column.Name];
            for (long r = 0; r < column.Length; r++)
                if (column[r] is double a && other[r] is double b) Assert.Equal(a, b, 6);
                else Assert.Equal(column[r]?.ToString(), other[r]?.ToString());
        }
    }

    [Fact]
    public void Scoring_an_excel_workbook_gives_the_scores_of_the_same_csv_and_names_the_sheet_row_set_aside()
    {
        string input = WriteNewCustomers(bank, out int rows);
        string folder = Path.GetDirectoryName(input)!;
        // The same customers as Excel holds them: numbers as numbers, true/false as booleans, a title above the header.
        var cells = File.ReadAllLines(input).Select(line => line.Split(',').Select(Cell).ToArray()).ToList();
        cells.Insert(0, ["New customers, December 2026"]);
        string workbook = Data.Workbooks.Write(Path.Combine(folder, "new-customers.xlsx"), new Data.Workbooks.Sheet("Customers", cells));

        var fromCsv = BatchScoring.ScoreCsv(bank.Result.Deep, input, Path.Combine(folder, "from-csv.csv"), reasons: 2);
        var fromWorkbook = BatchScoring.ScoreCsv(bank.Result.Deep, workbook, Path.Combine(folder, "from-xlsx.csv"), reasons: 2);

        Assert.Equal(rows, fromWorkbook.RowsRead);
        Assert.Equal(rows - 1, fromWorkbook.RowsScored);
        // Sheet row 5: the title, the header, then the third customer.
        Assert.Equal(5, Assert.Single(fromWorkbook.SetAside).Line);
        // The same scores and reasons; each file's own columns come back as it wrote them (the CSV's true, Excel's TRUE),
        // and mean the same.
        var (csvScores, _) = Csv.Load(Path.Combine(folder, "from-csv.csv"));
        var (sheetScores, _) = Csv.Load(Path.Combine(folder, "from-xlsx.csv"));
        Assert.Equal(csvScores.Columns.Select(c => c.Name), sheetScores.Columns.Select(c => c.Name));
        foreach (var column in csvScores.Columns)
            Assert.Equal(column.Cast<object?>(), sheetScores.Columns[column.Name].Cast<object?>());
        Assert.Contains(",TRUE,", File.ReadAllText(Path.Combine(folder, "from-xlsx.csv")));
        Assert.DoesNotContain(",TRUE,", File.ReadAllText(Path.Combine(folder, "from-csv.csv")));

        static object? Cell(string field) =>
            field.Length == 0 ? null
            : field is "true" or "false" ? field == "true"
            : double.TryParse(field, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number) ? number
            : field.StartsWith('"') ? field[1..^1].Replace("\"\"", "\"") : field;
    }

    [Fact]
    public void Csv_export_neutralises_every_formula_prefix()
    {
        foreach (var prefix in new[] { "=", "+", "-", "@" })
            Assert.Equal("'" + prefix + "1+1", CsvExport.Neutralise(prefix + "1+1"));
        Assert.Equal("Amelia", CsvExport.Neutralise("Amelia"));
        // A number as files write amounts holds nothing a formula could call: a negative balance comes back as written.
        foreach (var number in new[] { "-5", "+3.25", "-1e-4", "-.5", "-5.", "-1,234.56", "-£1,234.50", "-13.5%", "-1.234,56", "-$0.99" })
            Assert.Equal(number, CsvExport.Neutralise(number));
        foreach (var formula in new[] { "-2+3+cmd|' /C calc'!A0", "-1,234.56abc", "-£", "-1e", "-5%%", "-1,,2", "-A1", "+SUM(A1:A2)", "-1%+1" })
            Assert.Equal("'" + formula, CsvExport.Neutralise(formula));
    }
}
