using System.Globalization;
using System.Text;
using Foundations.Data;
using Foundations.Training;
using Microsoft.Data.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Tutorial;

/// <summary>The model's curve and its error at one moment of learning.</summary>
/// <param name="Step">How many learning steps had been taken.</param>
/// <param name="LogLoss">The average surprise at what really happened (lower is better; guessing the overall rate gives the baseline).</param>
/// <param name="Curve">The predicted probability at each point of <see cref="OneSignalLesson.Grid"/>.</param>
public sealed record LearningSnapshot(int Step, double LogLoss, IReadOnlyList<double> Curve);

/// <summary>A lesson while it learns: the snapshots so far, and whether learning has finished.</summary>
/// <param name="SoFar">The lesson up to the latest snapshot.</param>
/// <param name="Finished">True once, after the last step.</param>
public sealed record LessonProgress(OneSignalLesson SoFar, bool Finished);

/// <summary>
/// A tiny neural network (one input, 16 hidden units) learning how one signal relates to an outcome, kept at several
/// moments so a reader watches its curve move from a blind guess onto the observed rates. For the start-here tutorial:
/// it shows what "learning" means, not a model to use.
/// </summary>
public sealed class OneSignalLesson
{
    private static readonly int[] SnapshotSteps = { 0, 5, 20, 60, 150, 400 };

    /// <summary>The last learning step (400).</summary>
    public static int FinalStep => SnapshotSteps[^1];

    /// <summary>Where <see cref="Learn"/> shows a lesson while it learns when given no reporter: the notebook layer sets it (null: nowhere).</summary>
    public static Func<IProgress<LessonProgress>?>? LiveView { get; set; }

    private OneSignalLesson(string signal, string outcome, int customers, int setAside, double overallRate,
        double[] grid, LearningSnapshot[] snapshots, (double Centre, double Rate, int Customers)[] observed, double[] lossByStep)
    {
        Signal = signal;
        Outcome = outcome;
        Customers = customers;
        SetAside = setAside;
        OverallRate = overallRate;
        Grid = grid;
        Snapshots = snapshots;
        Observed = observed;
        LossByStep = lossByStep;
    }

    /// <summary>The input column the model looked at.</summary>
    public string Signal { get; }

    /// <summary>The 0/1 column it learned to predict.</summary>
    public string Outcome { get; }

    /// <summary>Customers it learned from.</summary>
    public int Customers { get; }

    /// <summary>Customers set aside because the signal or outcome was missing (counted, not hidden).</summary>
    public int SetAside { get; }

    /// <summary>The share of customers with the outcome: the best guess without looking at the signal.</summary>
    public double OverallRate { get; }

    /// <summary>Signal values at which the curves are drawn (1st to 99th percentile).</summary>
    public IReadOnlyList<double> Grid { get; }

    /// <summary>The model at steps 0, 5, 20, 60, 150 and 400.</summary>
    public IReadOnlyList<LearningSnapshot> Snapshots { get; }

    /// <summary>The observed outcome rate in ten bands of the signal (centre, rate, customers).</summary>
    public IReadOnlyList<(double Centre, double Rate, int Customers)> Observed { get; }

    /// <summary>Log loss after every step.</summary>
    public IReadOnlyList<double> LossByStep { get; }

    /// <summary>The log loss of always guessing the overall rate: what the model must beat to have learned anything.</summary>
    public double GuessingLogLoss => -(OverallRate * Math.Log(OverallRate) + (1 - OverallRate) * Math.Log(1 - OverallRate));

