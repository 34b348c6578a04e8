using System.Globalization;
using System.Text;

namespace Foundations.Patterns;

/// <summary>
/// A trained alert agent, frozen: its network weights as plain numbers, the reward table and alert budget it was
/// trained for, and how training went. The only thing that decides, saves and loads; safe to share between threads.
/// </summary>
public sealed class TrainedAlertAgent : IAlertPolicy
{
    private readonly DenseLayer[] _layers;

    /// <summary>The network's layers, input side first.</summary>
    internal IReadOnlyList<DenseLayer> Layers => _layers;
    private readonly int _widest;

    internal TrainedAlertAgent(DenseLayer[] layers, RewardTable rewards, int dailyAlertBudget, TrainingHistory history, TransactionColumns? columns = null)
    {
        if (layers.Length == 0 || layers[0].Inputs != ActivityFeatures.InputCount || layers[^1].Outputs != 3)
            throw new ArgumentException($"Expected a network from {ActivityFeatures.InputCount} inputs to 3 action values.", nameof(layers));
        _layers = layers;
        _widest = layers.Max(l => Math.Max(l.Inputs, l.Outputs));
        Rewards = rewards;
        DailyAlertBudget = dailyAlertBudget;
        History = history;
        Columns = columns ?? TransactionColumns.Default;
    }

    /// <inheritdoc />
    public string Name => "DQN agent";

    /// <summary>The reward table the agent was trained to optimise.</summary>
    public RewardTable Rewards { get; }

    /// <summary>The daily alert budget the agent was trained under (the monitor uses it unless told otherwise).</summary>
    public int DailyAlertBudget { get; }

    /// <summary>Reward and exploration per episode, wall time and step counts of training.</summary>
    public TrainingHistory History { get; }

    /// <summary>
    /// Which column of the bank's file held each fact when the agent was trained: saved with it, so a nightly review
    /// (<see cref="AlertReview.ReviewCsv"/>, `foundations alerts`) reads the day's file the same way.
    /// </summary>
    public TransactionColumns Columns { get; }

    /// <summary>The agent's expected reward of Pass, Watch and Alert in <paramref name="state"/>.</summary>
    public double[] ActionValues(in AlertState state)
    {
        Span<float> inputs = stackalloc float[ActivityFeatures.InputCount];
        state.WriteInputs(inputs);
        Span<float> values = stackalloc float[3];
        Forward(inputs, values);
        return new double[] { values[0], values[1], values[2] };
    }

    /// <inheritdoc />
    public AlertAction Decide(in AlertState state)
    {
        Span<float> inputs = stackalloc float[ActivityFeatures.InputCount];
        state.WriteInputs(inputs);
        Span<float> values = stackalloc float[3];
        Forward(inputs, values);
        return Best(values);
    }

