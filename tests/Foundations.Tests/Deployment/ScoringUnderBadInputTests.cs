using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Deployment;

[Trait("Speed", "Slow")]
[Collection(SharedModels.SmallChurnModel)]
public class ScoringUnderBadInputTests(SmallChurnModel small)
{
    private static string OutputBeside(string input, string name = "scores.csv") => Path.Combine(Path.GetDirectoryName(input)!, name);

    [Fact]
    public void Fifty_rows_with_one_bad_cell_score_49_and_set_aside_1_naming_its_line()
    {
        int income = small.Column("income");
        string input = SmallChurnModel.Write(small.Rows(50, (r, f) => { if (r == 2) f[income] = "abc"; }));
        string output = OutputBeside(input);
        var run = RunnerProcess.Run("score", "--model", small.Path_, "--input", input, "--output", output);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("50 rows read", run.Output);
        Assert.Contains("49 scored", run.Output);
        Assert.Contains("1 set aside", run.Output);
        Assert.Equal(50, File.ReadAllLines(output).Length); // header + 49
        var aside = File.ReadAllLines(BatchScoring.SetAsidePath(output));
        Assert.Equal("line,column,reason", aside[0]);
        Assert.StartsWith("4,income,", aside[1]);
        Assert.Contains("'abc'", aside[1]);
    }

    [Fact]
    public void Booleans_written_yes_and_no_are_read_with_the_models_schema()
    {
        int mortgage = small.Column("has_mortgage"), card = small.Column("has_credit_card");
        string input = SmallChurnModel.Write(small.Rows(50, (r, f) => { f[mortgage] = f[mortgage] == "true" ? "yes" : "no"; f[card] = f[card] == "true" ? "Y" : "N"; }));
        var report = BatchScoring.ScoreCsv(small.Model, input, OutputBeside(input));
        Assert.Equal(50, report.RowsScored);
        Assert.Empty(report.SetAside);
    }

    [Fact]
    public void Outcome_and_extra_columns_are_ignored_even_when_blank_or_not_numbers()
    {
        int churned = small.Column("churned_next_90d"), defaulted = small.Column("defaulted_next_12m");
        var rows = small.Rows(50, (r, f) => { f[churned] = ""; f[defaulted] = r == 3 ? "abc" : ""; });
        rows[0] += ",notes";
        for (int i = 1; i < rows.Count; i++) rows[i] += i == 5 ? ",=cmd|' /C calc'!A0" : ",ok";
        string input = SmallChurnModel.Write(rows);
        string output = OutputBeside(input);
        var report = BatchScoring.ScoreCsv(small.Model, input, output);
        Assert.Equal(50, report.RowsScored);
        Assert.Empty(report.SetAside);
        var text = File.ReadAllText(output);
        Assert.Contains(",notes,", text);
        Assert.Contains("'=cmd", text); // carried through as text, neutralised for spreadsheets
    }

    [Fact]
    public void A_column_blank_in_every_row_is_imputed_where_the_model_imputes_and_otherwise_sets_each_row_aside()
    {
        int income = small.Column("income"), age = small.Column("age");
        string imputed = SmallChurnModel.Write(small.Rows(50, (r, f) => f[income] = ""));
        Assert.Equal(50, BatchScoring.ScoreCsv(small.Model, imputed, OutputBeside(imputed)).RowsScored);

        string blankAge = SmallChurnModel.Write(small.Rows(50, (r, f) => f[age] = ""));
        string output = OutputBeside(blankAge);
        var run = RunnerProcess.Run("score", "--model", small.Path_, "--input", blankAge, "--output", output);
        Assert.True(run.ExitCode == 1, run.Output + run.Error); // done, but far more set aside than --max-set-aside allows
        Assert.Contains("50 set aside", run.Output);
        Assert.Contains("--max-set-aside", run.Error);
        var aside = File.ReadAllLines(BatchScoring.SetAsidePath(output));
        Assert.Equal(51, aside.Length);
        Assert.All(aside.Skip(1), l => Assert.Contains(",age,", l));
        Assert.Single(File.ReadAllLines(output)); // the header only
    }

    [Fact]
    public void Set_aside_lines_stay_true_after_multi_line_quoted_fields_and_blank_lines()
    {
        int name = small.Column("name"), income = small.Column("income");
        var rows = small.Rows(10, (r, f) =>
        {
            if (r == 1) f[name] = "\"Ethan\nWright\"";
            if (r == 6) f[income] = "abc";
        });
        rows.Insert(4, ""); // a blank line after the third data row
        rows.Insert(5, "");
        string input = SmallChurnModel.Write(rows);
        // Lines: 1 header, 2 row 0, 3-4 row 1 (two lines), 5 row 2, 6 blank, 7 blank, 8 row 3, 9 row 4, 10 row 5, 11 row 6.
        var report = BatchScoring.ScoreCsv(small.Model, input, OutputBeside(input));
        var aside = Assert.Single(report.SetAside);
        Assert.Equal(11, aside.Line);
        Assert.Equal("income", aside.Column);
        Assert.Equal(9, report.RowsScored);
    }

