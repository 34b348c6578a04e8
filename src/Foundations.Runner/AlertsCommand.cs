using System.Globalization;
using Foundations.Monitor;
using Foundations.Patterns;

namespace Foundations.Runner;

/// <summary>`foundations alerts`: the nightly review of a transactions file with a saved alert agent (the notebook's AlertReview.ReviewCsv).</summary>
public static class AlertsCommand
{
    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(string model, string input, string output, string? history, string? fromText, string? budgetText, string? maxSetAsideText, string? publicKey, bool exitOnDrift = false)
    {
        DateOnly? from = null;
        if (fromText is not null)
            from = DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day : throw new ArgumentException($"--from {fromText}: expected a day written yyyy-MM-dd, such as 2024-03-01.");
        int? budget = budgetText is null ? null : CommandLine.WholeNumber("--budget", budgetText, 0, "a whole number of alerts per day, 0 or more");
        double maxSetAside = ScoreCommand.ParseShare(maxSetAsideText);
        if (!File.Exists(input)) throw new ArgumentException($"--input: no file at '{input}'.");
        if (history is not null && !File.Exists(history)) throw new ArgumentException($"--history: no file at '{history}'.");

        if (publicKey is not null) Foundations.Training.ModelFile.TrustedKey = SignCommand.ReadKey(publicKey, "--public-key");

        string kind = Foundations.Training.ModelFile.KindOf(model);
        if (kind is "prediction model" or "segmentation model")
            throw new ArgumentException($"--model '{model}' is {(kind == "prediction model" ? "a prediction" : "a segmentation")} model: score a file with it, with `foundations score --model {model} --input customers.csv --output scores.csv`.");
        var agent = TrainedAlertAgent.Load(model);
        // Saved with the agent by Monitoring.FitActivity; read before anything is written, so a damaged one stops the run cleanly.
        var reference = MonitoringReference.IsSavedWith(model) ? MonitoringReference.Load(model) : null;
        if (exitOnDrift && reference is null)
            throw new ArgumentException($"--exit-on-drift: '{model}' holds no activity reference to compare the night with: save one with the agent (Monitoring.FitActivity(stream, split.Training).SaveWith(path), as notebook 04 does), or leave the option out.");
        StabilityBand? activity = null;
        var report = agent.ReviewCsv(input, output, history, from, budget);
        Console.WriteLine(report.ToString());
        // Are the reviewed days' facts like those of the days the agent learned from?
        if (reference is not null)
        {
            var drift = reference.Compare(report.Facts);
            activity = drift.OverallBand;
            var moved = drift.Features.Where(f => f.Band != StabilityBand.Stable).OrderByDescending(f => f.Csi.Value)
                .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} {f.Csi.Value:0.00}")).ToArray();
            // Daily cycles (salary days, weekends) move a single night's facts: the light means most over a week or more.
            string span = report.Days.Count >= 7 ? "" : string.Create(CultureInfo.InvariantCulture,
                $" Judge this light on a week or more: {report.Days.Count} day(s) reviewed, and daily cycles such as salary days and weekends move a single night's facts.");
            Console.WriteLine($"Activity against the days the agent learned from: {MonitoringCheck.Word(drift.OverallBand)}" +
                (moved.Length > 0 ? $" ({string.Join(", ", moved)}). " : ". ") + MonitoringReport.ActionFor(drift.OverallBand) +
                (drift.SmallSampleCaution is { } caution ? " " + caution : "") + span);
        }
        if (report.SetAside.Count > 0 && report.SetAsideShare > maxSetAside)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"foundations: {report.SetAsideShare:P1} of the rows were set aside, more than --max-set-aside {maxSetAside:P1}: see {report.SetAsideFile}. The decisions written are valid, but the batch needs a look (exit code {ExitCodes.SetAsideOverLimit})."));
            return ExitCodes.SetAsideOverLimit;
        }
        return exitOnDrift && activity is { } band ? MonitorCommand.ExitCodeOf(band) : ExitCodes.Done;
    }
}