    /// <summary>
    /// The features that drove <paramref name="action"/>: for each input, how much the margin of the action over Pass
    /// falls when that input is set to its neutral value (zero), strongest first, at most three.
    /// </summary>
    public IReadOnlyList<DecisionDriver> Explain(in AlertState state, AlertAction action)
    {
        if (action == AlertAction.Pass) return Array.Empty<DecisionDriver>();
        Span<float> inputs = stackalloc float[ActivityFeatures.InputCount];
        state.WriteInputs(inputs);
        Span<float> values = stackalloc float[3];
        Forward(inputs, values);
        double margin = values[(int)action] - values[0];
        Span<double> weights = stackalloc double[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] == 0) continue;
            float kept = inputs[i];
            inputs[i] = 0;
            Forward(inputs, values);
            inputs[i] = kept;
            weights[i] = margin - (values[(int)action] - values[0]);
        }
        // Only the strongest three are put into words: formatting is the costly part of a live decision.
        var drivers = new List<DecisionDriver>(3);
        for (int k = 0; k < 3; k++)
        {
            int best = -1;
            for (int i = 0; i < weights.Length; i++)
                if (weights[i] > 0 && (best < 0 || weights[i] > weights[best])) best = i;
            if (best < 0) break;
            drivers.Add(new DecisionDriver(ActivityFeatures.InputNames[best], Describe(best, state), weights[best]));
            weights[best] = 0;
        }
        return drivers;
    }

    private static string Describe(int input, in AlertState s)
    {
        var f = s.Features;
        var c = CultureInfo.InvariantCulture;
        return input switch
        {
            0 => $"{f.Amount.ToString("N2", c)} is {Math.Exp(f.AmountVsUsual).ToString("0.0", c)}× the usual",
            1 => f.AmountZScore.ToString("0.0", c),
            2 => f.TransactionsLastHour.ToString(c),
            3 => f.TransactionsLastDay.ToString(c),
            4 => f.OutflowLastTwoHoursVsUsual.ToString("0.0", c) + "× a usual payment",
            5 => s.Transaction.Country,
            6 => s.Transaction.Country,
            7 => s.Transaction.Channel,
            8 => s.Transaction.MerchantCategory,
            9 => f.HoursSinceLastActivity.ToString("0.#", c) + " h",
            10 => f.ShareOfBalance.ToString("P0", c),
            11 => f.IsCredit ? "yes" : "no",
            12 => f.HistoryLength.ToString(c) + " earlier transactions",
            13 => s.OnWatch ? "yes" : "no",
            _ => $"{s.AlertsLeft} of {s.DailyAlertBudget}",
        };
    }

    private void Forward(ReadOnlySpan<float> inputs, Span<float> values)
    {
        Span<float> a = stackalloc float[_widest];
        Span<float> b = stackalloc float[_widest];
        inputs.CopyTo(a);
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            bool last = l == _layers.Length - 1;
            layer.Apply(a[..layer.Inputs], last ? values : b[..layer.Outputs], relu: !last);
            if (!last) { var swap = a; a = b; b = swap; }
        }
    }

    private static AlertAction Best(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return (AlertAction)best;
    }

    /// <summary>The format of model.json in an agent's model file: weights, rewards, budget and history as JSON.</summary>
    public const string Format = "foundations.alert-agent/4";

    private const string Kind = "alert agent";

    private sealed record LayerJson(int Inputs, int Outputs, float[] Weights, float[] Bias);

    // NaN (an episode without a gradient step) is written as null: JSON has no NaN.
    private sealed record EpisodeJson(int Episode, DateOnly Day, double Reward, double Epsilon, int Alerts, int Caught, int Anomalies, double? MeanLoss);

    private sealed record HistoryJson(int Seed, double Seconds, long Steps, long GradientSteps, EpisodeJson[] Episodes, DateOnly[] TrainingDays);

    // Columns is absent in files saved before it existed: they were trained on the sample's columns.
    private sealed record AgentManifest(string Format, string[] Inputs, RewardTable Rewards, int DailyAlertBudget, LayerJson[] Layers, HistoryJson History,
        TransactionColumns? Columns = null);

    /// <summary>
    /// Writes the agent to <paramref name="path"/> as a kit model file (<see cref="Training.ModelFile"/>: manifest with
    /// SHA-256, written atomically): model.json holds the weights, reward table, budget and training history. Returns the path.
    /// </summary>
    public string Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var schema = ActivityFeatures.InputNames.Select(n => new Data.RecipeColumn(n, "number")).ToArray();
        var history = new HistoryJson(History.Seed, History.Duration.TotalSeconds, History.Steps, History.GradientSteps,
            History.Episodes.Select(e => new EpisodeJson(e.Episode, e.Day, e.Reward, e.Epsilon, e.Alerts, e.Caught, e.Anomalies, double.IsNaN(e.MeanLoss) ? null : e.MeanLoss)).ToArray(),
            History.TrainingDays.ToArray());
        var manifest = new AgentManifest(Format, ActivityFeatures.InputNames.ToArray(), Rewards, DailyAlertBudget,
            _layers.Select(l => new LayerJson(l.Inputs, l.Outputs, l.Weights, l.Bias)).ToArray(), history, Columns);
        Training.ModelFile.Write(path, manifest, null, null, Kind, Format, schema);
        Experiments.Run.Current.Artifact(path);
        return path;
    }

    /// <summary>Reads an agent written by <see cref="Save"/>, after the model file's checks; a damaged file is refused naming it.</summary>
    public static TrainedAlertAgent Load(string path)
    {
        var file = Training.ModelFile.Read<AgentManifest>(path, Kind, Format, m => m.Format);
        return Training.ModelFile.Build(path, Kind, () => FromManifest(file.Manifest<AgentManifest>()));
    }

    private static TrainedAlertAgent FromManifest(AgentManifest m)
    {
        if (m.Inputs is null || m.Rewards is null || m.Layers is null || m.History is null)
            throw new InvalidDataException("model.json lacks its inputs, rewards, layers or history");
        if (!m.Inputs.SequenceEqual(ActivityFeatures.InputNames))
            throw new InvalidDataException($"the agent was trained on inputs [{string.Join(", ", m.Inputs)}]; this kit computes [{string.Join(", ", ActivityFeatures.InputNames)}]");
        m.Rewards.Validate();
        var layers = new DenseLayer[m.Layers.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            var j = m.Layers[l] ?? throw new InvalidDataException($"layer {l} is empty");
            if (j.Inputs <= 0 || j.Outputs <= 0 || (l > 0 && j.Inputs != layers[l - 1].Outputs))
                throw new InvalidDataException($"layer {l} has an impossible shape {j.Outputs}×{j.Inputs}");
            if (j.Weights?.Length != (long)j.Inputs * j.Outputs || j.Bias?.Length != j.Outputs)
                throw new InvalidDataException($"layer {l} holds {j.Weights?.Length ?? 0} weights and {j.Bias?.Length ?? 0} biases; its shape {j.Outputs}×{j.Inputs} needs {(long)j.Inputs * j.Outputs} and {j.Outputs}");
            if (j.Weights.Any(w => !float.IsFinite(w)) || j.Bias.Any(b => !float.IsFinite(b)))
                throw new InvalidDataException($"layer {l} holds a weight that is not a finite number");
            layers[l] = new DenseLayer(j.Inputs, j.Outputs, j.Weights, j.Bias);
        }
        // The first layer reads every activity input; the last gives one value per action.
        if (layers.Length == 0 || layers[0].Inputs != ActivityFeatures.InputNames.Count || layers[^1].Outputs != Enum.GetValues<AlertAction>().Length)
            throw new InvalidDataException($"the network reads {(layers.Length == 0 ? 0 : layers[0].Inputs)} inputs and gives {(layers.Length == 0 ? 0 : layers[^1].Outputs)} values; the agent needs {ActivityFeatures.InputNames.Count} inputs and {Enum.GetValues<AlertAction>().Length} actions");
        if (m.DailyAlertBudget < 0) throw new InvalidDataException($"the daily alert budget is {m.DailyAlertBudget}");
        var columns = m.Columns ?? TransactionColumns.Default;
        var c = columns;
        if (new[] { c.Time, c.TimeFormat, c.Account, c.Amount, c.Direction, c.Channel, c.MerchantCategory, c.Country, c.BalanceAfter, c.Incident, c.IncidentKind, c.TransactionId }.Any(v => v is null)
            || new[] { c.MoneyOut, c.MoneyIn, c.IncidentValues }.Any(list => list is null || list.Any(v => v is null)))
            throw new InvalidDataException("its transaction columns hold a null where a column name or value belongs");
        try { columns.Validate(); }
        catch (ArgumentException e) { throw new InvalidDataException($"its transaction columns cannot be used: {e.Message}", e); }
        var h = m.History;
        var episodes = (h.Episodes ?? Array.Empty<EpisodeJson>())
            .Select(e => new EpisodeRecord(e.Episode, e.Day, e.Reward, e.Epsilon, e.Alerts, e.Caught, e.Anomalies, e.MeanLoss ?? double.NaN)).ToArray();
        return new TrainedAlertAgent(layers, m.Rewards, m.DailyAlertBudget,
            new TrainingHistory(episodes, TimeSpan.FromSeconds(h.Seconds), h.Steps, h.GradientSteps, h.Seed) { TrainingDays = h.TrainingDays ?? Array.Empty<DateOnly>() }, columns);
    }

    /// <summary>A TorchSharp copy of the agent's network (for experts: fine-tuning, export, comparison); the caller disposes it.</summary>
    public QNetwork ToQNetwork()
    {
        if (_layers.Length != 3 || _layers[0].Outputs != _layers[1].Outputs)
            throw new InvalidOperationException("Only the two-hidden-layer network that ReinforcementSetup builds can be copied to a QNetwork.");
        var network = new QNetwork(_layers[0].Inputs, _layers[0].Outputs);
        network.Import(_layers);
        network.eval();
        return network;
    }

    /// <summary>A monitor that decides on one transaction at a time with this agent.</summary>
    public ActivityMonitor Monitor(int? dailyAlertBudget = null) => new(this, dailyAlertBudget ?? DailyAlertBudget);

}
