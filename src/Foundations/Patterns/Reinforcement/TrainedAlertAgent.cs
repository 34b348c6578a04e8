using System.Globalization;
using System.Text;

namespace Foundations.Patterns;

/// <summary>
/// A trained alert agent, frozen: its network weights as plain numbers, the reward table and alert budget it was
/// trained for, and how training went. The only thing that decides, saves and loads; safe to share between threads.
/// </summary>
public sealed class TrainedAlertAgent : IAlertPolicy
{
    private const string Magic = "FNDALERTAGENT";
    private const int FormatVersion = 2;
    private readonly DenseLayer[] _layers;

    /// <summary>The network's layers, input side first.</summary>
    internal IReadOnlyList<DenseLayer> Layers => _layers;
    private readonly int _widest;

    internal TrainedAlertAgent(DenseLayer[] layers, RewardTable rewards, int dailyAlertBudget, TrainingHistory history)
    {
        if (layers.Length == 0 || layers[0].Inputs != ActivityFeatures.InputCount || layers[^1].Outputs != 3)
            throw new ArgumentException($"Expected a network from {ActivityFeatures.InputCount} inputs to 3 action values.", nameof(layers));
        _layers = layers;
        _widest = layers.Max(l => Math.Max(l.Inputs, l.Outputs));
        Rewards = rewards;
        DailyAlertBudget = dailyAlertBudget;
        History = history;
    }

    /// <inheritdoc />
    public string Name => "DQN agent";

    /// <summary>The reward table the agent was trained to optimise.</summary>
    public RewardTable Rewards { get; }

    /// <summary>The daily alert budget the agent was trained under (the monitor uses it unless told otherwise).</summary>
    public int DailyAlertBudget { get; }

    /// <summary>Reward and exploration per episode, wall time and step counts of training.</summary>
    public TrainingHistory History { get; }

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
            0 => $"£{f.Amount.ToString("N2", c)} is {Math.Exp(f.AmountVsUsual).ToString("0.0", c)}× the usual",
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

    /// <summary>The format of model.json in an agent's .fnd file.</summary>
    public const string Format = "foundations.alert-agent/3";

    private const string Kind = "alert agent";

    private sealed record AgentManifest(string Format, int DailyAlertBudget, int Layers);

