using System.Globalization;
using Foundations.Patterns;

namespace Foundations.Runner;

/// <summary>`foundations score`: batch scoring of a CSV with a saved Prediction model, or segment assignment with a Segmentation model (BatchScoring.ScoreCsv, AssignCsv).</summary>
public static class ScoreCommand
{
    /// <summary>The share of rows that may be set aside before the run exits with <see cref="ExitCodes.SetAsideOverLimit"/>.</summary>
    public const double DefaultMaxSetAside = 0.05;

    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(string model, string input, string output, string reasonsText, string? maxSetAsideText, string? publicKey, bool exitOnDrift = false)
    {
        if (!int.TryParse(reasonsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int reasons) || reasons is < 0 or > 100)
            throw new ArgumentException($"--reasons {reasonsText}: expected a whole number from 0 to 100.");
        double maxSetAside = ParseShare(maxSetAsideText);
        if (!File.Exists(input)) throw new ArgumentException($"--input: no file at '{input}'.");
        if (Foundations.Data.AtomicFile.SamePath(input, output))
            throw new ArgumentException($"--output '{output}' is the --input file: scoring would overwrite it. Give another output path.");

        if (publicKey is not null) Foundations.Training.ModelFile.TrustedKey = SignCommand.ReadKey(publicKey, "--public-key");

        // A segmentation model assigns segments; any other file is read as a prediction model, which names what it holds.
        ScoringReport report;
        string kind = Foundations.Training.ModelFile.KindOf(model);
        if (kind == "alert agent")
            throw new ArgumentException($"--model '{model}' is an alert agent: it reviews transactions, with `foundations alerts --model {model} --input transactions.csv --output alerts.csv`.");
        if (kind == "segmentation model")
        {
            using var segmentation = TrainedSegmentation.Load(model);
            if (exitOnDrift && segmentation.SegmentSizes.Count == 0)
                throw new ArgumentException($"--exit-on-drift: '{model}' does not keep its segment sizes at fitting (saved by an earlier version), so there are no shares to compare: train and save it again, or leave the option out.");
            report = BatchScoring.AssignCsv(segmentation, input, output);
        }
        else
        {
            if (exitOnDrift)
                throw new ArgumentException($"--exit-on-drift applies to a segmentation model; a prediction model's batches are checked with `foundations monitor --model {model} --current {input} --out monitoring`, whose exit code is the light.");
            report = BatchScoring.ScoreCsv(TrainedPrediction.Load(model), input, output, reasons);
        }
        Console.WriteLine(report.ToString());
        Foundations.Monitor.StabilityBand? drift = null;
        // Segments that grow or empty: the shares' stability index against fitting (models saved with their sizes).
        if (report.Segments.Count > 0 && report.RowsScored > 0 && report.Segments.All(s => s.ShareAtFitting is not null))
        {
            var shift = Foundations.Monitor.Monitoring.SegmentShift(report);
            var test = Foundations.Monitor.Monitoring.SegmentShareTest(report);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Segment shares against fitting: stability index {shift.Value:0.000} ({Foundations.Monitor.MonitoringCheck.Word(shift.Band)}); chi-squared test of the shares {(test.PValue < 0.0001 ? "p < 0.0001" : $"p = {test.PValue:0.####}")}. {Foundations.Monitor.MonitoringReport.ActionFor(shift.Band)}"));
            drift = shift.Band;
        }
        if (report.SetAside.Count > 0 && report.SetAsideShare > maxSetAside)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"foundations: {report.SetAsideShare:P1} of the rows were set aside, more than --max-set-aside {maxSetAside:P1}: see {report.SetAsideFile}. The scores written are valid, but the batch needs a look (exit code {ExitCodes.SetAsideOverLimit})."));
            return ExitCodes.SetAsideOverLimit;
        }
        return exitOnDrift && drift is { } band ? MonitorCommand.ExitCodeOf(band) : ExitCodes.Done;
    }

    /// <summary>A share written as 0.05 or 5%; absent means <see cref="DefaultMaxSetAside"/>.</summary>
    internal static double ParseShare(string? text)
    {
        if (text is null) return DefaultMaxSetAside;
        bool percent = text.EndsWith('%');
        if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new ArgumentException($"--max-set-aside {text}: expected a share such as 0.05 or 5%.");
        if (percent) v /= 100;
        if (v is < 0 or > 1) throw new ArgumentException($"--max-set-aside {text}: expected a share from 0 to 1 (0% to 100%).");
        return v;
    }
}
