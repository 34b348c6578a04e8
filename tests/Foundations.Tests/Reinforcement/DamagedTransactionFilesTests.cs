using System.Globalization;
using System.Text;
using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Reinforcement;

/// <summary>
/// Transaction files in three public shapes, damaged the way exports and hostile senders damage them, reviewed by an
/// agent: each is either refused naming the file, or read with every unreadable row set aside by line and every other
/// one decided, with finite facts. Seeded, so a failure names a case that can be run again.
/// </summary>
public class DamagedTransactionFilesTests
{
    private const int Cases = 300;

    private static readonly string[] Junk =
    {
        "", "NaN", "-", "1e309", "-1e309", "∞", "\"", "\"\"", ";", ",", "\t", "\r", "\n", "0", "-0", "1e15", "99999999999999999999",
        "2026-13-45", "930231", "000000", "abc", "\u0000", "CASH_OUT", "null", " ", "1,5", "-86400000000", "=cmd|' /C calc'!A0",
    };

    /// <summary>
    /// A shape: its columns, separator, a clean row for row number r (a few accounts over four days), and the positions
    /// of the fields the reader interprets (time, account, amount, direction, balance), which get half the junk.
    /// </summary>
    private sealed record Shape(string Name, TransactionColumns Columns, char Separator, string Header, Func<int, Random, string> Row, int[] Interpreted);

    private static readonly Shape[] Shapes =
    {
        new("cards", new TransactionColumns
            {
                Time = "TransactionDT", TimeFormat = "seconds", Account = "card1", Amount = "TransactionAmt", Direction = "", Channel = "ProductCD",
                MerchantCategory = "P_emaildomain", Country = "addr2", BalanceAfter = "", Incident = "isFraud", TransactionId = "TransactionID",
            }, ',', "TransactionID,isFraud,TransactionDT,TransactionAmt,ProductCD,card1,addr2,P_emaildomain",
            (r, rng) => $"{3000000 + r},{(r % 17 == 5 ? 1 : 0)},{86400 + r * 2400},{F(5 + rng.NextDouble() * 300)},{"WCHR"[r % 4]},{1000 + r % 5},{87 + r % 2},{new[] { "gmail.com", "", "yahoo.com" }[r % 3]}", new[] { 1, 2, 3, 5 }),
        new("mobile money", new TransactionColumns
            {
                Time = "step", TimeFormat = "hours", Account = "nameOrig", Direction = "type", MoneyOut = new[] { "CASH_OUT", "TRANSFER", "PAYMENT" },
                MoneyIn = new[] { "CASH_IN" }, Channel = "", MerchantCategory = "", Country = "", BalanceAfter = "newbalanceOrig", Incident = "isFraud", TransactionId = "",
            }, ',', "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,isFraud",
            (r, rng) => $"{1 + r * 2 / 3},{new[] { "PAYMENT", "CASH_IN", "TRANSFER", "CASH_OUT" }[r % 4]},{F(10 + rng.NextDouble() * 5000)},C{100 + r % 6},9000,{F(rng.NextDouble() * 9000)},{(r % 19 == 3 ? 1 : 0)}", new[] { 0, 1, 2, 3, 5, 6 }),
        new("czech", new TransactionColumns
            {
                Time = "date", TimeFormat = "yyMMdd", Account = "account_id", Direction = "type", MoneyOut = new[] { "VYDAJ", "VYBER" }, MoneyIn = new[] { "PRIJEM" },
                Channel = "operation", MerchantCategory = "k_symbol", Country = "bank", BalanceAfter = "balance", Incident = "", TransactionId = "trans_id",
            }, ';', "\"trans_id\";\"account_id\";\"date\";\"type\";\"operation\";\"amount\";\"balance\";\"k_symbol\";\"bank\"",
            (r, rng) => $"{695000 + r};{2000 + r % 4};{930101 + r / 12};\"{new[] { "PRIJEM", "VYDAJ", "VYBER" }[r % 3]}\";\"VKLAD\";{F(50 + rng.NextDouble() * 900)};{F(rng.NextDouble() * 20000)};\"SIPO\";\"{(r % 5 == 0 ? "AB" : "")}\"", new[] { 1, 2, 3, 5, 6 }),
    };

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    [Fact]
    public void Every_damaged_file_is_refused_naming_it_or_reviewed_with_each_unreadable_row_set_aside_by_line()
    {
        var agent = RandomAgent(seed: 3);
        string folder = RunnerProcess.TempFolder();
        var findings = new List<string>();
        int refused = 0, reviewed = 0;
        for (int i = 0; i < Cases; i++)
        {
            var rng = new Random(20261202 + i);
            var shape = Shapes[i % Shapes.Length];
            var lines = new List<string> { shape.Header };
            for (int r = 0; r < 48; r++) lines.Add(shape.Row(r, rng));
            var (damage, linesAreRecords) = Damage(lines, shape, rng);
            string file = Path.Combine(folder, $"case-{i}.csv");
            File.WriteAllText(file, string.Join("\n", lines) + "\n", new UTF8Encoding(rng.Next(2) == 0));
            string output = Path.Combine(folder, $"case-{i}-alerts.csv");
            try
            {
                var report = agent.ReviewCsv(file, output, columns: shape.Columns);
                reviewed++;
                // Accounts such as 1e309 are text to the review; only the count of records matters here.
                long written = Csv.Load(output, new CsvOptions { OnBadRow = BadRows.Quarantine }).Report.RowsRead;
                if (written != report.Decided) findings.Add($"case {i} ({shape.Name}: {damage}): {report.Decided} decided, {written} written");
                // Without stray quotes or line breaks every line after the header is one record: each must be decided or set aside.
                if (linesAreRecords && report.Decided + report.SetAside.Count != lines.Count - 1)
                    findings.Add($"case {i} ({shape.Name}: {damage}): {lines.Count - 1} rows, {report.Decided} decided and {report.SetAside.Count} set aside");
                foreach (var reason in report.SetAside)
                    if (!reason.StartsWith($"case-{i}.csv line ", StringComparison.Ordinal)) findings.Add($"case {i} ({shape.Name}: {damage}): set aside without its line: {reason}");
                var stream = TransactionStream.ReadCsv(file, shape.Columns);
                var tracker = new ActivityTracker();
                var inputs = new float[ActivityFeatures.InputCount];
                foreach (var t in stream.Transactions)
                {
                    tracker.Observe(t).WriteInputs(inputs, false, 1);
                    if (inputs.Any(v => !float.IsFinite(v))) { findings.Add($"case {i} ({shape.Name}: {damage}): a fact that is not a finite number for {t}"); break; }
                }
            }
            catch (InvalidDataException e) when (e.Message.Contains(file, StringComparison.Ordinal)) { refused++; }
            catch (Exception e) { findings.Add($"case {i} ({shape.Name}: {damage}): {e.GetType().Name}: {e.Message}"); }
        }
        Assert.True(findings.Count == 0, string.Join("\n", findings));
        // Most damage leaves a file worth reviewing: the cases must reach the review, not only the refusals.
        Assert.True(reviewed >= Cases / 2, $"{reviewed} reviewed, {refused} refused");
    }

