using Foundations.Runner;

// foundations: executes notebooks headlessly and exports reports; also generates sample data, scores files and compares runs.
// Every failure ends as one line naming what to fix and exit code 2 (ExitCodes.Unusable); --verbose adds the stack trace.
bool verbose = args.Contains("--verbose");
args = args.Where(a => a != "--verbose").ToArray();
try
{
    return args.FirstOrDefault() switch
    {
        "run" => await RunCommand.RunAsync(CommandLine.ParseRun(args[1..])),
        "execute" => await RunCommand.ExecuteOneAsync(CommandLine.ParseRun(args[1..])),
        "runs" => RunsTable.Run(args[1..]),
        "generate" => GenerateCommand.Run(args[1..]),
        "score" => ScoreCommand.Run(args[1..]),
        "monitor" => MonitorCommand.Run(args[1..]),
        "sign" => SignCommand.Run(args[1..]),
        null or "-h" or "--help" or "help" => CommandLine.Help(),
        var other => CommandLine.Fail($"unknown command '{other}'"),
    };
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