    /// <summary>
    /// Teaches a tiny network to predict <paramref name="outcome"/> (0/1) from <paramref name="signal"/> (a number).
    /// In a notebook the curve chart updates while it learns (<paramref name="whileLearning"/>, else <see cref="LiveView"/>).
    /// </summary>
    public static OneSignalLesson Learn(DataFrame customers, string signal, string outcome, int seed = 42, IProgress<LessonProgress>? whileLearning = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var x = Column(customers, signal, nameof(signal));
        var y = Column(customers, outcome, nameof(outcome));
        var keep = Enumerable.Range(0, x.Length).Where(i => !double.IsNaN(x[i]) && !double.IsNaN(y[i])).ToArray();
        int bad = Array.FindIndex(keep, i => y[i] is not (0 or 1));
        if (bad >= 0)
            throw new ArgumentException($"Column '{outcome}' holds {y[keep[bad]]} at row {keep[bad]}; the outcome must be 0 or 1.", nameof(outcome));
        var xs = keep.Select(i => x[i]).ToArray();
        var ys = keep.Select(i => y[i]).ToArray();
        double rate = ys.Average();
        if (rate is 0 or 1)
            throw new ArgumentException($"Column '{outcome}' has only one value among the {ys.Length} customers; there is nothing to learn.", nameof(outcome));

        var sorted = xs.OrderBy(v => v).ToArray();
        double low = Quantile(sorted, 0.01), high = Quantile(sorted, 0.99);
        if (high <= low) { low = sorted[0]; high = sorted[^1]; }
        if (high <= low)
            throw new ArgumentException($"Column '{signal}' has the same value for every customer; pick a signal that varies.", nameof(signal));
        var grid = Enumerable.Range(0, 61).Select(i => low + (high - low) * i / 60.0).ToArray();
        double mean = xs.Average(), sd = Math.Sqrt(xs.Average(v => (v - mean) * (v - mean)));

        var snapshots = new List<LearningSnapshot>();
        var losses = new List<double>();
        var observed = Bands(xs, ys);
        var live = whileLearning ?? LiveView?.Invoke();
        OneSignalLesson SoFar() => new(signal, outcome, ys.Length, x.Length - ys.Length, rate, grid, snapshots.ToArray(), observed, losses.ToArray());

        using (TorchRandomness.Seeded(seed))
        using (TorchThreads.SingleWhen(true, Devices.Cpu))
        {
            var output = nn.Linear(16, 1);
            // A blind start: the output layer begins at zero, so step 0 says 50% for everyone and every later bend is learned.
            using (no_grad()) { output.weight!.zero_(); output.bias!.zero_(); }
            using var network = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), output);
            // The kit's Adam: TorchSharp's lets its step sizes be collected mid-call (see Training.TensorArithmetic).
            using var optimizer = new FlatAdam(network.parameters(), learningRate: 0.03, weightDecay: 0);
            using var inputs = tensor(xs.Select(v => (float)((v - mean) / sd)).ToArray()).reshape(-1, 1);
            using var targets = tensor(ys.Select(v => (float)v).ToArray()).reshape(-1, 1);
            using var gridInputs = tensor(grid.Select(v => (float)((v - mean) / sd)).ToArray()).reshape(-1, 1);
            for (int step = 0; step <= SnapshotSteps[^1]; step++)
            {
                using var scope = NewDisposeScope();
                if (SnapshotSteps.Contains(step))
                {
                    using (no_grad())
                    {
                        double loss = nn.functional.binary_cross_entropy_with_logits(network.forward(inputs), targets).item<float>();
                        var curve = sigmoid(network.forward(gridInputs)).data<float>().Select(v => (double)v).ToArray();
                        snapshots.Add(new LearningSnapshot(step, loss, curve));
                    }
                    live?.Report(new LessonProgress(SoFar(), Finished: false));
                }
                if (step == SnapshotSteps[^1]) break;
                optimizer.ZeroGrad();
                var stepLoss = nn.functional.binary_cross_entropy_with_logits(network.forward(inputs), targets);
                stepLoss.backward();
                optimizer.Step();
                losses.Add(stepLoss.item<float>());
            }
        }
        var lesson = SoFar();
        live?.Report(new LessonProgress(lesson, Finished: true));
        return lesson;
    }



    /// <summary>What the finished curve says, in plain words, from the numbers themselves.</summary>
    public IReadOnlyList<string> Findings()
    {
        var final = Snapshots[^1];
        int lowest = Array.IndexOf(final.Curve.ToArray(), final.Curve.Min()), highest = Array.IndexOf(final.Curve.ToArray(), final.Curve.Max());
        return new[]
        {
            $"Before learning (step 0) the model says {Pct(Snapshots[0].Curve[0])} for everyone: it has not yet looked at {Signal}.",
            $"After {final.Step} steps it predicts {Pct(final.Curve[lowest])} at {Signal} = {N(Grid[lowest])} and {Pct(final.Curve[highest])} at {Signal} = {N(Grid[highest])}: " +
            $"it found how the chance of {Outcome} changes with {Signal}, from examples alone.",
            $"Its error fell from {Snapshots[0].LogLoss.ToString("0.000", CultureInfo.InvariantCulture)} to {final.LogLoss.ToString("0.000", CultureInfo.InvariantCulture)}; " +
            $"guessing {Pct(OverallRate)} for everyone scores {GuessingLogLoss.ToString("0.000", CultureInfo.InvariantCulture)}.",
            SetAside > 0 ? $"{SetAside} customers without a value were set aside; {Customers} were used." : $"All {Customers} customers were used.",
        };
    }



    private static (double Centre, double Rate, int Customers)[] Bands(double[] x, double[] y)
    {
        var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
        var bands = new List<(double, double, int)>();
        for (int b = 0; b < 10; b++)
        {
            var members = order[(b * order.Length / 10)..((b + 1) * order.Length / 10)];
            if (members.Length == 0) continue;
            bands.Add((members.Average(i => x[i]), members.Average(i => y[i]), members.Length));
        }
        return bands.ToArray();
    }

    private static double[] Column(DataFrame frame, string name, string parameter)
    {
        if (!frame.Columns.Any(c => c.Name == name))
            throw new ArgumentException($"No column '{name}'. Columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}.", parameter);
        var column = frame.Columns[name];
        if (!ColumnTypes.IsNumeric(column) && ColumnTypes.Of(column) != ColumnType.Boolean)
            throw new ArgumentException($"Column '{name}' holds {column.DataType.Name}; the lesson needs numbers (or yes/no for the outcome).", parameter);
        return ColumnTypes.ToDoubles(column);
    }

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Clamp(Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
    private static string Pct(double v) => v.ToString("0%", CultureInfo.InvariantCulture);
    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
