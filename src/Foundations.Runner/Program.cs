using Foundations.Runner;

// foundations: executes notebooks headlessly and exports reports; also generates sample data, scores files and compares runs.
// Every failure ends as one line naming what to fix and exit code 2 (ExitCodes.Unusable); --verbose adds the stack trace.
return await FoundationsCommand.InvokeAsync(args);
