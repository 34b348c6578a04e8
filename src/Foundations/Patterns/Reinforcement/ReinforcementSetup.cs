using System.Diagnostics;
using System.Globalization;
using Foundations.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>
/// Settings for training a DQN alert agent over days of a transaction stream (<c>Reinforcement.Of(stream)</c>): holds
/// nothing learned, each With* returns new settings; <see cref="Train"/> learns and returns a <see cref="ReinforcementResult"/>
/// holding the immutable <see cref="TrainedAlertAgent"/>.
/// </summary>
public sealed record ReinforcementSetup
{
    internal ReinforcementSetup(TransactionStream stream)
    {
        Stream = stream ?? throw new ArgumentNullException(nameof(stream));
        Days = stream.Days;
    }

    public TransactionStream Stream { get; }

    /// <summary>The days episodes are drawn from (default: every day of the stream; use the training days of a split).</summary>
    public IReadOnlyList<DateOnly> Days { get; init; }

    /// <summary>What the agent is paid for each decision.</summary>
    public RewardTable Rewards { get; init; } = RewardTable.Default;

    /// <summary>How many alerts investigators can take per day.</summary>
    public int DailyAlertBudget { get; init; } = 8;

    /// <summary>How many episodes (days, drawn at random from <see cref="Days"/>) to train for.</summary>
    public int Episodes { get; init; } = 60;

    /// <summary>Units in each of the two hidden layers.</summary>
    public int Hidden { get; init; } = 32;

    /// <summary>Discount of future rewards (low: a decision mostly pays for itself; the budget links decisions within a day).</summary>
    public double Gamma { get; init; } = 0.5;

    public double LearningRate { get; init; } = 1e-3;
    public int BatchSize { get; init; } = 64;

    /// <summary>Steps kept for replay.</summary>
    public int ReplayCapacity { get; init; } = 50_000;

    /// <summary>One gradient step every this many environment steps.</summary>
    public int TrainEvery { get; init; } = 4;

    /// <summary>Steps of pure exploration before learning starts.</summary>
    public int WarmupSteps { get; init; } = 1_000;

    /// <summary>Exploration rate at the first and last episode; it falls linearly over <see cref="ExplorationShare"/> of the episodes.</summary>
    public double EpsilonStart { get; init; } = 1.0;
    public double EpsilonEnd { get; init; } = 0.02;
    public double ExplorationShare { get; init; } = 0.6;

    /// <summary>Soft target-network update rate per gradient step (1 = hard copy every <see cref="TargetUpdateEvery"/> steps).</summary>
    public double TargetTau { get; init; } = 0.01;
    public int TargetUpdateEvery { get; init; } = 1;

    /// <summary>Seed for the network, exploration and replay sampling; null: <see cref="Kit.Seed"/> as it is when <see cref="Train"/> runs.</summary>
    public int? Seed { get; init; }

    /// <summary>Where the network trains (default <see cref="Kit.Device"/>).</summary>
    public Device? Device { get; init; }

    /// <summary>Show progress while training (off in tests).</summary>
    public bool ShowProgress { get; init; } = true;

    /// <summary>Where progress goes; null uses <see cref="ProgressReporting.Default"/> (the notebook display).</summary>
    public IProgress<ProgressReport>? Progress { get; init; }

    public ReinforcementSetup OnDays(IReadOnlyList<DateOnly> days) => this with { Days = days ?? throw new ArgumentNullException(nameof(days)) };
    public ReinforcementSetup WithRewards(RewardTable rewards) => this with { Rewards = rewards ?? throw new ArgumentNullException(nameof(rewards)) };
    public ReinforcementSetup WithDailyAlertBudget(int alerts) => this with { DailyAlertBudget = alerts };
    public ReinforcementSetup WithEpisodes(int episodes) => this with { Episodes = episodes };
    public ReinforcementSetup WithSeed(int seed) => this with { Seed = seed };
    public ReinforcementSetup WithNetwork(int hidden) => this with { Hidden = hidden };

    /// <summary>Exploration schedule: epsilon from <paramref name="start"/> to <paramref name="end"/> over <paramref name="share"/> of the episodes.</summary>
    public ReinforcementSetup WithExploration(double start, double end, double share) => this with { EpsilonStart = start, EpsilonEnd = end, ExplorationShare = share };

    /// <summary>Target network: soft update with rate <paramref name="tau"/>, or a hard copy (tau 1) every <paramref name="every"/> gradient steps.</summary>
    public ReinforcementSetup WithTargetUpdate(double tau, int every = 1) => this with { TargetTau = tau, TargetUpdateEvery = every };

    public ReinforcementSetup WithReplay(int capacity, int batchSize, int trainEvery, int warmupSteps) =>
        this with { ReplayCapacity = capacity, BatchSize = batchSize, TrainEvery = trainEvery, WarmupSteps = warmupSteps };

    public ReinforcementSetup WithOptimiser(double learningRate, double gamma) => this with { LearningRate = learningRate, Gamma = gamma };
    public ReinforcementSetup OnDevice(Device device) => this with { Device = device };
    public ReinforcementSetup Quiet() => this with { ShowProgress = false };

