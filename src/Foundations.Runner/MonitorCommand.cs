using System.Text.Json;
using Foundations.Data;
using Foundations.Monitor;

namespace Foundations.Runner;

/// <summary>
/// `foundations monitor`: the nightly check of a batch against a saved model's monitoring reference. Writes the report,
/// the JSON summary and the features CSV, and exits with the worst light so a scheduler can alert.
/// </summary>
public static class MonitorCommand
{
    public static int Run(string[] args)
    {
        string model, current, outDir;
        string? reference;
        try
        {
            foreach (var a in args.Where(a => a.StartsWith('-')))
                if (a is not ("--model" or "--reference" or "--current" or "--out"))
                    throw new ArgumentException($"monitor: unknown option '{a}'.");
            model = CommandLine.Option(args, "--model") ?? throw new ArgumentException("monitor needs --model model.fnd.");
            current = CommandLine.Option(args, "--current") ?? throw new ArgumentException("monitor needs --current batch.csv.");
            outDir = CommandLine.Option(args, "--out") ?? throw new ArgumentException("monitor needs --out folder.");
            reference = CommandLine.Option(args, "--reference");
        }
        catch (ArgumentException e) { return CommandLine.Fail(e.Message); }

        MonitoringCheck check;
        try { check = MonitoringCheck.OfFiles(model, current, reference); }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or CsvLoadException or JsonException or UnauthorizedAccessException)
        {
            // Unusable input (no file, not a model, a missing column, nothing scorable): say why, exit 2, no report.
            Console.Error.WriteLine($"foundations monitor: unusable input: {e.Message}");
            return ExitCodes.Unusable;
        }
        try
        {
            foreach (var path in check.WriteTo(outDir, Foundations.Interactive.Reports.Page)) Console.WriteLine($"wrote {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"foundations monitor: cannot write to --out '{outDir}': {e.Message}");
            return ExitCodes.Unusable;
        }
        Console.WriteLine($"{check.Batch}: {check.RowsRead:N0} rows read, {check.RowsCompared:N0} compared, {check.SetAside.Count:N0} set aside.");
        Console.WriteLine($"{MonitoringCheck.Word(check.Worst)}: {check.Verdict()}");
        return ExitCodeOf(check.Worst);
    }

    /// <summary>The exit code for the worst light: 0 stable, 3 watch, 4 act.</summary>
    public static int ExitCodeOf(StabilityBand worst) => worst switch
    {
        StabilityBand.Stable => ExitCodes.Done,
        StabilityBand.Watch => ExitCodes.Watch,
        _ => ExitCodes.Act,
    };
}
