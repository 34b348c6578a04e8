using Foundations.Runner;

// foundations: executes notebooks headlessly and exports reports; also generates sample data and compares runs.
try
{
    return args.FirstOrDefault() switch
    {
        "run" => await RunCommand.RunAsync(CommandLine.ParseRun(args[1..])),
        "execute" => await RunCommand.ExecuteOneAsync(CommandLine.ParseRun(args[1..])),
        "runs" => RunsTable.Run(args[1..]),
        "generate" => GenerateCommand.Run(args[1..]),
        "score" => ScoreCommand.Run(args[1..]),
        null or "-h" or "--help" or "help" => CommandLine.Help(),
        var other => CommandLine.Fail($"unknown command '{other}'"),
    };
}
catch (ArgumentException e)
{
    return CommandLine.Fail(e.Message);
}
