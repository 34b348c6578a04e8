using System.Globalization;

namespace Foundations.Runner;

/// <summary>Parses the runner's command line (small and explicit: every option is listed in <see cref="Help"/>).</summary>
public static class CommandLine
{
    public const string Usage = """
        foundations run <notebook.ipynb|folder>... [--out reports] [-p name=value]... [--no-input] [--continue-on-error] [--timeout seconds]
            Executes each notebook in its own process and writes <name>.ipynb (executed), <name>.html (report),
            <name>.run.json (run log) and index.html into --out. Exits non-zero naming the notebook and cell that failed.
        foundations runs [--notebook NAME] [--last N] [--where param=value]... [--sort metric] [--store runs.db] [--width 120]
            Lists one notebook's recorded runs (from the runner, VS Code, Jupyter, tests) with the parameters that
            differ and their metrics; without --notebook, the notebooks with runs. The store is artifacts/runs/runs.db
            at the repository root (FOUNDATIONS_RUNS moves it). --sort orders by a metric, highest first.
        foundations runs --compare A B
            What differs between runs A and B: parameters, metrics with deltas (B - A), artifacts (SHA-256), environment.
        foundations runs [--notebook NAME] [--last N] [--where param=value]... --export DIR
            Writes runs.csv, params.csv, metrics.csv, series.csv, artifacts.csv and an MLflow file-store layout (DIR/mlruns).
        foundations generate [--customers 10000] [--seed 42] [--period development|later|drifted] [--transaction-accounts N] [--days 60] --out folder
            Writes the synthetic bank (customers.csv, transactions.csv, planted_segments.csv).
        foundations score --model model.fnd --input customers.csv --output scores.csv [--reasons 3]
            Scores a CSV with a saved Prediction model; rows that cannot be scored are set aside and counted.
        """;

    public static int Help()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"foundations: {message}");
        Console.Error.WriteLine("Run 'foundations --help' for usage.");
        return 2;
    }

    /// <summary>Options of run/execute; notebooks may be files or folders (every .ipynb inside, sorted).</summary>
    public static RunOptions ParseRun(string[] args)
    {
        var notebooks = new List<string>();
        var parameters = new List<KeyValuePair<string, string>>();
        string outDir = "reports";
        bool noInput = false, continueOnError = false;
        TimeSpan? timeout = null;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value.");
            switch (a)
            {
                case "--out": case "-o": outDir = Next(); break;
                case "--no-input": noInput = true; break;
                case "--continue-on-error": continueOnError = true; break;
                case "--timeout":
                    var t = Next();
                    timeout = double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                        ? TimeSpan.FromSeconds(s) : throw new ArgumentException($"--timeout {t}: expected a positive number of seconds.");
                    break;
                case "-p": case "--parameter":
                    var p = Next();
                    int eq = p.IndexOf('=');
                    if (eq <= 0) throw new ArgumentException($"-p {p}: expected name=value.");
                    parameters.Add(new(p[..eq], p[(eq + 1)..]));
                    break;
                default:
                    if (a.StartsWith('-')) throw new ArgumentException($"unknown option '{a}'.");
                    if (Directory.Exists(a)) notebooks.AddRange(Directory.GetFiles(a, "*.ipynb").OrderBy(f => f, StringComparer.Ordinal));
                    else if (File.Exists(a)) notebooks.Add(a);
                    else throw new ArgumentException($"no notebook or folder at '{a}'.");
                    break;
            }
        }
        if (notebooks.Count == 0) throw new ArgumentException("no notebooks given.");
        return new RunOptions { Notebooks = notebooks, OutputFolder = outDir, Parameters = parameters, NoInput = noInput, ContinueOnError = continueOnError, CellTimeout = timeout };
    }

    /// <summary>The value of --name in <paramref name="args"/>, or <paramref name="fallback"/>.</summary>
    public static string? Option(string[] args, string name, string? fallback = null)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0) return fallback;
        return at + 1 < args.Length ? args[at + 1] : throw new ArgumentException($"{name} needs a value.");
    }
}
