using System.Globalization;
using Foundations.Patterns.Prediction;

namespace Foundations.Runner;

/// <summary>`foundations score`: batch scoring of a CSV with a saved Prediction model (the notebook's BatchScoring.ScoreCsv).</summary>
public static class ScoreCommand
{
    public static int Run(string[] args)
    {
        string model = CommandLine.Option(args, "--model") ?? throw new ArgumentException("score needs --model model.fnd.");
        string input = CommandLine.Option(args, "--input") ?? throw new ArgumentException("score needs --input file.csv.");
        string output = CommandLine.Option(args, "--output") ?? throw new ArgumentException("score needs --output file.csv.");
        string reasonsText = CommandLine.Option(args, "--reasons", "3")!;
        if (!int.TryParse(reasonsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int reasons) || reasons < 0)
            throw new ArgumentException($"--reasons {reasonsText}: expected a whole number.");
        if (!File.Exists(input)) throw new ArgumentException($"--input: no file at '{input}'.");
        var report = BatchScoring.ScoreCsv(TrainedPrediction.Load(model), input, output, reasons);
        Console.WriteLine(report.ToString());
        return 0;
    }
}
