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
    /// <summary>Runs the command; returns the worst light's exit code, or <see cref="ExitCodes.Unusable"/>.</summary>
    public static int Run(string model, string current, string outDir, string? reference)
    {
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
