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
        foundations score --model model.fnd --input customers.csv --output scores.csv [--reasons 3] [--max-set-aside 0.05] [--public-key bank.pub.pem] [--exit-on-drift]
            Scores a CSV with a saved Prediction model (score, reason_1..N), or with a Segmentation model assigns each row
            its segment (segment, segment_name), reading it with the model's schema; rows that cannot be scored are set
            aside, counted and listed with their line in <output>.set-aside.csv. With --public-key bank.pub.pem the
            model file must carry a signature made with the matching private key. A segmentation model's run prints
            the segment shares against fitting (stability index, chi-squared p-value); --exit-on-drift makes its light
            the exit code.
        foundations sign --model model.fnd --private-key bank.pem
            Signs a model file's manifest (ECDSA P-256); the manifest holds the SHA-256 of every entry.
        foundations monitor --model model.fnd [--reference reference.fnd] --current batch.csv --out folder
            Compares a batch with the model's monitoring reference (saved with the model unless --reference is given);
            writes monitoring.html, monitoring.json and monitoring-features.csv. Exit code: the worst light
            (0 stable, 3 watch, 4 act; 2 unusable input).
        foundations alerts --model alert-agent.fnd --input transactions.csv --output alerts.csv [--history earlier.csv] [--from yyyy-MM-dd] [--budget N] [--max-set-aside 0.05] [--public-key bank.pub.pem] [--exit-on-drift]
            Reviews transactions with a saved alert agent, reading them with the columns it was trained on: learns the
            accounts' history (--history, and the input's days before --from), decides on each later transaction as the
            live monitor would, and writes every decision (pass, watch, alert) with the facts that drove it; rows that
            cannot be read are set aside, counted and listed with their line in <output>.set-aside.csv. An agent saved
            with its activity reference prints the light of the reviewed days' facts; --exit-on-drift makes it the exit code.
        Any command: --verbose prints the stack trace of a failure; foundations <command> --help lists its options.

        Exit codes (every command):
            0  done; rows set aside (if any) are counted and listed
            1  done, but not cleanly: score or alerts set aside more than --max-set-aside (default 5%) of the rows;
               run/execute had a notebook fail (named in the message)
            2  the input, model or arguments cannot be used: the message names the file and what to do
            3  monitor (and score or alerts with --exit-on-drift): the worst light is watch
            4  monitor (and score or alerts with --exit-on-drift): the worst light is act
            130, 143  run stopped by Ctrl+C or SIGTERM: the notebook then running was stopped, later ones not started
        """;

    /// <summary>Prints the usage; exit code 0.</summary>
    public static int Help()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    /// <summary>Prints an argument error and the hint to --help; returns <see cref="ExitCodes.Unusable"/>.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine($"foundations: {message.ReplaceLineEndings(" ")}");
        Console.Error.WriteLine("Run 'foundations --help' for usage.");
        return ExitCodes.Unusable;
    }

    /// <summary>Prints any other failure as one line (its message names the file), the stack trace only when <paramref name="verbose"/>; returns <see cref="ExitCodes.Unusable"/>.</summary>
    public static int Unusable(Exception e, bool verbose)
    {
        string message = e.Message.ReplaceLineEndings(" ");
        // Messages from the file system name the path; others get the kind of failure so the line still says what happened.
        if (e is UnauthorizedAccessException or DirectoryNotFoundException or PathTooLongException or IOException && e is not FileNotFoundException)
            message = $"cannot read or write a file: {message}";
        Console.Error.WriteLine($"foundations: {message}");
        Console.Error.WriteLine(verbose ? e.ToString() : "Nothing more was written. Run again with --verbose for the stack trace.");
        return ExitCodes.Unusable;
    }

    /// <summary>Options of run/execute; notebooks may be files or folders (every .ipynb inside, sorted).</summary>
    public static RunOptions RunOptionsOf(IReadOnlyList<string> paths, string outDir, IReadOnlyList<string> parameterTexts, bool noInput, bool continueOnError, string? timeoutText)
    {
        var notebooks = new List<string>();
        foreach (var a in paths)
        {
            if (Directory.Exists(a)) notebooks.AddRange(Directory.GetFiles(a, "*.ipynb").OrderBy(f => f, StringComparer.Ordinal));
            else if (File.Exists(a)) notebooks.Add(a);
            else throw new ArgumentException($"no notebook or folder at '{a}'.");
        }
        if (notebooks.Count == 0) throw new ArgumentException("no notebooks given.");
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var p in parameterTexts)
        {
            int eq = p.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"-p {p}: expected name=value.");
            // A repeated name would silently keep one of the values: refuse it so the run does what was asked.
            if (parameters.Any(x => x.Key == p[..eq]))
                throw new ArgumentException($"-p {p}: parameter '{p[..eq]}' is given more than once (first as -p {p[..eq]}={parameters.First(x => x.Key == p[..eq]).Value}); give each parameter once.");
            parameters.Add(new(p[..eq], p[(eq + 1)..]));
        }
        TimeSpan? timeout = null;
        if (timeoutText is not null)
            timeout = double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                ? TimeSpan.FromSeconds(s) : throw new ArgumentException($"--timeout {timeoutText}: expected a positive number of seconds.");
        return new RunOptions { Notebooks = notebooks, OutputFolder = outDir, Parameters = parameters, NoInput = noInput, ContinueOnError = continueOnError, CellTimeout = timeout };
    }

    /// <summary>A whole number option value; <paramref name="min"/> is the smallest accepted.</summary>
    internal static int WholeNumber(string option, string value, int min, string expected) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min ? n : throw new ArgumentException($"{option} {value}: expected {expected}.");
}
