using System.Globalization;
using System.Text;

namespace Foundations.Bench;

/// <summary>One benchmark task: a CSV with a 0/1 outcome, the columns that are not features, and what it tests.</summary>
public sealed record TabularTask(string Name, string CsvPath, string Target, string[] Exclude, string Shape);

/// <summary>
/// The deep-model benchmark: differently shaped tabular tasks, so defaults are chosen on more than the bundled bank
/// (synthetic, with threshold drivers that trees split exactly). Each generator is seeded and writes its CSV once to
/// artifacts/bench/tasks; the models then read it as a user's file would (Csv.Load, PrepareFor, a stratified split).
/// </summary>
public static class TabularTasks
{
    /// <summary>
    /// All tasks: the bundled churn and default outcomes, then the generated ones; FOUNDATIONS_BENCH_FILE="path;target;a,b"
    /// adds a file of one's own (a 0/1 target; a and b are columns that are not inputs) as the task "file".
    /// </summary>
    public static IReadOnlyList<TabularTask> All(string repoRoot, string outputFolder)
    {
        var tasks = Generated(repoRoot, outputFolder).ToList();
        if (Environment.GetEnvironmentVariable("FOUNDATIONS_BENCH_FILE") is { Length: > 0 } file)
        {
            var parts = file.Split(';');
            if (parts.Length != 3) throw new ArgumentException("FOUNDATIONS_BENCH_FILE: give path;target;excluded,columns.");
            tasks.Add(new TabularTask("file", parts[0], parts[1], parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries), Path.GetFileName(parts[0])));
        }
        return tasks;
    }

    private static IReadOnlyList<TabularTask> Generated(string repoRoot, string outputFolder)
    {
        string customers = Path.Combine(repoRoot, "data-samples", "customers.csv");
        string folder = Path.Combine(outputFolder, "tasks");
        Directory.CreateDirectory(folder);
        return new[]
        {
            new TabularTask("churn", customers, "churned_next_90d", new[] { "customer_id", "name", "defaulted_next_12m" }, "bundled bank, 4,000 rows, threshold drivers"),
            new TabularTask("default", customers, "defaulted_next_12m", new[] { "customer_id", "name", "churned_next_90d" }, "bundled bank, rare outcome"),
            Write(folder, "smooth", 12_000, Smooth, "12,000 rows, 12 numbers + 1 category, smooth and interacting effects"),
            Write(folder, "high_cardinality", 12_000, HighCardinality, "12,000 rows, categories with 400 and 150 levels + 4 numbers"),
            Write(folder, "many_weak", 10_000, ManyWeak, "10,000 rows, 120 correlated numbers each with a weak effect"),
        };
    }

    private delegate (string[] Header, Func<Random, (string[] Row, double Logit)> Draw) Generator(Random setup);

    private static TabularTask Write(string folder, string name, int rows, Generator generator, string shape)
    {
        string path = Path.Combine(folder, $"{name}.csv");
        var rng = new Random(name.Length * 7919 + rows); // fixed per task: same file every run
        var (header, draw) = generator(rng);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var truth = new StringBuilder("id,logit\n"); // the generator's own log-odds: the oracle no model can beat, never a feature
        text.AppendLine(string.Join(',', header.Prepend("id").Append("event")));
        for (int r = 0; r < rows; r++)
        {
            var (row, logit) = draw(rng);
            int label = rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
            text.Append(r.ToString(c)).Append(',').Append(string.Join(',', row)).Append(',').Append(label.ToString(c)).AppendLine();
            truth.Append(r.ToString(c)).Append(',').Append(logit.ToString("R", c)).AppendLine();
        }
        File.WriteAllText(TruthPath(path), truth.ToString());
        string content = text.ToString();
        if (!File.Exists(path) || File.ReadAllText(path) != content) File.WriteAllText(path, content);
        return new TabularTask(name, path, "event", new[] { "id" }, shape);
    }

    /// <summary>Where a generated task keeps each row's true log-odds (absent for the bundled tasks, whose truth is not written out).</summary>
    public static string TruthPath(string csvPath) => Path.ChangeExtension(csvPath, ".truth.csv");

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A bank where risk moves smoothly (age curve, utilisation S-curve, income × utilisation interaction), not in steps.</summary>
    private static (string[], Func<Random, (string[], double)>) Smooth(Random setup)
    {
        var regionEffect = Enumerable.Range(0, 8).Select(_ => 0.4 * Normal(setup)).ToArray();
        var header = new[] { "age", "income", "utilisation", "balance", "tenure_months", "products", "logins_30d", "salary_share", "noise_a", "noise_b", "noise_c", "noise_d", "region" };
        return (header, rng =>
        {
            double age = 18 + 62 * rng.NextDouble();
            double logIncome = 10.3 + 0.5 * Normal(rng);
            double utilisation = Math.Clamp(0.45 + 0.25 * Normal(rng), 0, 1.2);
            double balance = Math.Exp(7 + 1.2 * Normal(rng));
            double tenure = 120 * Math.Pow(rng.NextDouble(), 1.5);
            int products = 1 + (int)(4 * rng.NextDouble());
            double logins = Math.Max(0, 8 + 6 * Normal(rng));
            double salaryShare = rng.NextDouble();
            int region = rng.Next(8);
            double incomeZ = (logIncome - 10.3) / 0.5;
            double z = -1.3
                + 0.9 * Math.Sin((age - 18) / 10.0)
                + 1.2 * Math.Tanh(4 * (utilisation - 0.6))
                - 0.9 * incomeZ * (utilisation - 0.45)
                - 0.35 * Math.Log(1 + balance / 1000)
                + 0.6 * Math.Exp(-tenure / 24)
                + 0.3 * Math.Cos(products * 1.3)
                - 0.5 * Math.Tanh((logins - 8) / 5) * salaryShare
                + regionEffect[region];
            var row = new[] { F(age), F(Math.Exp(logIncome)), F(utilisation), F(balance), F(tenure), products.ToString(CultureInfo.InvariantCulture), F(logins), F(salaryShare),
                F(Normal(rng)), F(Normal(rng)), F(rng.NextDouble()), F(Normal(rng)), $"R{region}" };
            return (row, z);
        });
    }

    /// <summary>Two high-cardinality categories (branch, merchant) carry most of the signal; four numbers add a little.</summary>
    private static (string[], Func<Random, (string[], double)>) HighCardinality(Random setup)
    {
        var branch = Enumerable.Range(0, 400).Select(_ => 0.8 * Normal(setup)).ToArray();
        var merchant = Enumerable.Range(0, 150).Select(_ => 0.7 * Normal(setup)).ToArray();
        // Branch popularity is skewed (a few big branches, many small ones), as in real bank data.
        var branchWeight = Enumerable.Range(0, 400).Select(i => 1.0 / Math.Pow(i + 1, 0.7)).ToArray();
        double total = branchWeight.Sum();
        var cumulative = new double[400];
        double running = 0;
        for (int i = 0; i < 400; i++) cumulative[i] = running += branchWeight[i] / total;
        var header = new[] { "age", "income", "balance", "tenure_months", "branch", "merchant_category" };
        return (header, rng =>
        {
            int b = Math.Min(399, Array.BinarySearch(cumulative, rng.NextDouble()) is var at && at < 0 ? ~at : at);
            int m = rng.Next(150);
            double age = 18 + 62 * rng.NextDouble(), income = Normal(rng), balance = Normal(rng), tenure = 120 * rng.NextDouble();
            double z = -1.2 + branch[b] + merchant[m] + 0.3 * income - 0.2 * balance + 0.004 * (age - 45);
            return (new[] { F(age), F(income), F(balance), F(tenure), $"B{b:000}", $"M{m:000}" }, z);
        });
    }

    /// <summary>120 numbers driven by 10 shared factors; each has a small effect and none stands out.</summary>
    private static (string[], Func<Random, (string[], double)>) ManyWeak(Random setup)
    {
        const int p = 120, factors = 10;
        var loading = new double[p, factors];
        for (int j = 0; j < p; j++)
            for (int f = 0; f < factors; f++) loading[j, f] = setup.NextDouble() < 0.3 ? 0.6 * Normal(setup) : 0;
        var beta = Enumerable.Range(0, p).Select(_ => 0.09 * Normal(setup)).ToArray();
        var header = Enumerable.Range(0, p).Select(j => $"f{j:000}").ToArray();
        return (header, rng =>
        {
            var factor = Enumerable.Range(0, factors).Select(_ => Normal(rng)).ToArray();
            var row = new string[p];
            double z = -1.0;
            for (int j = 0; j < p; j++)
            {
                double x = Normal(rng);
                for (int f = 0; f < factors; f++) x += loading[j, f] * factor[f];
                z += beta[j] * x;
                row[j] = F(x);
            }
            return (row, z);
        });
    }
}