    /// <summary>The exploration rate used in episode <paramref name="episode"/> (0-based).</summary>
    public double EpsilonAt(int episode)
    {
        double decayEpisodes = Math.Max(1, ExplorationShare * Episodes);
        return Math.Max(EpsilonEnd, EpsilonStart - (EpsilonStart - EpsilonEnd) * episode / decayEpisodes);
    }

    private void Validate()
    {
        if (Days.Count == 0) throw new ArgumentException("No days to train on: OnDays was given an empty list.", nameof(Days));
        int incidents = 0;
        foreach (var day in Days.Distinct())
        {
            var (start, end) = Stream.RangeOf(day); // names a day the stream lacks
            for (int i = start; i < end; i++) if (Stream.Transactions[i].IsAnomaly) incidents++;
        }
        // The reward is the verdict: with none marked, every alert would look false and the agent would learn never to alert.
        if (incidents == 0)
            throw new ArgumentException(
                $"None of the {Days.Distinct().Count()} training days holds a transaction marked as an incident" +
                (Stream.Columns.Incident.Trim().Length > 0 ? $" (column {Stream.Columns.Incident})" : " (no verdict column was named)") +
                ". The agent learns from investigators' verdicts: name the column that holds them (TransactionColumns.Incident, " +
                "the notebook's incidentColumn, with IncidentValues / incidentValues for its values), or train on days that have incidents.", nameof(Days));
        Rewards.Validate();
        if (DailyAlertBudget < 0) throw new ArgumentOutOfRangeException(nameof(DailyAlertBudget), DailyAlertBudget, "DailyAlertBudget must be ≥ 0.");
        if (Episodes <= 0) throw new ArgumentOutOfRangeException(nameof(Episodes), Episodes, "Episodes must be positive.");
        if (Hidden <= 0) throw new ArgumentOutOfRangeException(nameof(Hidden), Hidden, "Hidden must be positive.");
        if (!(Gamma is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "Gamma must be in [0, 1).");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be positive.");
        if (ReplayCapacity < BatchSize) throw new ArgumentOutOfRangeException(nameof(ReplayCapacity), ReplayCapacity, "ReplayCapacity must be at least BatchSize.");
        if (TrainEvery <= 0) throw new ArgumentOutOfRangeException(nameof(TrainEvery), TrainEvery, "TrainEvery must be positive.");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "WarmupSteps must be ≥ 0.");
        if (!(EpsilonStart is >= 0 and <= 1) || !(EpsilonEnd is >= 0 and <= 1) || EpsilonEnd > EpsilonStart)
            throw new ArgumentOutOfRangeException(nameof(EpsilonStart), $"Epsilon must fall from EpsilonStart to EpsilonEnd within [0, 1]; found {EpsilonStart} → {EpsilonEnd}.");
        if (!(ExplorationShare is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(ExplorationShare), ExplorationShare, "ExplorationShare must be in (0, 1].");
        if (!(TargetTau is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(TargetTau), TargetTau, "TargetTau must be in (0, 1].");
        if (TargetUpdateEvery <= 0) throw new ArgumentOutOfRangeException(nameof(TargetUpdateEvery), TargetUpdateEvery, "TargetUpdateEvery must be positive.");
    }

    /// <summary>Trains the agent (double DQN with experience replay and a target network); the result holds it, frozen.</summary>
    public ReinforcementResult Train()
    {
        Validate();
        // The seed is read now, not when the settings were made: Kit.UseSeed after Reinforcement.Of still counts.
        int seed = Seed ?? Kit.Seed;
        // A network this small is dominated by thread hand-offs: one thread is ~50× faster on a busy 2-core machine
        // and keeps runs bit-for-bit repeatable. The caller's setting is restored afterwards.
        using var threads = Training.TorchThreads.SingleWhen(true, Device ?? Kit.Device);
        return new ReinforcementResult(this, TrainOneThread(seed));
    }

    private TrainedAlertAgent TrainOneThread(int seed)
    {
        var clock = Stopwatch.StartNew();
        var device = Device ?? Kit.Device;
        using var seeded = Training.TorchRandomness.Seeded(seed);
        var random = new Random(seed);
        var env = new AlertEnvironment(Stream, Rewards, DailyAlertBudget);
        const int actions = 3;

        using var online = new QNetwork(ActivityFeatures.InputCount, Hidden);
        using var target = new QNetwork(ActivityFeatures.InputCount, Hidden);
        online.to(device);
        target.to(device);
        target.FollowFrom(online, 1);
        target.eval();
        // The kit's Adam: TorchSharp's lets its step sizes be collected mid-call (see TensorArithmetic).
        using var optimiser = new FlatAdam(online.parameters(), LearningRate, weightDecay: 0);
        // The kit's one training loop, fed one replay batch at a time instead of epochs over a table.
        var learner = new Learner(online, optimiser, batch => ReplayLoss(online, target, batch), () => (double.NaN, double.NaN))
        {
            MaxGradientNorm = 10,
            DivergenceAdvice = $"Lower the learning rate (now {LearningRate:G3}, WithOptimiser) or check the rewards for extreme values.",
        };
        var buffer = new ReplayBuffer(ReplayCapacity, ActivityFeatures.InputCount);

        var episodes = new List<EpisodeRecord>(Episodes);
        var state = new float[ActivityFeatures.InputCount];
        var next = new float[ActivityFeatures.InputCount];
        long steps = 0, gradientSteps = 0;
        var progress = ShowProgress ? ProgressReporting.For("Training alert agent", Progress) : null;

        for (int episode = 0; episode < Episodes; episode++)
        {
            var day = Days[random.Next(Days.Count)];
            double epsilon = EpsilonAt(episode), total = 0, lossSum = 0;
            int alerts = 0, caught = 0, anomalies = 0, lossCount = 0;
            env.Reset(day).WriteInputs(state);
            while (!env.Done)
            {
                var t = env.Current.Transaction;
                AlertAction action = random.NextDouble() < epsilon
                    ? (AlertAction)random.Next(actions)
                    : Greedy(online, state, device);
                var step = env.Step(action);
                if (!step.Done) env.Current.WriteInputs(next);
                buffer.Add(state, action, step.Reward, next, step.Done);
                total += step.Reward;
                if (step.Taken == AlertAction.Alert) { alerts++; if (t.IsAnomaly) caught++; }
                if (t.IsAnomaly) anomalies++;
                (state, next) = (next, state);
                steps++;

                if (steps >= WarmupSteps && buffer.Count >= BatchSize && steps % TrainEvery == 0)
                {
                    lossSum += LearnFromReplay(learner, buffer, random, device);
                    lossCount++;
                    gradientSteps++;
                    if (gradientSteps % TargetUpdateEvery == 0) target.FollowFrom(online, TargetTau);
                }
            }
            episodes.Add(new EpisodeRecord(episode + 1, day, total, epsilon, alerts, caught, anomalies, lossCount == 0 ? double.NaN : lossSum / lossCount));
            progress?.Report(new ProgressReport("Training alert agent", episode + 1, Episodes,
                $"day {day:yyyy-MM-dd} reward {total.ToString("0.0", CultureInfo.InvariantCulture)} ε {epsilon.ToString("0.00", CultureInfo.InvariantCulture)} caught {caught}/{anomalies} with {alerts} alerts"));
        }

        return new TrainedAlertAgent(online.Export(), Rewards, DailyAlertBudget,
            new TrainingHistory(episodes, clock.Elapsed, steps, gradientSteps, seed) { TrainingDays = Days.Distinct().Order().ToArray() }, Stream.Columns);
    }

    private static AlertAction Greedy(QNetwork online, float[] state, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var values = online.forward(tensor(state, new long[] { 1, state.Length }, device: device));
        return (AlertAction)values.argmax(1).item<long>();
    }

    private double LearnFromReplay(Learner learner, ReplayBuffer buffer, Random random, Device device)
    {
        using var scope = NewDisposeScope();
        var batch = buffer.Batch(buffer.SampleIndices(BatchSize, random), device);
        return learner.Step(new[] { batch.States, batch.Actions, batch.Rewards, batch.NextStates, batch.Done });
    }

    /// <summary>The Huber loss between the online network's value of the actions taken and their double-DQN targets.</summary>
    private Tensor ReplayLoss(QNetwork online, QNetwork target, Tensor[] batch)
    {
        var (states, actions, rewards, nextStates, done) = (batch[0], batch[1], batch[2], batch[3], batch[4]);
        Tensor targets;
        using (no_grad())
        {
            // Double DQN: the online network picks the next action, the target network values it.
            var nextAction = online.forward(nextStates).argmax(1, keepdim: true);
            var nextValue = target.forward(nextStates).gather(1, nextAction).squeeze(1);
            targets = rewards.Plus(done.SubtractedFrom(1).Times(Gamma) * nextValue);
        }
        var chosen = online.forward(states).gather(1, actions.unsqueeze(1)).squeeze(1);
        return nn.functional.smooth_l1_loss(chosen, targets);
    }
}

/// <summary>One training episode (one day): total reward, exploration rate, alerts raised and anomalies caught, mean loss.</summary>
public sealed record EpisodeRecord(int Episode, DateOnly Day, double Reward, double Epsilon, int Alerts, int Caught, int Anomalies, double MeanLoss);

/// <summary>How training went: one record per episode, the wall time and the step counts.</summary>
public sealed record TrainingHistory(IReadOnlyList<EpisodeRecord> Episodes, TimeSpan Duration, long Steps, long GradientSteps, int Seed)
{

    /// <summary>The days episodes were drawn from: an evaluation on any of them is not a held-out result.</summary>
    public IReadOnlyList<DateOnly> TrainingDays { get; init; } = Array.Empty<DateOnly>();
}
