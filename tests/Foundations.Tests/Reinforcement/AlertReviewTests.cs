using System.Globalization;
using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Deployment;
using Foundations.Tests.Runner;
using RL = Foundations.Patterns.Reinforcement;

namespace Foundations.Tests.Reinforcement;

/// <summary>
/// The nightly use of a saved alert agent (<see cref="AlertReview.ReviewCsv"/>, `foundations alerts`): a bank's own
/// file read with the columns the agent was trained on, history learned, every decision written with its reasons.
/// </summary>
[Trait("Speed", "Slow")]
public class AlertReviewTests : IClassFixture<AlertReviewTests.SavedAgent>
{
    /// <summary>A small bank's transactions under the bank's own column names, and an agent trained on them and saved.</summary>
    public sealed class SavedAgent
    {
        public SavedAgent()
        {
            Folder = RunnerProcess.TempFolder();
            var bank = SampleBank.Generate(customers: 60, seed: 11, transactionAccounts: 60, days: 22);
            bank.WriteCsv(Folder);
            // The bank's own names: the agent must remember them for the nightly file.
            var lines = File.ReadAllLines(Path.Combine(Folder, "transactions.csv"));
            lines[0] = "ref,booked_at,card,value,dc,channel,mcc,country,balance,fraud,fraud_kind";
            for (int i = 1; i < lines.Length; i++) lines[i] = lines[i].Replace(",debit,", ",D,").Replace(",credit,", ",C,");
            AllDays = Path.Combine(Folder, "bank-transactions.csv");
            File.WriteAllLines(AllDays, lines);
            Columns = new TransactionColumns
            {
                TransactionId = "ref", Time = "booked_at", Account = "card", Amount = "value", Direction = "dc", MoneyOut = new[] { "D" }, MoneyIn = new[] { "C" },
                MerchantCategory = "mcc", BalanceAfter = "balance", Incident = "fraud", IncidentKind = "fraud_kind",
            };
            Stream = RL.ReadCsv(AllDays, Columns);
            Split = Stream.SplitDays(4);
            var agent = RL.Of(Stream).OnDays(Split.Training).WithEpisodes(3).WithSeed(5).WithDailyAlertBudget(2)
                .WithReplay(2_000, 32, 2, 50).OnDevice(TorchSharp.torch.CPU).Quiet().Train().Agent;
            AgentFile = agent.Save(Path.Combine(Folder, "alert-agent.fnd"));
            Replay = agent.CompareWithBaselines(Stream, Split.HeldOut)[agent.Name];
        }

        public string Folder { get; }
        public string AllDays { get; }
        public string AgentFile { get; }
        public TransactionColumns Columns { get; }
        public TransactionStream Stream { get; }
        public DaySplit Split { get; }
        /// <summary>The saved agent's decisions on the held-out days, replayed as notebook 04 judges it.</summary>
        public PolicyOutcome Replay { get; }

        /// <summary>The lines of <see cref="AllDays"/> whose day (yyyy-MM-dd at the start of booked_at) <paramref name="keep"/> accepts, with the header.</summary>
        public string Write(string name, Func<DateOnly, bool> keep, Func<string, string>? edit = null)
        {
            var lines = File.ReadAllLines(AllDays);
            var kept = lines.Skip(1).Where(l => keep(DateOnly.ParseExact(l.Split(',')[1][..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)));
            string path = Path.Combine(Folder, name);
            File.WriteAllLines(path, new[] { edit?.Invoke(lines[0]) ?? lines[0] }.Concat(edit is null ? kept : kept.Select(edit)));
            return path;
        }
    }

    private readonly SavedAgent saved;

    public AlertReviewTests(SavedAgent saved) => this.saved = saved;

    private string Output(string name = "alerts.csv") => Path.Combine(RunnerProcess.TempFolder(), name);

    private static string[][] Rows(string csv) => File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToArray();

