namespace Foundations.Tests.Runner;

/// <summary>The `foundations` command line (System.CommandLine): parse errors are exit 2 with the command's usage, never a stack trace.</summary>
public class CommandLineTests
{
    [Fact]
    public void Unknown_option_is_exit_2_naming_it_with_the_command_usage()
    {
        var run = RunnerProcess.Run("score", "--model", "m.fnd", "--input", "in.csv", "--output", "out.csv", "--colour", "blue");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'--colour'", run.Error);
        Assert.Contains("foundations score [options]", run.Error);   // the usage of the command that was meant
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void Option_without_its_value_is_exit_2_naming_the_option()
    {
        var run = RunnerProcess.Run("run", RepoPaths.Notebooks, "--timeout");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'--timeout'", run.Error);
        Assert.Contains("foundations run <notebooks>", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void Missing_required_options_are_all_named_at_once()
    {
        var run = RunnerProcess.Run("sign");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'--model' is required", run.Error);
        Assert.Contains("'--private-key' is required", run.Error);
    }

    [Fact]
    public void Unknown_command_is_exit_2_naming_it()
    {
        var run = RunnerProcess.Run("scores", "--model", "m.fnd");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown command 'scores'", run.Error);
    }

    [Theory]
    [InlineData("run", "--continue-on-error")]
    [InlineData("runs", "--compare")]
    [InlineData("generate", "--transaction-accounts")]
    [InlineData("score", "--max-set-aside")]
    [InlineData("sign", "--private-key")]
    [InlineData("monitor", "--reference")]
    [InlineData("alerts", "--history")]
    public void Each_command_has_its_own_help_listing_its_options(string command, string option)
    {
        var run = RunnerProcess.Run(command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"foundations {command}", run.Output);
        Assert.Contains(option, run.Output);
        Assert.Contains("--verbose", run.Output);
    }

    [Fact]
    public void A_value_the_command_refuses_is_exit_2_naming_option_and_value()
    {
        var run = RunnerProcess.Run("generate", "--out", RunnerProcess.TempFolder(), "--customers", "-5");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--customers -5: expected a positive whole number of customers", run.Error);
        var none = RunnerProcess.Run("generate", "--out", RunnerProcess.TempFolder(), "--customers", "0");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--customers 0: expected a positive whole number", none.Error);
        var days = RunnerProcess.Run("generate", "--out", RunnerProcess.TempFolder(), "--days", "5");
        Assert.Equal(2, days.ExitCode);
        Assert.Contains("--days 5: expected at least 14 days", days.Error);
        var period = RunnerProcess.Run("generate", "--out", RunnerProcess.TempFolder(), "--period", "someday");
        Assert.Equal(2, period.ExitCode);
        Assert.Contains("someday", period.Error);
    }
}
