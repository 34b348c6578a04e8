using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Reinforcement;

[Trait("Speed", "Slow")]
public class ReinforcementNotebookTemplateTests
{
    private const int Days = 12, HeldOutDays = 3;

    /// <summary>
    /// A card file shaped like the public IEEE-CIS fraud data: seconds counted from a reference (starting at 86,400),
    /// a card number standing for the account, a product code, an e-mail domain, a country code that is often empty,
    /// no direction and no balance, fraud as 0/1, and columns the monitor does not read. Returns the held-out frauds.
    /// </summary>
    private static int WriteCardFile(string path)
    {
        var rng = new Random(31);
        var cards = Enumerable.Range(0, 120).Select(i => (Card: 1000 + 37 * i, Email: i % 3 == 0 ? "yahoo.com" : "gmail.com")).ToArray();
        var text = new StringBuilder("TransactionID,isFraud,TransactionDT,TransactionAmt,ProductCD,card1,addr2,P_emaildomain,C1,M4\n");
        int id = 2987000, heldOutFrauds = 0;
        long seconds = 86_400;
        for (int day = 0; day < Days; day++)
            for (int i = 0; i < 250; i++)
            {
                seconds = 86_400L * (day + 1) + (long)(86_399 * (i + rng.NextDouble()) / 250);
                var (card, email) = cards[rng.Next(cards.Length)];
                bool fraud = rng.NextDouble() < 0.04;
                string country = rng.NextDouble() < 0.1 ? "" : fraud && rng.NextDouble() < 0.6 ? "65.0" : "87.0";
                if (fraud && rng.NextDouble() < 0.7) email = "protonmail.com";
                double amount = Math.Exp((fraud ? 5.2 : 3.8) + 0.8 * NextNormal(rng));
                text.Append(CultureInfo.InvariantCulture, $"{id++},{(fraud ? 1 : 0)},{seconds},{amount:0.000},{(fraud ? "C" : "W")},{card},{country},{email},{rng.Next(5)},M{rng.Next(3)}\n");
                if (fraud && day >= Days - HeldOutDays) heldOutFrauds++;
            }
        File.WriteAllText(path, text.ToString());
        return heldOutFrauds;
    }

    private static double NextNormal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static string[] CardParameters(string csv, string incidentColumn = "isFraud") => new[]
    {
        "-p", $"dataPath={csv}", "-p", "timeColumn=TransactionDT", "-p", "timeFormat=seconds", "-p", "accountColumn=card1",
        "-p", "amountColumn=TransactionAmt", "-p", "directionColumn=", "-p", "channelColumn=ProductCD",
        "-p", "categoryColumn=P_emaildomain", "-p", "countryColumn=addr2", "-p", "balanceColumn=", "-p", $"incidentColumn={incidentColumn}",
        "-p", "transactionIdColumn=TransactionID", "-p", $"heldOutDays={HeldOutDays}", "-p", "dailyAlertBudget=5",
        "-p", "ruleAmount=300", "-p", "episodes=8",
    };

    /// <summary>04-reinforcement is a template: a card file with other names, units and missing facts runs by parameters.</summary>
    [Fact]
    public void Reinforcement_notebook_runs_on_a_card_file_with_its_own_columns_given_as_parameters()
    {
        string folder = RunnerProcess.TempFolder();
        string csv = Path.Combine(folder, "train_transaction.csv");
        int heldOutFrauds = WriteCardFile(csv);
        string outDir = Path.Combine(folder, "out");

        var run = RunnerProcess.Run(new[] { "run", Path.Combine(RepoPaths.Notebooks, "04-reinforcement.ipynb"), "--out", outDir }.Concat(CardParameters(csv)).ToArray());

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var log = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "04-reinforcement.run.json")))!;
        var metrics = log["metrics"]!;
        // Every fraud of the last three days was read, as fraud, on the day its seconds put it.
        Assert.Equal(heldOutFrauds, metrics["heldout_anomalies"]!.GetValue<double>());
        foreach (var name in new[] { "heldout_caught_agent", "heldout_caught_rules", "heldout_false_alerts_agent", "heldout_false_alerts_rules", "decisions_per_second" })
            Assert.NotNull(metrics[name]);
        Assert.Equal("300", log["parameters"]!["ruleAmount"]!.GetValue<string>());
        string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(outDir, "04-reinforcement.html")));
        Assert.Contains("3,000 transactions, 120 accounts, 12 days (2000-01-02 to 2000-01-13)", report);
        Assert.Contains("0 rows set aside", report);
        Assert.Contains("does without: direction (every transaction is money out); balance (share of balance moved)", report);
        Assert.Contains("Rules: amount ≥ 300 or new country", report);
    }

    /// <summary>A file without the investigators' verdicts cannot teach an agent: the run stops saying which parameter to set.</summary>
    [Fact]
    public void Reinforcement_notebook_without_a_verdict_column_stops_naming_the_parameter_that_gives_it()
    {
        string folder = RunnerProcess.TempFolder();
        string csv = Path.Combine(folder, "train_transaction.csv");
        WriteCardFile(csv);

        var run = RunnerProcess.Run(new[] { "run", Path.Combine(RepoPaths.Notebooks, "04-reinforcement.ipynb"), "--out", Path.Combine(folder, "out") }
            .Concat(CardParameters(csv, incidentColumn: "")).ToArray());

        Assert.NotEqual(0, run.ExitCode);
        string said = run.Output + run.Error;
        Assert.Contains("None of the 9 training days holds a transaction marked as an incident (no verdict column was named)", said);
        Assert.Contains("incidentColumn", said);
        Assert.DoesNotContain("   at ", said);   // a message, not a stack trace
    }
}
