using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Foundations.Tests.Runner;

/// <summary>
/// The `dotnet new` templates in templates/: installed into a throwaway template cache (never the user's), each
/// creates a project outside the repository whose notebook runs through `foundations run` with -p on a CSV it has
/// never seen, with other column names than the sample bank's.
/// </summary>
[Trait("Speed", "Slow")]
public class TemplateTests
{
    private static readonly Lazy<string> Hive = new(() =>
    {
        string hive = RunnerProcess.TempFolder();
        var install = DotnetNew(RepoPaths.Root, "install", Path.Combine(RepoPaths.Root, "templates"), "--debug:custom-hive", hive);
        Assert.True(install.ExitCode == 0, install.Output);
        return hive;
    });

    private static (int ExitCode, string Output) DotnetNew(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("new");
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException("dotnet new " + string.Join(' ', args) + " hung."); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Creates a project from <paramref name="template"/> in a fresh folder outside the repository, with the kit feed given by --kit-feed.</summary>
    private static string Create(string template, string name, params string[] options)
    {
        string folder = RunnerProcess.TempFolder();
        var args = new List<string> { template, "-n", name, "-o", Path.Combine(folder, name), "--debug:custom-hive", Hive.Value,
            "--kit-feed", Path.Combine(RepoPaths.Root, "artifacts", "packages") };
        args.AddRange(options);
        var created = DotnetNew(folder, args.ToArray());
        Assert.True(created.ExitCode == 0, created.Output);
        string project = Path.Combine(folder, name);
        foreach (var file in new[] { $"{name}.ipynb", "README.md", "NuGet.config", $"tests/{name}.Tests/{name}.Tests.csproj", $"tests/{name}.Tests/NotebookTests.cs" })
            Assert.True(File.Exists(Path.Combine(project, file)), $"{template} did not create {file}");
        return project;
    }

    private static JsonNode RunNotebook(string project, string name, params string[] parameters)
    {
        string outDir = RunnerProcess.TempFolder();
        var args = new List<string> { "run", Path.Combine(project, name + ".ipynb"), "--out", outDir };
        foreach (var p in parameters) { args.Add("-p"); args.Add(p); }
        var result = RunnerProcess.Run(args.ToArray());
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, name + ".run.json")))!;
    }

    private static string Parameters(string notebook) =>
        string.Concat(JsonNode.Parse(File.ReadAllText(notebook))!["cells"]!.AsArray()
            .First(c => c!["metadata"]?["tags"]?.AsArray().Any(t => t!.GetValue<string>() == "parameters") == true)!["source"]!.AsArray().Select(l => l!.GetValue<string>()));

    [Fact]
    public void Prediction_template_project_runs_on_a_new_csv_with_run_time_parameters()
    {
        string project = Create("foundations-prediction", "Loans", "--target", "defaulted", "--positive-label", "yes", "--negative-labels", "no", "--id-columns", "application_ref", "--exclude-columns", "", "--epochs", "3");
        string parameters = Parameters(Path.Combine(project, "Loans.ipynb"));
        Assert.Contains("string target = \"defaulted\";", parameters);
        Assert.Contains("string idColumns = \"application_ref\";", parameters);
        Assert.Contains("string negativeLabels = \"no\";", parameters);
        Assert.Contains(Path.Combine(RepoPaths.Root, "artifacts", "packages"), File.ReadAllText(Path.Combine(project, "NuGet.config")));

        // A loan file the kit has never seen: other columns, text labels, an applicant's age, applications still pending.
        var rng = new Random(11);
        int pending = 0;
        var csv = new StringBuilder("application_ref,amount_requested,years_employed,home_status,debt_ratio,age,defaulted\n");
        for (int i = 0; i < 400; i++)
        {
            int years = rng.Next(0, 30);
            string home = new[] { "own", "rent", "mortgage" }[rng.Next(3)];
            double debt = rng.NextDouble();
            bool defaulted = rng.NextDouble() < 0.05 + 0.5 * debt - 0.008 * years + (home == "rent" ? 0.1 : 0);
            string outcome = i % 20 == 7 ? "pending" : defaulted ? "yes" : "no";
            if (outcome == "pending") pending++;
            csv.Append(CultureInfo.InvariantCulture, $"L{i:0000},{rng.Next(1000, 40000)},{years},{home},{debt:0.000},{rng.Next(18, 80)},{outcome}\n");
        }
        string data = Path.Combine(project, "loans.csv");
        File.WriteAllText(data, csv.ToString());

        var run = RunNotebook(project, "Loans", $"dataPath={data}", "seed=5");
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.InRange(run["metrics"]!["test_auc_deep"]!.GetValue<double>(), 0.5, 1.0);
        Assert.Equal("5", run["parameters"]!["seed"]!.GetValue<string>());
        // The pending applications are neither yes nor no: set aside before the split, counted in the outcomes table.
        Assert.Equal(400 - pending, int.Parse(run["parameters"]!["train_rows"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            + int.Parse(run["parameters"]!["test_rows"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        // The applicant's age is a protected characteristic: the project compares the model's outcomes by age band.
        Assert.InRange(run["metrics"]!["impact_ratio_age"]!.GetValue<double>(), 0.0, 1.0);
        Assert.True(File.Exists(Path.Combine(project, "artifacts", "models", "defaulted.fnd")));
    }

    [Fact]
    public void Segmentation_template_project_runs_on_a_new_csv_with_run_time_parameters()
    {
        string project = Create("foundations-segmentation", "Members", "--id-columns", "member_no", "--exclude-columns", "", "--outcome-column", "", "--k", "3");
        var rng = new Random(12);
        var csv = new StringBuilder("member_no,visits_per_month,basket_value,years_member,favourite_store\n");
        for (int i = 0; i < 300; i++)
        {
            int group = i % 3; // three planted groups of members
            csv.Append(CultureInfo.InvariantCulture, $"M{i:0000},{2 + 8 * group + rng.NextDouble() * 2:0.00},{20 + 40 * (2 - group) + rng.NextDouble() * 10:0.00},{rng.Next(1, 15)},{new[] { "north", "south", "centre" }[rng.Next(3)]}\n");
        }
        string data = Path.Combine(project, "members.csv");
        File.WriteAllText(data, csv.ToString());

        var run = RunNotebook(project, "Members", $"dataPath={data}");
        Assert.Equal(3, run["metrics"]!["k"]!.GetValue<double>());
        Assert.True(run["metrics"]!["silhouette"]!.GetValue<double>() > 0.2, $"silhouette {run["metrics"]!["silhouette"]}");
    }

    [Fact]
    public void Reinforcement_template_project_maps_other_column_names_and_runs()
    {
        string project = Create("foundations-reinforcement", "CardAlerts", "--held-out-days", "4", "--episodes", "3");
        // The sample bank's transactions for 40 accounts, under the names another system uses.
        var bank = Foundations.Data.SampleBank.Generate(customers: 40, seed: 5, transactionAccounts: 40, days: 22);
        string folder = RunnerProcess.TempFolder();
        bank.WriteCsv(folder);
        var lines = File.ReadAllLines(Path.Combine(folder, "transactions.csv"));
        lines[0] = lines[0].Replace("customer_id", "acct").Replace("timestamp", "booked_at");
        // ... its own direction values and verdict words ...
        int verdict = Array.IndexOf(lines[0].Split(','), "is_anomaly");
        lines = lines.Select((l, n) => n == 0 ? l : string.Join(',', l.Replace(",debit,", ",D,").Replace(",credit,", ",C,").Split(',')
            .Select((f, i) => i == verdict ? (f == "1" ? "fraud" : "ok") : f))).ToArray();
        // ... and without the channel column, which that system does not keep.
        int channel = Array.IndexOf(lines[0].Split(','), "channel");
        lines = lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != channel))).ToArray();
        string data = Path.Combine(project, "payments.csv");
        File.WriteAllLines(data, lines);

        var run = RunNotebook(project, "CardAlerts", $"dataPath={data}", "renameColumns=acct=customer_id,booked_at=timestamp,=channel",
            "moneyOutValues=D", "moneyInValues=C", "incidentValues=fraud");
        Assert.NotNull(run["metrics"]!["heldout_caught_agent"]);
        Assert.NotNull(run["metrics"]!["heldout_caught_rules"]);
        Assert.True(run["metrics"]!["heldout_caught_agent"]!.GetValue<double>() + run["metrics"]!["heldout_caught_rules"]!.GetValue<double>() > 0,
            "the verdict words were read: some held-out incident was caught by the agent or the rules");
        // The agent is saved with the facts of its training days, for `foundations alerts` to compare each review with.
        Assert.True(Foundations.Monitor.MonitoringReference.IsSavedWith(Path.Combine(project, "artifacts", "models", "alert-agent.fnd")));
    }
}
