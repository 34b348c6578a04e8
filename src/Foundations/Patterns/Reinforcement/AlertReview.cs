using System.Globalization;
using System.Text;
using Foundations.Data;

namespace Foundations.Patterns;

/// <summary>What a review of a transactions file did: what was learned as history, decided and set aside, and what the agent raised.</summary>
public sealed class AlertReviewReport
{
    internal AlertReviewReport(string input, string output, string? history, long rowsRead, long historyLearned, long decided,
        IReadOnlyList<string> setAside, IReadOnlyList<string> historySetAside, string? setAsideFile, IReadOnlyList<DateOnly> days,
        long alerts, long watches, int daysBudgetSpent, long incidents, long incidentsAlerted, IReadOnlyList<string> factsMissing,
        Microsoft.Data.Analysis.DataFrame facts)
    {
        Facts = facts;
        Input = input; Output = output; History = history; RowsRead = rowsRead; HistoryLearned = historyLearned; Decided = decided;
        SetAside = setAside; HistorySetAside = historySetAside; SetAsideFile = setAsideFile; Days = days; Alerts = alerts; Watches = watches;
        DaysBudgetSpent = daysBudgetSpent; Incidents = incidents; IncidentsAlerted = incidentsAlerted; FactsMissing = factsMissing;
    }

    /// <summary>The transactions file reviewed.</summary>
    public string Input { get; }
    /// <summary>The decisions file written: one row per decided transaction.</summary>
    public string Output { get; }
    /// <summary>The separate history file, when one was given.</summary>
    public string? History { get; }
    /// <summary>Data rows read from <see cref="Input"/> (the header not counted): learned as history, decided or set aside.</summary>
    public long RowsRead { get; }
    /// <summary>Transactions learned as account history without a decision (the history file's, and the input's before the first day reviewed).</summary>
    public long HistoryLearned { get; }
    /// <summary>Transactions the agent decided on, each a row of <see cref="Output"/>.</summary>
    public long Decided { get; }
    /// <summary>Rows of <see cref="Input"/> that could not be read, each with its line, column and why.</summary>
    public IReadOnlyList<string> SetAside { get; }
    /// <summary>Rows of the history file that could not be read (the accounts' history lacks them).</summary>
    public IReadOnlyList<string> HistorySetAside { get; }
    /// <summary>The CSV listing every set-aside row of both files (null when none).</summary>
    public string? SetAsideFile { get; }
    /// <summary>The days reviewed, oldest first; the alert budget starts afresh each day.</summary>
    public IReadOnlyList<DateOnly> Days { get; }
    /// <summary>Alerts raised (investigations to open).</summary>
    public long Alerts { get; }
    /// <summary>Accounts put on the watch list.</summary>
    public long Watches { get; }
    /// <summary>Days on which the agent wanted to alert after the day's budget was spent (it watched instead).</summary>
    public int DaysBudgetSpent { get; }
    /// <summary>Decided transactions the file marks as incidents (0 when the file carries no verdicts, as live data does not).</summary>
    public long Incidents { get; }
    /// <summary>Of <see cref="Incidents"/>, those the agent alerted on.</summary>
    public long IncidentsAlerted { get; }
    /// <summary>The facts the file does not have, which the agent did without.</summary>
    public IReadOnlyList<string> FactsMissing { get; }
    /// <summary>
    /// The facts the agent saw for each decided transaction, in decision order (<see cref="ActivityFeatures.FactNames"/>):
    /// compare them with the monitoring reference saved with the agent to see whether the night looks like its training days.
    /// </summary>
    public Microsoft.Data.Analysis.DataFrame Facts { get; }
    /// <summary>The share of <see cref="RowsRead"/> set aside (0 when no rows were read).</summary>
    public double SetAsideShare => RowsRead == 0 ? 0 : (double)SetAside.Count / RowsRead;