    /// <summary>
    /// Writes the agent to <paramref name="path"/> as a kit model file (<see cref="Training.ModelFile"/>: manifest with
    /// SHA-256, written atomically); its weights entry holds the weights, reward table, budget and training history.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var schema = ActivityFeatures.InputNames.Select(n => new Data.RecipeColumn(n, "number")).ToArray();
        Training.ModelFile.Write(path, new AgentManifest(Format, DailyAlertBudget, _layers.Length), null, WriteBinary, Kind, Format, schema);
    }

    private void WriteBinary(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(ActivityFeatures.InputNames.Count);
        foreach (var name in ActivityFeatures.InputNames) w.Write(name);
        foreach (var v in new[] { Rewards.AlertCost, Rewards.FalseAlertCost, Rewards.CaughtValue, Rewards.MissedCost, Rewards.WatchedAnomalyShare, Rewards.WatchCost }) w.Write(v);
        w.Write(DailyAlertBudget);
        w.Write(_layers.Length);
        foreach (var layer in _layers)
        {
            w.Write(layer.Inputs);
            w.Write(layer.Outputs);
            foreach (var x in layer.Weights) w.Write(x);
            foreach (var x in layer.Bias) w.Write(x);
        }
        w.Write(History.Seed);
        w.Write(History.Duration.Ticks);
        w.Write(History.Steps);
        w.Write(History.GradientSteps);
        w.Write(History.Episodes.Count);
        foreach (var e in History.Episodes)
        {
            w.Write(e.Episode); w.Write(e.Day.DayNumber); w.Write(e.Reward); w.Write(e.Epsilon);
            w.Write(e.Alerts); w.Write(e.Caught); w.Write(e.Anomalies); w.Write(e.MeanLoss);
        }
        w.Write(History.TrainingDays.Count);
        foreach (var day in History.TrainingDays) w.Write(day.DayNumber);
    }

    /// <summary>Reads an agent written by <see cref="Save"/>.</summary>
    public static TrainedAlertAgent Load(string path)
    {
        var file = Training.ModelFile.Read<AgentManifest>(path, Kind, Format, m => m.Format);
        return Training.ModelFile.Build(path, Kind, () => ReadBinary(path, file.Weights));
    }

    private static TrainedAlertAgent ReadBinary(string path, Stream stream)
    {
        // Counts read from the file are checked against the bytes left before anything is allocated for them.
        void Fits(long count, int bytesEach, string what)
        {
            if (count < 0 || count * bytesEach > stream.Length - stream.Position)
                throw new InvalidDataException($"{path}: {what} claims {count:N0} entries, more than the file holds.");
        }
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            string magic = r.ReadString();
            if (magic != Magic) throw new InvalidDataException($"{path}: not a saved alert agent (found header '{magic}').");
            int version = r.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException($"{path}: format version {version}; this kit reads version {FormatVersion}.");
            int inputs = r.ReadInt32();
            Fits(inputs, 1, "the input list");
            var names = Enumerable.Range(0, inputs).Select(_ => r.ReadString()).ToArray();
            if (!names.SequenceEqual(ActivityFeatures.InputNames))
                throw new InvalidDataException($"{path}: the agent was trained on inputs [{string.Join(", ", names)}]; this kit computes [{string.Join(", ", ActivityFeatures.InputNames)}].");
            var rewards = new RewardTable
            {
                AlertCost = r.ReadDouble(), FalseAlertCost = r.ReadDouble(), CaughtValue = r.ReadDouble(),
                MissedCost = r.ReadDouble(), WatchedAnomalyShare = r.ReadDouble(), WatchCost = r.ReadDouble(),
            };
            rewards.Validate();
            int budget = r.ReadInt32();
            int count = r.ReadInt32();
            Fits(count, 8, "the layer list");
            var layers = new DenseLayer[count];
            for (int l = 0; l < count; l++)
            {
                int i = r.ReadInt32(), o = r.ReadInt32();
                if (i <= 0 || o <= 0 || (l > 0 && i != layers[l - 1].Outputs)) throw new InvalidDataException($"{path}: layer {l} has an impossible shape {o}×{i}.");
                Fits((long)i * o + o, 4, $"layer {l}");
                var weights = new float[i * o];
                for (int k = 0; k < weights.Length; k++) weights[k] = r.ReadSingle();
                var bias = new float[o];
                for (int k = 0; k < o; k++) bias[k] = r.ReadSingle();
                layers[l] = new DenseLayer(i, o, weights, bias);
            }
            int seed = r.ReadInt32();
            var duration = TimeSpan.FromTicks(r.ReadInt64());
            long steps = r.ReadInt64(), gradientSteps = r.ReadInt64();
            int episodes = r.ReadInt32();
            Fits(episodes, 44, "the episode history");
            var records = new List<EpisodeRecord>(episodes);
            for (int e = 0; e < episodes; e++)
                records.Add(new EpisodeRecord(r.ReadInt32(), DateOnly.FromDayNumber(r.ReadInt32()), r.ReadDouble(), r.ReadDouble(),
                    r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadDouble()));
            int days = r.ReadInt32();
            Fits(days, 4, "the training days");
            var trainingDays = new DateOnly[days];
            for (int d = 0; d < trainingDays.Length; d++) trainingDays[d] = DateOnly.FromDayNumber(r.ReadInt32());
            return new TrainedAlertAgent(layers, rewards, budget, new TrainingHistory(records, duration, steps, gradientSteps, seed) { TrainingDays = trainingDays });
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: the file ends early; it is truncated or not a saved alert agent.");
        }
    }

    /// <summary>A TorchSharp copy of the agent's network (for experts: fine-tuning, export, comparison); the caller disposes it.</summary>
    public QNetwork ToQNetwork()
    {
        if (_layers.Length != 3 || _layers[0].Outputs != _layers[1].Outputs)
            throw new InvalidOperationException("Only the two-hidden-layer network that AlertAgentTrainer builds can be copied to a QNetwork.");
        var network = new QNetwork(_layers[0].Inputs, _layers[0].Outputs);
        network.Import(_layers);
        network.eval();
        return network;
    }

    /// <summary>A monitor that decides on one transaction at a time with this agent.</summary>
    public ActivityMonitor Monitor(int? dailyAlertBudget = null) => new(this, dailyAlertBudget ?? DailyAlertBudget);

}