    /// <summary>One to six edits: a junk value, a dropped field, a doubled, deleted or swapped line, a 400-digit value; now and then a renamed header.</summary>
    private static (string What, bool LinesAreRecords) Damage(List<string> lines, Shape shape, Random rng)
    {
        char separator = shape.Separator;
        var what = new List<string>();
        bool linesAreRecords = true;
        for (int e = 1 + rng.Next(6); e > 0; e--)
        {
            int at = 1 + rng.Next(lines.Count - 1);
            var fields = lines[at].Split(separator).ToList();
            switch (rng.Next(6))
            {
                case 0:
                    int f = Math.Min(fields.Count - 1, rng.Next(2) == 0 ? shape.Interpreted[rng.Next(shape.Interpreted.Length)] : rng.Next(fields.Count));
                    string junk = Junk[rng.Next(Junk.Length)];
                    fields[f] = junk;
                    linesAreRecords &= !junk.Contains('"') && !junk.Contains('\n') && !junk.Contains('\r');
                    what.Add($"line {at + 1} field {f} = {junk.Replace("\n", "\\n").Replace("\r", "\\r")}");
                    break;
                case 1: fields.RemoveAt(rng.Next(fields.Count)); what.Add($"line {at + 1} a field dropped"); break;
                case 2: lines.Insert(at, lines[at]); what.Add($"line {at + 1} doubled"); break;
                case 3: lines.RemoveAt(at); what.Add($"line {at + 1} deleted"); continue;
                case 4:
                    int other = 1 + rng.Next(lines.Count - 1);
                    (lines[at], lines[other]) = (lines[other], lines[at]);
                    what.Add($"lines {at + 1} and {other + 1} swapped");
                    continue;
                default:
                    int g = rng.Next(fields.Count);
                    fields[g] += new string('9', rng.Next(1, 400));
                    what.Add($"line {at + 1} field {g} made long");
                    break;
            }
            lines[at] = string.Join(separator, fields);
        }
        if (rng.Next(15) == 0)
        {
            lines[0] = lines[0].Replace("card1", "card_1").Replace("step", "Step").Replace("account_id", "acct");
            what.Add("header renamed");
        }
        return (string.Join(", ", what), linesAreRecords);
    }

    /// <summary>An agent with seeded random weights: it decides something on every input, which is all a robustness check needs.</summary>
    private static TrainedAlertAgent RandomAgent(int seed)
    {
        var rng = new Random(seed);
        float[] Weights(int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        int n = ActivityFeatures.InputCount;
        var layers = new[]
        {
            new DenseLayer(n, 8, Weights(8 * n), Weights(8)),
            new DenseLayer(8, 8, Weights(64), Weights(8)),
            new DenseLayer(8, 3, Weights(24), Weights(3)),
        };
        return new TrainedAlertAgent(layers, RewardTable.Default, 3, new TrainingHistory(Array.Empty<EpisodeRecord>(), TimeSpan.Zero, 0, 0, seed));
    }
}