    /// <summary>One paragraph: what was read, learned, decided and set aside, and the alerts raised.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{RowsRead:N0} rows read from {Input}");
        if (History is not null) sb.Append(c, $" and history from {History}");
        sb.Append(c, $": {Decided:N0} transactions decided ");
        sb.Append(Days.Count == 1 ? string.Create(c, $"on {Days[0]:yyyy-MM-dd}") : string.Create(c, $"over {Days.Count} days ({Days[0]:yyyy-MM-dd} to {Days[^1]:yyyy-MM-dd})"));
        sb.Append(c, $" into {Output}, ");
        sb.Append(c, $"{HistoryLearned:N0} learned as account history, {SetAside.Count:N0} set aside");
        if (HistorySetAside.Count > 0) sb.Append(c, $" (and {HistorySetAside.Count:N0} of the history file)");
        if (SetAsideFile is not null) sb.Append(c, $", listed in {SetAsideFile}");
        sb.Append(c, $". {Alerts:N0} alerts ({(double)Alerts / Days.Count:0.#} a day) and {Watches:N0} watches");
        if (DaysBudgetSpent > 0) sb.Append(c, $"; the alert budget ran out on {DaysBudgetSpent} day(s)");
        sb.Append('.');
        if (Incidents > 0) sb.Append(c, $" The file marks {Incidents:N0} of the decided transactions as incidents: {IncidentsAlerted:N0} alerted.");
        if (FactsMissing.Count > 0) sb.Append(c, $" Done without: {string.Join(", ", FactsMissing)}.");
        return sb.ToString();
    }
}

/// <summary>
/// The nightly use of a saved alert agent: reads a bank's transactions file with the columns the agent was trained on,
/// learns the accounts' history, decides on each transaction of the days to review as the live monitor would, and
/// writes every decision with the facts that drove it. The same entry point for notebooks and `foundations alerts`.
/// </summary>
public static class AlertReview
{
    /// <summary>The columns of the decisions file, in order.</summary>
    public static readonly IReadOnlyList<string> OutputColumns =
        new[] { "transaction_id", "account", "time", "amount", "direction", "decision", "wanted", "alerts_left", "reason_1", "reason_2", "reason_3" };