    [Fact]
    public void A_saved_agent_remembers_the_banks_columns_and_reviews_the_held_out_days_exactly_as_they_were_replayed()
    {
        var agent = TrainedAlertAgent.Load(saved.AgentFile);
        Assert.Equal("booked_at", agent.Columns.Time);
        Assert.Equal(new[] { "D" }, agent.Columns.MoneyOut);
        Assert.Equal("fraud", agent.Columns.Incident);

        string output = Output();
        var report = agent.ReviewCsv(saved.AllDays, output, from: saved.Split.HeldOut[0]);

        var heldOut = saved.Stream.Transactions.Where(t => t.Day >= saved.Split.HeldOut[0]).ToArray();
        int firstIndex = saved.Stream.Transactions.Count - heldOut.Length;
        var rows = Rows(output);
        Assert.Equal(AlertReview.OutputColumns, File.ReadLines(output).First().Split(','));
        Assert.Equal(heldOut.Length, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(heldOut[i].TransactionId, rows[i][0]);
            Assert.Equal(saved.Replay.DecisionAt(firstIndex + i)!.Value.ToString().ToLowerInvariant(), rows[i][5]);
        }
        Assert.Equal(saved.Replay.Alerts, report.Alerts);
        Assert.Equal(saved.Replay.Caught, report.IncidentsAlerted);
        Assert.Equal(heldOut.Count(t => t.IsAnomaly), report.Incidents);
        Assert.Equal(saved.Split.HeldOut, report.Days);
        Assert.Equal(firstIndex, report.HistoryLearned);
        Assert.Equal(saved.Stream.Transactions.Count, report.RowsRead);
        Assert.Empty(report.SetAside);
        Assert.Null(report.SetAsideFile);
        // An alert says why; a pass has nothing to explain.
        Assert.All(rows.Where(r => r[5] == "alert"), r => Assert.NotEqual("", r[8]));
        Assert.All(rows.Where(r => r[5] == "pass"), r => Assert.Equal("", r[8]));
        Assert.Contains($"{report.Alerts} alerts", report.ToString());
    }

    [Fact]
    public void Last_nights_file_without_verdicts_and_history_in_its_own_file_gives_the_same_decisions()
    {
        var first = saved.Split.HeldOut[0];
        string oneFile = Output();
        TrainedAlertAgent.Load(saved.AgentFile).ReviewCsv(saved.AllDays, oneFile, from: first);

        string history = saved.Write("history.csv", day => day < first);
        // Live data has no verdicts yet: the fraud columns are cut off.
        string batch = saved.Write("batch.csv", day => day >= first, line => string.Join(',', line.Split(',')[..^2]));
        string twoFiles = Output();
        var report = TrainedAlertAgent.Load(saved.AgentFile).ReviewCsv(batch, twoFiles, historyCsv: history);

        Assert.Equal(File.ReadAllLines(oneFile), File.ReadAllLines(twoFiles));
        Assert.Equal(0, report.Incidents);
        Assert.DoesNotContain("incidents", report.ToString());
        Assert.Equal(history, report.History);
    }

    [Fact]
    public void History_that_reaches_into_the_reviewed_days_is_refused_naming_the_file_and_nothing_is_written()
    {
        string history = saved.Write("late-history.csv", day => day <= saved.Split.HeldOut[0]);
        string batch = saved.Write("late-batch.csv", day => day >= saved.Split.HeldOut[0]);
        string output = Output();
        var error = Assert.Throws<InvalidDataException>(() => TrainedAlertAgent.Load(saved.AgentFile).ReviewCsv(batch, output, historyCsv: history));
        Assert.Contains(history, error.Message);
        Assert.Contains("come after the first one reviewed", error.Message);
        Assert.False(File.Exists(output));

        var none = Assert.Throws<InvalidDataException>(() => TrainedAlertAgent.Load(saved.AgentFile).ReviewCsv(batch, output, from: new DateOnly(2099, 1, 1)));
        Assert.Contains("no transaction on or after 2099-01-01", none.Message);
    }

    [Fact]
    public void Unreadable_rows_are_set_aside_counted_and_listed_with_their_line_and_the_rest_is_decided()
    {
        var first = saved.Split.HeldOut[0];
        int n = 0;
        // The third row gets an amount that is not a number, the fifth an unknown direction.
        string batch = saved.Write("damaged.csv", day => day >= first, line =>
        {
            n++;
            var f = line.Split(',');
            if (n == 4) f[3] = "12x5";
            if (n == 6) f[4] = "R";
            return string.Join(',', f);
        });
        string output = Output();
        var report = TrainedAlertAgent.Load(saved.AgentFile).ReviewCsv(batch, output);
        Assert.Equal(2, report.SetAside.Count);
        Assert.Equal(report.RowsRead, report.Decided + report.SetAside.Count);
        Assert.Equal(report.Decided, Rows(output).Length);
        var listed = File.ReadAllLines(report.SetAsideFile!);
        Assert.Equal(3, listed.Length);
        Assert.Contains("line 4", listed[1]);
        Assert.Contains("value", listed[1]);
        Assert.Contains("line 6", listed[2]);
        Assert.Contains("'R'", listed[2]);
    }