    [Fact]
    public void An_unterminated_quote_stops_the_batch_naming_its_line_and_writes_nothing()
    {
        int name = small.Column("name");
        string input = SmallChurnModel.Write(small.Rows(20, (r, f) => { if (r == 4) f[name] = "\"Never closed"; }));
        string output = OutputBeside(input);
        var e = Assert.Throws<InvalidDataException>(() => BatchScoring.ScoreCsv(small.Model, input, output));
        Assert.Contains("line 6", e.Message);
        Assert.Contains("never closed", e.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Unseen_categories_are_scored_like_a_missing_value_and_counted_by_column()
    {
        int region = small.Column("region"), channel = small.Column("preferred_channel");
        string input = SmallChurnModel.Write(small.Rows(30, (r, f) =>
        {
            if (r < 3) f[region] = "Atlantis";
            if (r == 10) f[channel] = "carrier pigeon";
        }));
        var report = BatchScoring.ScoreCsv(small.Model, input, OutputBeside(input));
        Assert.Equal(30, report.RowsScored);
        Assert.Equal(3, report.UnseenCategories["region"]);
        Assert.Equal(1, report.UnseenCategories["preferred_channel"]);
        Assert.Contains("region 3", report.ToString());
    }

    [Fact]
    public void An_output_that_is_the_input_is_refused_and_the_input_is_untouched()
    {
        string input = SmallChurnModel.Write(small.Rows(5));
        string before = File.ReadAllText(input);
        var e = Assert.Throws<ArgumentException>(() => BatchScoring.ScoreCsv(small.Model, input, Path.Combine(Path.GetDirectoryName(input)!, ".", "batch.csv")));
        Assert.Contains("is the input file", e.Message);
        var run = RunnerProcess.Run("score", "--model", small.Path_, "--input", input, "--output", input);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is the --input file", run.Error);
        Assert.Equal(before, File.ReadAllText(input));
    }

    [Fact]
    public void A_clean_run_removes_the_set_aside_file_an_earlier_run_left()
    {
        int income = small.Column("income");
        string input = SmallChurnModel.Write(small.Rows(10, (r, f) => { if (r == 0) f[income] = "abc"; }));
        string output = OutputBeside(input);
        Assert.NotNull(BatchScoring.ScoreCsv(small.Model, input, output).SetAsideFile);
        Assert.True(File.Exists(BatchScoring.SetAsidePath(output)));
        File.WriteAllLines(input, small.Rows(10));
        var clean = BatchScoring.ScoreCsv(small.Model, input, output);
        Assert.Null(clean.SetAsideFile);
        Assert.False(File.Exists(BatchScoring.SetAsidePath(output)));
    }

    [Fact]
    public void An_output_path_that_is_a_folder_is_refused_naming_it()
    {
        string input = SmallChurnModel.Write(small.Rows(5));
        string folder = Path.GetDirectoryName(input)!;
        var e = Assert.Throws<ArgumentException>(() => BatchScoring.ScoreCsv(small.Model, input, folder));
        Assert.Contains("is a folder", e.Message);
        var run = RunnerProcess.Run("score", "--model", small.Path_, "--input", input, "--output", folder);
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void A_missing_model_column_is_an_error_naming_it_and_the_columns_needed()
    {
        var rows = small.Rows(5).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != small.Column("tenure_months")))).ToList();
        string input = SmallChurnModel.Write(rows);
        var e = Assert.Throws<InvalidDataException>(() => BatchScoring.ScoreCsv(small.Model, input, OutputBeside(input)));
        Assert.Contains("'tenure_months' (number)", e.Message);
        Assert.Contains(input, e.Message);
    }

    [Fact]
    public void Every_command_failure_is_one_line_with_exit_2_and_the_stack_trace_only_with_verbose()
    {
        string empty = SmallChurnModel.Write(Array.Empty<string>());
        File.WriteAllText(empty, "");
        string output = OutputBeside(empty);
        var run = RunnerProcess.Run("score", "--model", small.Path_, "--input", empty, "--output", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is empty", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Contains("--verbose", run.Error);
        var verbose = RunnerProcess.Run("score", "--model", small.Path_, "--input", empty, "--output", output, "--verbose");
        Assert.Equal(2, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Error);

        var missing = RunnerProcess.Run("score", "--model", Path.Combine(small.Folder, "nope.fnd"), "--input", SmallChurnModel.Write(small.Rows(3)), "--output", output);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.fnd", missing.Error);
        Assert.DoesNotContain("   at ", missing.Error);
    }

    [Fact]
    public void Max_set_aside_decides_between_exit_0_and_exit_1_and_bad_values_exit_2()
    {
        int income = small.Column("income");
        string input = SmallChurnModel.Write(small.Rows(10, (r, f) => { if (r == 0) f[income] = "abc"; }));
        string output = OutputBeside(input);
        Assert.Equal(1, RunnerProcess.Run("score", "--model", small.Path_, "--input", input, "--output", output).ExitCode); // 10% > 5%
        Assert.Equal(0, RunnerProcess.Run("score", "--model", small.Path_, "--input", input, "--output", output, "--max-set-aside", "10%").ExitCode);
        Assert.Equal(0, RunnerProcess.Run("score", "--model", small.Path_, "--input", input, "--output", output, "--max-set-aside", "0.2").ExitCode);
        var bad = RunnerProcess.Run("score", "--model", small.Path_, "--input", input, "--output", output, "--max-set-aside", "lots");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--max-set-aside lots", bad.Error);
        var help = RunnerProcess.Run("--help");
        Assert.Contains("Exit codes", help.Output);
        Assert.Contains("--max-set-aside", help.Output);
    }

    [Fact]
    public void Atomic_writes_leave_the_old_file_and_no_temporary_file_when_writing_fails()
    {
        string folder = RunnerProcess.TempFolder();
        string path = Path.Combine(folder, "scores.csv");
        File.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s => { s.Write(new byte[] { 1, 2, 3 }); throw new IOException("disk full"); }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
        AtomicFile.WriteText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
    }
}