    /// <summary>
    /// Reviews <paramref name="transactionsCsv"/> with <paramref name="agent"/>: its transactions before
    /// <paramref name="from"/> (and every transaction of <paramref name="historyCsv"/>, which must end before the first
    /// one reviewed) are learned as account history; each later one is decided in time order, the daily alert budget
    /// (<paramref name="dailyAlertBudget"/>, default the agent's) starting afresh each day. Writes one row per decision
    /// (<see cref="OutputColumns"/>) to <paramref name="outputCsv"/> atomically, and the rows that could not be read,
    /// with file, line and column, to &lt;output&gt;.set-aside.csv. The file is read with <paramref name="columns"/>,
    /// default the agent's own <see cref="TrainedAlertAgent.Columns"/>; the verdict columns may be absent.
    /// </summary>
    public static AlertReviewReport ReviewCsv(this TrainedAlertAgent agent, string transactionsCsv, string outputCsv,
        string? historyCsv = null, DateOnly? from = null, int? dailyAlertBudget = null, TransactionColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentException.ThrowIfNullOrEmpty(transactionsCsv);
        ArgumentException.ThrowIfNullOrEmpty(outputCsv);
        if (dailyAlertBudget is < 0) throw new ArgumentOutOfRangeException(nameof(dailyAlertBudget), dailyAlertBudget, "dailyAlertBudget must be ≥ 0.");
        string setAsidePath = BatchScoring.SetAsidePath(outputCsv);
        foreach (var input in historyCsv is null ? new[] { transactionsCsv } : new[] { transactionsCsv, historyCsv })
        {
            if (!File.Exists(input)) throw new FileNotFoundException($"No transactions file at '{input}' (full path {Path.GetFullPath(input)}).", input);
            if (AtomicFile.SamePath(input, outputCsv) || AtomicFile.SamePath(input, setAsidePath))
                throw new ArgumentException($"The output '{outputCsv}' is the input file '{input}': the review would overwrite it. Give another output path.", nameof(outputCsv));
        }
        if (Directory.Exists(outputCsv))
            throw new ArgumentException($"The output '{outputCsv}' is a folder: give a file name, such as {Path.Combine(outputCsv, "alerts.csv")}.", nameof(outputCsv));
        columns ??= agent.Columns;

        var batch = TransactionStream.ReadCsv(transactionsCsv, columns, verdictsOptional: true);
        var earlier = historyCsv is null ? null : TransactionStream.ReadCsv(historyCsv, columns, verdictsOptional: true);
        var decide = batch.Transactions.Where(t => from is null || t.Day >= from).ToArray();
        if (decide.Length == 0)
            throw new InvalidDataException(from is null
                ? $"{transactionsCsv}: no transaction could be read ({batch.SetAside.Count:N0} row(s) set aside{(batch.SetAside.Count > 0 ? ", the first: " + batch.SetAside[0] : "")}); nothing to review."
                : $"{transactionsCsv}: no transaction on or after {from:yyyy-MM-dd} (the file covers {Span(batch)}); nothing to review.");
        var first = decide[0].Timestamp;
        if (earlier is not null && earlier.Transactions.Count > 0 && earlier.Transactions[^1].Timestamp > first)
        {
            int overlap = earlier.Transactions.Count(t => t.Timestamp > first);
            throw new InvalidDataException(
                $"{historyCsv}: {overlap:N0} transaction(s) come after the first one reviewed ({first:yyyy-MM-dd HH:mm:ss} in {transactionsCsv}); " +
                "the history must end before the review starts, or an account's history would hold its future. Give history that ends earlier, or review from a later day.");
        }
        var history = (earlier?.Transactions ?? Array.Empty<AccountTransaction>())
            .Concat(batch.Transactions.Where(t => from is not null && t.Day < from))
            .OrderBy(t => t.Timestamp).ToArray(); // a stable sort: same-second rows keep file order

        var monitor = agent.Monitor(dailyAlertBudget).LearnHistory(history);
        var rows = new List<object?[]>(decide.Length);
        long alerts = 0, watches = 0, incidents = 0, incidentsAlerted = 0;
        var daysBudgetSpent = new HashSet<DateOnly>();
        var facts = new List<ActivityFeatures>(decide.Length);
        foreach (var t in decide)
        {
            var d = monitor.Decide(t);
            facts.Add(d.Features);
            if (d.Action == AlertAction.Alert) alerts++;
            if (d.Action == AlertAction.Watch) watches++;
            if (d.Chosen == AlertAction.Alert && d.Action != AlertAction.Alert) daysBudgetSpent.Add(t.Day);
            if (t.IsAnomaly) { incidents++; if (d.Action == AlertAction.Alert) incidentsAlerted++; }
            var reasons = d.Drivers.Select(r => $"{r.Feature}: {r.Value}").Concat(Enumerable.Repeat("", 3)).Take(3);
            rows.Add(new object?[]
            {
                t.TransactionId, t.CustomerId, t.Timestamp, t.Amount, t.IsDebit ? "out" : "in",
                Word(d.Action), d.Chosen == d.Action ? "" : Word(d.Chosen), d.AlertsLeft,
            }.Concat(reasons).ToArray());
        }
        CsvExport.WriteRows(outputCsv, OutputColumns, rows);

        var setAside = batch.SetAside;
        var historySetAside = earlier?.SetAside ?? Array.Empty<string>();
        string? setAsideFile = null;
        if (setAside.Count + historySetAside.Count > 0)
        {
            setAsideFile = setAsidePath;
            CsvExport.WriteRows(setAsideFile, new[] { "file", "problem" },
                setAside.Select(s => new object?[] { transactionsCsv, s }).Concat(historySetAside.Select(s => new object?[] { historyCsv, s })));
        }
        else if (File.Exists(setAsidePath))
            File.Delete(setAsidePath); // an earlier run's list would describe rows this run read
        Experiments.Run.Current.Artifact(outputCsv);
        return new AlertReviewReport(transactionsCsv, outputCsv, historyCsv, batch.Transactions.Count + setAside.Count, history.Length, decide.Length,
            setAside, historySetAside, setAsideFile, decide.Select(t => t.Day).Distinct().ToArray(), alerts, watches, daysBudgetSpent.Count,
            incidents, incidentsAlerted, columns.FactsMissing, ActivityFeatures.Frame(facts));
    }

    private static string Word(AlertAction action) => action.ToString().ToLowerInvariant();

    private static string Span(TransactionStream stream) =>
        stream.Days.Count == 0 ? "no readable transaction" : $"{stream.Days[0]:yyyy-MM-dd} to {stream.Days[^1]:yyyy-MM-dd}";
}
