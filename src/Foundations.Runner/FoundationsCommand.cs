using System.CommandLine;
using System.CommandLine.Help;

namespace Foundations.Runner;

/// <summary>
/// The `foundations` command tree (System.CommandLine): every command, option and argument with its help text.
/// Parse errors (an unknown option, a missing value, a required option left out) print the error and the command's
/// help on standard error and exit with <see cref="ExitCodes.Unusable"/>; values are checked by the commands themselves.
/// </summary>
public static class FoundationsCommand
{
    private static readonly Option<bool> Verbose = new("--verbose") { Description = "Print the stack trace of a failure.", Recursive = true };

    /// <summary>Parses <paramref name="args"/> and runs the command; returns an <see cref="ExitCodes"/> value, never throws.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        // The overview (every command and the exit codes) is the kit's own text; `foundations <command> --help` is System.CommandLine's.
        if (args.Length == 0 || args[0] is "-h" or "--help" or "-?" or "help") return CommandLine.Help();
        var root = Build();
        if (!args[0].StartsWith('-') && root.Subcommands.All(c => c.Name != args[0])) return CommandLine.Fail($"unknown command '{args[0]}'");
        // No response files: a notebook path or parameter value starting with '@' is what it says.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        bool verbose = parsed.GetValue(Verbose);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"foundations: {error.Message}");
            var command = parsed.CommandResult.Command;
            if (command == root) Console.Error.WriteLine("Run 'foundations --help' for usage.");
            else
            {
                Console.Error.WriteLine();
                root.Parse(new[] { command.Name, "--help" }).Invoke(new InvocationConfiguration { Output = Console.Error });
            }
            return ExitCodes.Unusable;
        }
        try
        {
            // No System.CommandLine signal handling: `run` stops its notebook's process itself (StopSignals), and for the
            // other commands the runtime's quiet exit on Ctrl+C or SIGTERM is right (they write through temporary files).
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (ArgumentException e)
        {
            if (verbose) Console.Error.WriteLine(e);
            return CommandLine.Fail(e.Message);
        }
        catch (Exception e)
        {
            return CommandLine.Unusable(e, verbose);
        }
    }

    /// <summary>The command tree: run, execute (the child side of run), runs, generate, score, sign, monitor, alerts.</summary>
    public static Command Build()
    {
        // A plain Command rather than RootCommand, so that usage lines say `foundations` whatever the executable is called.
        var root = new Command("foundations", "Runs notebooks headlessly and writes reports; generates sample data, scores files, monitors batches and compares runs.");
        root.Options.Add(new HelpOption());
        root.Options.Add(Verbose);
        root.Subcommands.Add(Run("run", "Executes each notebook in its own process and writes <name>.ipynb (executed), <name>.html (report), <name>.run.json (run log) and index.html into --out.", RunCommand.RunAsync));
        var execute = Run("execute", "Runs one notebook in this process (the child side of 'run').", RunCommand.ExecuteOneAsync);
        execute.Hidden = true;
        root.Subcommands.Add(execute);
        root.Subcommands.Add(Runs());
        root.Subcommands.Add(Generate());
        root.Subcommands.Add(Score());
        root.Subcommands.Add(Sign());
        root.Subcommands.Add(Monitor());
        root.Subcommands.Add(Alerts());
        return root;
    }

    private static Command Run(string name, string description, Func<RunOptions, Task<int>> action)
    {
        var notebooks = new Argument<string[]>("notebooks") { Description = "Notebook files or folders (every .ipynb inside, sorted).", Arity = ArgumentArity.OneOrMore, HelpName = "notebook.ipynb|folder" };
        var outDir = new Option<string>("--out", "-o") { Description = "Folder for the executed notebooks, reports and run logs.", DefaultValueFactory = _ => "reports", HelpName = "folder" };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "A parameter injected after the cell tagged \"parameters\" (repeat for more); the name must be declared there.", HelpName = "name=value" };
        var noInput = new Option<bool>("--no-input") { Description = "Hide code cells in the HTML report (the reviewer version)." };
        var continueOnError = new Option<bool>("--continue-on-error") { Description = "Keep running cells and notebooks after a failure." };
        var timeout = new Option<string>("--timeout") { Description = "Limit for one cell, in seconds.", HelpName = "seconds" };
        var command = new Command(name, description) { notebooks, outDir, parameters, noInput, continueOnError, timeout };
        command.SetAction((parsed, _) => action(CommandLine.RunOptionsOf(
            parsed.GetValue(notebooks)!, parsed.GetValue(outDir)!, parsed.GetValue(parameters) ?? Array.Empty<string>(),
            parsed.GetValue(noInput), parsed.GetValue(continueOnError), parsed.GetValue(timeout))));
        return command;
    }

    private static Command Runs()
    {
        var notebookArgument = new Argument<string?>("notebook") { Description = "The notebook whose runs to list (same as --notebook).", Arity = ArgumentArity.ZeroOrOne };
        var notebook = new Option<string>("--notebook", "-n") { Description = "The notebook whose runs to list; without it, the notebooks with runs.", HelpName = "NAME" };
        var last = new Option<string>("--last") { Description = "Only the last N runs.", HelpName = "N" };
        var where = new Option<string[]>("--where") { Description = "Only runs with this parameter value (repeat for more).", HelpName = "param=value" };
        var sort = new Option<string>("--sort") { Description = "Order by a metric, highest first.", HelpName = "metric" };
        var export = new Option<string>("--export") { Description = "Write runs.csv, params.csv, metrics.csv, series.csv, artifacts.csv and an MLflow file-store layout (DIR/mlruns).", HelpName = "DIR" };
        var store = new Option<string>("--store") { Description = "The run store (default artifacts/runs/runs.db at the repository root; FOUNDATIONS_RUNS moves it).", HelpName = "runs.db" };
        var width = new Option<string>("--width") { Description = "Table width in characters (default 120).", HelpName = "120" };
        var compare = new Option<string[]>("--compare") { Description = "What differs between runs A and B: parameters, metrics (B - A), artifacts, environment.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true, HelpName = "A B" };
        var command = new Command("runs", "Lists one notebook's recorded runs with the parameters that differ and their metrics; compares two runs; exports runs.")
            { notebookArgument, notebook, last, where, sort, export, store, width, compare };
        command.SetAction(parsed =>
        {
            string? name = parsed.GetValue(notebook), positional = parsed.GetValue(notebookArgument);
            if (name is not null && positional is not null) throw new ArgumentException($"runs: one notebook at a time ('{name}' and '{positional}').");
            var asked = new RunsTable.Query(
                name ?? positional,
                parsed.GetValue(last) is { } n ? CommandLine.WholeNumber("--last", n, 1, "a positive whole number") : null,
                parsed.GetValue(where) ?? Array.Empty<string>(),
                parsed.GetValue(sort),
                parsed.GetValue(export),
                parsed.GetValue(store),
                parsed.GetValue(width) is { } w ? Math.Max(40, CommandLine.WholeNumber("--width", w, 1, "a positive whole number")) : 120,
                parsed.GetValue(compare) is { Length: 2 } pair ? (RunsTable.RunNumber(pair[0]), RunsTable.RunNumber(pair[1])) : null);
            return RunsTable.Run(asked);
        });
        return command;
    }

    private static Command Generate()
    {
        var customers = new Option<string>("--customers") { Description = "Number of customers.", DefaultValueFactory = _ => "10000", HelpName = "N" };
        var seed = new Option<string>("--seed") { Description = "Random seed: the same seed writes the same files.", DefaultValueFactory = _ => "42", HelpName = "N" };
        var period = new Option<string>("--period") { Description = "Which period to draw.", DefaultValueFactory = _ => "development" };
        period.AcceptOnlyFromAmong("development", "later", "drifted");
        var accounts = new Option<string>("--transaction-accounts") { Description = "Customers with transactions (default: all).", HelpName = "N" };
        var days = new Option<string>("--days") { Description = "Days of transactions.", DefaultValueFactory = _ => "60", HelpName = "N" };
        var outDir = new Option<string>("--out") { Description = "Folder for customers.csv, transactions.csv and planted_segments.csv.", Required = true, HelpName = "folder" };
        var command = new Command("generate", "Writes the synthetic bank (customers.csv, transactions.csv, planted_segments.csv).") { customers, seed, period, accounts, days, outDir };
        command.SetAction(parsed =>
        {
            // Each count says its own bound here, so the message names the option rather than the library's parameter.
            int Count(Option<string> option, int min, string expected) => CommandLine.WholeNumber(option.Name, parsed.GetValue(option)!, min, expected);
            return GenerateCommand.Run(parsed.GetValue(outDir)!,
                Count(customers, 1, "a positive whole number of customers"),
                Count(seed, 0, "a whole number, 0 or more"),
                parsed.GetValue(period)!,
                parsed.GetValue(accounts) is null ? null : Count(accounts, 0, "a whole number of customers, 0 or more"),
                Count(days, 14, "at least 14 days, so accounts have a history before incidents"));
        });
        return command;
    }

    private static Command Score()
    {
        var model = new Option<string>("--model") { Description = "A saved Prediction model (writes score and reasons) or Segmentation model (writes segment and segment_name).", Required = true, HelpName = "model.fnd" };
        var input = new Option<string>("--input") { Description = "The customers to score (CSV, .csv.gz, .zip, or an Excel workbook's sheet holding the most values), read with the model's schema.", Required = true, HelpName = "customers.csv" };
        var output = new Option<string>("--output") { Description = "The input's rows as it wrote them, with the scores (or segments) beside them; rows set aside are listed in <output>.set-aside.csv.", Required = true, HelpName = "scores.csv" };
        var reasons = new Option<string>("--reasons") { Description = "Reasons per score, 0 to 100.", DefaultValueFactory = _ => "3", HelpName = "3" };
        var maxSetAside = new Option<string>("--max-set-aside") { Description = "The share of rows that may be set aside before exit code 1 (0.05 or 5%).", HelpName = "0.05" };
        var publicKey = new Option<string>("--public-key") { Description = "The model file must carry a signature made with the matching private key.", HelpName = "bank.pub.pem" };
        var exitOnDrift = new Option<bool>("--exit-on-drift") { Description = "Segmentation model: exit 3 (watch) or 4 (act) when the segment shares moved from those at fitting, as foundations monitor does; exit 1 for rows set aside wins." };
        var command = new Command("score", "Scores a CSV with a saved Prediction model, or assigns each row a segment with a Segmentation model; rows that cannot be scored are set aside, counted and listed.") { model, input, output, reasons, maxSetAside, publicKey, exitOnDrift };
        command.SetAction(parsed => ScoreCommand.Run(parsed.GetValue(model)!, parsed.GetValue(input)!, parsed.GetValue(output)!,
            parsed.GetValue(reasons)!, parsed.GetValue(maxSetAside), parsed.GetValue(publicKey), parsed.GetValue(exitOnDrift)));
        return command;
    }

    private static Command Sign()
    {
        var model = new Option<string>("--model") { Description = "The model file to sign.", Required = true, HelpName = "model.fnd" };
        var key = new Option<string>("--private-key") { Description = "ECDSA P-256 private key, PEM.", Required = true, HelpName = "bank.pem" };
        var command = new Command("sign", "Signs a model file's manifest (ECDSA P-256); the manifest holds the SHA-256 of every entry.") { model, key };
        command.SetAction(parsed => SignCommand.Run(parsed.GetValue(model)!, parsed.GetValue(key)!));
        return command;
    }

    private static Command Monitor()
    {
        var model = new Option<string>("--model") { Description = "A saved model with its monitoring reference.", Required = true, HelpName = "model.fnd" };
        var reference = new Option<string>("--reference") { Description = "A monitoring reference other than the one saved with the model.", HelpName = "reference.fnd" };
        var current = new Option<string>("--current") { Description = "The batch to compare.", Required = true, HelpName = "batch.csv" };
        var outDir = new Option<string>("--out") { Description = "Folder for monitoring.html, monitoring.json and monitoring-features.csv.", Required = true, HelpName = "folder" };
        var command = new Command("monitor", "Compares a batch with the model's monitoring reference; exit code: the worst light (0 stable, 3 watch, 4 act; 2 unusable input).") { model, reference, current, outDir };
        command.SetAction(parsed => MonitorCommand.Run(parsed.GetValue(model)!, parsed.GetValue(current)!, parsed.GetValue(outDir)!, parsed.GetValue(reference)));
        return command;
    }

    private static Command Alerts()
    {
        var model = new Option<string>("--model") { Description = "A saved alert agent (notebook 04 saves one).", Required = true, HelpName = "alert-agent.fnd" };
        var input = new Option<string>("--input") { Description = "The transactions to review (CSV, .csv.gz, .zip, or an Excel workbook's sheet holding the most values), read with the columns the agent was trained on.", Required = true, HelpName = "transactions.csv" };
        var output = new Option<string>("--output") { Description = "One row per decision; rows set aside are listed in <output>.set-aside.csv.", Required = true, HelpName = "alerts.csv" };
        var history = new Option<string>("--history") { Description = "Earlier transactions, learned as the accounts' history (must end before the review starts).", HelpName = "earlier.csv" };
        var from = new Option<string>("--from") { Description = "Review from this day on; the input's earlier days are learned as history.", HelpName = "yyyy-MM-dd" };
        var budget = new Option<string>("--budget") { Description = "Alerts per day (default: the budget the agent was trained under).", HelpName = "N" };
        var maxSetAside = new Option<string>("--max-set-aside") { Description = "The share of the input's rows that may be set aside before exit code 1 (0.05 or 5%).", HelpName = "0.05" };
        var publicKey = new Option<string>("--public-key") { Description = "The agent file must carry a signature made with the matching private key.", HelpName = "bank.pub.pem" };
        var exitOnDrift = new Option<bool>("--exit-on-drift") { Description = "Exit 3 (watch) or 4 (act) when the reviewed days' activity moved from the days the agent learned from, as foundations monitor does; exit 1 for rows set aside wins." };
        var command = new Command("alerts", "Reviews a transactions file with a saved alert agent: learns the accounts' history, decides on each transaction, writes every decision with its reasons.")
            { model, input, output, history, from, budget, maxSetAside, publicKey, exitOnDrift };
        command.SetAction(parsed => AlertsCommand.Run(parsed.GetValue(model)!, parsed.GetValue(input)!, parsed.GetValue(output)!, parsed.GetValue(history),
            parsed.GetValue(from), parsed.GetValue(budget), parsed.GetValue(maxSetAside), parsed.GetValue(publicKey), parsed.GetValue(exitOnDrift)));
        return command;
    }
}