    [Fact]
    public void An_agent_file_saved_before_columns_were_recorded_reads_the_samples_columns()
    {
        string path = Path.Combine(RunnerProcess.TempFolder(), "older.fnd");
        File.Copy(saved.AgentFile, path);
        ModelFileSurgery.EditJson(path, "model.json", m => m.AsObject().Remove("Columns"));
        Assert.Equal(TransactionColumns.Default.Time, TrainedAlertAgent.Load(path).Columns.Time);

        var error = Assert.Throws<InvalidDataException>(() => TrainedAlertAgent.Load(path).ReviewCsv(saved.AllDays, Output()));
        Assert.Contains("the header lacks column(s) timestamp", error.Message);
    }

    [Theory]
    [InlineData("Time", "\"\"", "TransactionColumns.Time must name a column")]
    [InlineData("TimeFormat", "\"fortnights\"", "TimeFormat 'fortnights'")]
    [InlineData("MoneyOut", "null", "a null where a column name or value belongs")]
    [InlineData("Account", "null", "a null where a column name or value belongs")]
    public void A_forged_column_mapping_is_refused_naming_the_file(string field, string value, string expected)
    {
        string path = Path.Combine(RunnerProcess.TempFolder(), "forged.fnd");
        File.Copy(saved.AgentFile, path);
        ModelFileSurgery.EditJson(path, "model.json", m => m["Columns"]![field] = System.Text.Json.Nodes.JsonNode.Parse(value));
        var error = Assert.Throws<InvalidDataException>(() => TrainedAlertAgent.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_review_keeps_the_facts_the_agent_saw_and_the_reference_saved_with_it_judges_them()
    {
        string agentFile = Path.Combine(RunnerProcess.TempFolder(), "with-reference.fnd");
        File.Copy(saved.AgentFile, agentFile);
        var report = TrainedAlertAgent.Load(agentFile).ReviewCsv(saved.AllDays, Output(), from: saved.Split.HeldOut[0]);

        // The same facts as the whole stream's on those days: the history learned from the file is the same history.
        var expected = saved.Stream.Facts(saved.Split.HeldOut);
        Assert.Equal(ActivityFeatures.FactNames, report.Facts.Columns.Select(c => c.Name));
        Assert.Equal(report.Decided, report.Facts.Rows.Count);
        foreach (var name in ActivityFeatures.FactNames)
            Assert.Equal(expected.Columns[name].Cast<double>(), report.Facts.Columns[name].Cast<double>());

        // The reference: the later half of the training days, without the history length that grows by design.
        var reference = Foundations.Monitor.Monitoring.FitActivity(saved.Stream, saved.Split.Training);
        var laterHalf = saved.Split.Training.Skip(saved.Split.Training.Count / 2).ToArray();
        Assert.Equal(saved.Stream.Facts(laterHalf).Rows.Count, reference.Rows);
        Assert.Contains("history length", reference.Excluded);
        var drift = reference.Compare(report.Facts);
        Assert.Equal(ActivityFeatures.FactNames.Count - 1, drift.Features.Count);
        Assert.Empty(drift.NewColumns);

        reference.SaveWith(agentFile);
        string lastDay = saved.Split.HeldOut[^1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var run = RunnerProcess.Run("alerts", "--model", agentFile, "--input", saved.AllDays, "--from", lastDay, "--output", Output());
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Activity against the days the agent learned from: ", run.Output);
        Assert.Contains("Judge this light on a week or more: 1 day(s) reviewed", run.Output);
        var without = RunnerProcess.Run("alerts", "--model", saved.AgentFile, "--input", saved.AllDays, "--from", lastDay, "--output", Output());
        Assert.DoesNotContain("Activity against", without.Output);
    }

    [Fact]
    public void With_exit_on_drift_the_alerts_command_exits_with_the_activity_light_and_refuses_an_agent_without_a_reference()
    {
        string lastDay = saved.Split.HeldOut[^1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var review = TrainedAlertAgent.Load(saved.AgentFile).ReviewCsv(saved.AllDays, Output(), from: saved.Split.HeldOut[^1]);

        // Against the first two days (histories just started: every merchant category new) the last night must read act.
        string early = Path.Combine(RunnerProcess.TempFolder(), "early-reference.fnd");
        File.Copy(saved.AgentFile, early);
        var firstDays = Foundations.Monitor.Monitoring.FitActivity(saved.Stream, saved.Split.Training.Take(2).ToArray());
        Assert.Equal(Foundations.Monitor.StabilityBand.Act, firstDays.Compare(review.Facts).OverallBand);
        firstDays.SaveWith(early);
        var act = RunnerProcess.Run("alerts", "--model", early, "--input", saved.AllDays, "--from", lastDay, "--output", Output(), "--exit-on-drift");
        Assert.Equal(4, act.ExitCode);
        Assert.Contains("Activity against the days the agent learned from: act", act.Output);
        // The same run without the option is done: the light is printed, the exit code says the decisions were written.
        Assert.Equal(0, RunnerProcess.Run("alerts", "--model", early, "--input", saved.AllDays, "--from", lastDay, "--output", Output()).ExitCode);

        // Against the later half of the training days: the exit code is whatever light the night reads.
        string matured = Path.Combine(RunnerProcess.TempFolder(), "matured-reference.fnd");
        File.Copy(saved.AgentFile, matured);
        var laterHalf = Foundations.Monitor.Monitoring.FitActivity(saved.Stream, saved.Split.Training);
        laterHalf.SaveWith(matured);
        int expected = laterHalf.Compare(review.Facts).OverallBand switch
        {
            Foundations.Monitor.StabilityBand.Stable => 0,
            Foundations.Monitor.StabilityBand.Watch => 3,
            _ => 4,
        };
        Assert.Equal(expected, RunnerProcess.Run("alerts", "--model", matured, "--input", saved.AllDays, "--from", lastDay, "--output", Output(), "--exit-on-drift").ExitCode);

        string output = Output();
        var none = RunnerProcess.Run("alerts", "--model", saved.AgentFile, "--input", saved.AllDays, "--from", lastDay, "--output", output, "--exit-on-drift");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--exit-on-drift: ", none.Error);
        Assert.Contains("holds no activity reference", none.Error);
        Assert.False(File.Exists(output)); // refused before anything was written
    }

    [Fact]
    public void The_alerts_command_writes_the_decisions_and_exits_by_what_was_set_aside()
    {
        string output = Output();
        var run = RunnerProcess.Run("alerts", "--model", saved.AgentFile, "--input", saved.AllDays, "--from", saved.Split.HeldOut[0].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--output", output);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("transactions decided over 4 days", run.Output);
        Assert.Equal(saved.Stream.Transactions.Count(t => t.Day >= saved.Split.HeldOut[0]), Rows(output).Length);

        int n = 0;
        string damaged = saved.Write("mostly-damaged.csv", _ => true, line => ++n > 1 && n % 3 == 0 ? line.Replace(",D,", ",?,") : line);
        var over = RunnerProcess.Run("alerts", "--model", saved.AgentFile, "--input", damaged, "--output", Output(), "--max-set-aside", "10%");
        Assert.Equal(1, over.ExitCode);
        Assert.Contains("more than --max-set-aside 10.0", over.Error);

        var overlap = RunnerProcess.Run("alerts", "--model", saved.AgentFile, "--input", saved.AllDays, "--history", saved.AllDays, "--output", Output());
        Assert.Equal(2, overlap.ExitCode);
        Assert.Contains("come after the first one reviewed", overlap.Error);
        Assert.DoesNotContain("   at ", overlap.Error);

        var scored = RunnerProcess.Run("score", "--model", saved.AgentFile, "--input", saved.AllDays, "--output", Output());
        Assert.Equal(2, scored.ExitCode);
        Assert.Contains("is an alert agent: it reviews transactions, with `foundations alerts", scored.Error);

        var badDay = RunnerProcess.Run("alerts", "--model", saved.AgentFile, "--input", saved.AllDays, "--from", "01/03/2026", "--output", Output());
        Assert.Equal(2, badDay.ExitCode);
        Assert.Contains("--from 01/03/2026: expected a day written yyyy-MM-dd", badDay.Error);
    }
}
