using Foundations.Interactive;
using Foundations.Training;
using Foundations.Data;
using Foundations.Patterns;
using RL = Foundations.Patterns.Reinforcement;
using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Tests.Reinforcement;

[Trait("Speed", "Slow")]
public class DqnTests
{
    private static float[] State(float value) => Enumerable.Repeat(value, 3).ToArray();

    [Fact]
    public void Replay_buffer_keeps_the_last_steps_and_overwrites_the_oldest_first()
    {
        var buffer = new ReplayBuffer(capacity: 3, stateSize: 3);
        for (int i = 0; i < 5; i++) buffer.Add(State(i), (AlertAction)(i % 3), reward: i, State(i + 1), done: i == 4);
        Assert.Equal(3, buffer.Count);
        var rewards = Enumerable.Range(0, 3).Select(k => buffer[k].Reward).Order().ToArray();
        Assert.Equal(new float[] { 2, 3, 4 }, rewards);
        var last = Enumerable.Range(0, 3).Select(k => buffer[k]).Single(s => s.Reward == 4);
        Assert.True(last.Done);
        Assert.Equal(new float[] { 0, 0, 0 }, last.NextState); // a finished day has no next state
        Assert.Equal(AlertAction.Watch, last.Action);
    }

    [Fact]
    public void Replay_batches_are_the_sampled_steps_as_tensors_and_sampling_is_seeded()
    {
        var buffer = new ReplayBuffer(capacity: 100, stateSize: 3);
        for (int i = 0; i < 50; i++) buffer.Add(State(i), AlertAction.Alert, reward: i, State(i + 1), done: false);
        var picks = buffer.SampleIndices(8, new Random(1));
        Assert.Equal(picks, buffer.SampleIndices(8, new Random(1)));
        Assert.NotEqual(picks, buffer.SampleIndices(8, new Random(2)));
        using var scope = NewDisposeScope();
        var batch = buffer.Batch(picks, CPU);
        Assert.Equal(new long[] { 8, 3 }, batch.States.shape);
        Assert.Equal(picks.Select(p => (float)p).ToArray(), batch.Rewards.data<float>().ToArray());
        Assert.Equal(picks.Select(p => (float)p + 1).ToArray(), batch.NextStates.select(1, 0).data<float>().ToArray());
        Assert.All(batch.Actions.data<long>().ToArray(), a => Assert.Equal(2L, a));
    }

    [Fact]
    public void Soft_target_update_moves_each_weight_a_share_tau_towards_the_online_network()
    {
        using var seeded = TorchRandomness.Seeded(3); // holds the gate on libtorch's one generator
        using var online = new QNetwork(4, 5);
        using var target = new QNetwork(4, 5);
        var before = target.parameters().Select(p => p.detach().clone()).ToArray();
        var theirs = online.parameters().ToArray();
        target.FollowFrom(online, 0.25);
        var after = target.parameters().ToArray();
        for (int i = 0; i < after.Length; i++)
        {
            using var scope = NewDisposeScope();
            var expected = before[i].Times(0.75).Plus(theirs[i].Times(0.25));
            Assert.True(after[i].allclose(expected, rtol: 1e-5, atol: 1e-6), $"parameter {i}");
            Assert.False(after[i].allclose(theirs[i]), $"parameter {i} should not have been copied");
        }
    }

    [Fact]
    public void Hard_target_update_copies_the_online_network()
    {
        using var seeded = TorchRandomness.Seeded(4); // holds the gate on libtorch's one generator
        using var online = new QNetwork(4, 5);
        using var target = new QNetwork(4, 5);
        target.FollowFrom(online, 1);
        using var x = torch.randn(7, 4);
        using var a = online.forward(x);
        using var b = target.forward(x);
        Assert.True(a.allclose(b, rtol: 0, atol: 0));
    }

    private static (TransactionStream Stream, DaySplit Split) SmallBank()
    {
        var bank = SampleBank.Generate(customers: 60, seed: 11, transactionAccounts: 60, days: 22);
        var stream = TransactionStream.From(bank.Transactions);
        return (stream, stream.SplitDays(4));
    }

    private static ReinforcementSetup Small(TransactionStream stream, DaySplit split, int seed) =>
        RL.Of(stream).OnDays(split.Training).WithEpisodes(4).WithSeed(seed).WithDailyAlertBudget(3)
            .WithReplay(capacity: 2_000, batchSize: 32, trainEvery: 2, warmupSteps: 50).OnDevice(CPU).Quiet();

    private static List<double[]> ValuesOnHeldOut(TrainedAlertAgent agent, TransactionStream stream, DaySplit split)
    {
        var env = new AlertEnvironment(stream, agent.Rewards, agent.DailyAlertBudget);
        var values = new List<double[]>();
        env.Reset(split.HeldOut[0]);
        while (!env.Done)
        {
            values.Add(agent.ActionValues(env.Current));
            env.Step(agent.Decide(env.Current));
        }
        return values;
    }

    [Fact]
    public void Same_seed_trains_the_same_agent_and_another_seed_another()
    {
        var (stream, split) = SmallBank();
        var a = Small(stream, split, seed: 5).Train().Agent;
        var b = Small(stream, split, seed: 5).Train().Agent;
        var c = Small(stream, split, seed: 6).Train().Agent;
        Assert.Equal(a.History.Episodes.Select(e => (e.Day, e.Reward, e.Epsilon)), b.History.Episodes.Select(e => (e.Day, e.Reward, e.Epsilon)));
        var va = ValuesOnHeldOut(a, stream, split);
        Assert.Equal(va, ValuesOnHeldOut(b, stream, split));
        Assert.NotEqual(va, ValuesOnHeldOut(c, stream, split));
        Assert.True(a.History.GradientSteps > 0);
    }

    [Fact]
    public void Epsilon_falls_linearly_to_its_floor_and_the_history_records_it()
    {
        var (stream, split) = SmallBank();
        var settings = Small(stream, split, 1).WithEpisodes(5).WithExploration(1.0, 0.1, 0.5);
        Assert.Equal(new[] { 1.0, 0.64, 0.28, 0.1, 0.1 }, Enumerable.Range(0, 5).Select(e => Math.Round(settings.EpsilonAt(e), 10)));
        var agent = settings.Train().Agent;
        Assert.Equal(new[] { 1.0, 0.64, 0.28, 0.1, 0.1 }, agent.History.Episodes.Select(e => Math.Round(e.Epsilon, 10)));
        Assert.All(agent.History.Episodes, e => Assert.Contains(e.Day, split.Training));
    }

    [Fact]
    public void A_saved_agent_loads_with_the_same_decisions_rewards_and_history()
    {
        var (stream, split) = SmallBank();
        var agent = Small(stream, split, seed: 2).WithRewards(RewardTable.Default.With(missedCost: 20)).Train().Agent;
        string path = Path.Combine(Path.GetTempPath(), $"fnd-agent-{Guid.NewGuid():N}.fnd");
        try
        {
            agent.Save(path);
            var loaded = TrainedAlertAgent.Load(path);
            Assert.Equal(ValuesOnHeldOut(agent, stream, split), ValuesOnHeldOut(loaded, stream, split));
            Assert.Equal(agent.Rewards, loaded.Rewards);
            Assert.Equal(agent.DailyAlertBudget, loaded.DailyAlertBudget);
            Assert.Equal(agent.History.Episodes, loaded.History.Episodes);
            Assert.Equal(split.Training, loaded.History.TrainingDays);
            Assert.Contains("Not a held-out result", Reports.Html(loaded.CompareWithBaselines(stream, split.Training)));
            Assert.DoesNotContain("Not a held-out result", Reports.Html(loaded.CompareWithBaselines(stream, split.HeldOut)));

            File.WriteAllBytes(path, File.ReadAllBytes(path).Take(40).ToArray());
            var error = Assert.Throws<InvalidDataException>(() => TrainedAlertAgent.Load(path));
            Assert.Contains(path, error.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_agent_saves_as_a_kit_model_file_with_its_weights_in_model_json()
    {
        var (stream, split) = SmallBank();
        var result = Small(stream, split, seed: 3).Train();
        Assert.Equal(3, result.History.Seed);
        string path = Path.Combine(Path.GetTempPath(), $"fnd-agent-{Guid.NewGuid():N}.fnd");
        try
        {
            Assert.Equal(path, result.Agent.Save(path));
            using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
            {
                Assert.Equal(new[] { "manifest.json", "model.json" }, zip.Entries.Select(e => e.FullName).Order());
                using var reader = new StreamReader(zip.GetEntry("model.json")!.Open());
                Assert.Contains(TrainedAlertAgent.Format, reader.ReadToEnd());
            }
            Assert.Equal(ValuesOnHeldOut(result.Agent, stream, split), ValuesOnHeldOut(TrainedAlertAgent.Load(path), stream, split));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Settings_hold_no_seed_until_training_reads_one()
    {
        var (stream, _) = SmallBank();
        var setup = RL.Of(stream);
        Assert.Null(setup.Seed);
        Assert.Equal(7, setup.WithSeed(7).Seed);
    }

    [Fact]
    public void A_diverging_agent_throws_the_one_divergence_exception()
    {
        var (stream, split) = SmallBank();
        var setup = Small(stream, split, seed: 1).WithOptimiser(learningRate: 1e38, gamma: 0.5);
        var error = Assert.Throws<TrainingDivergedException>(() => setup.Train());
        Assert.Contains("learning rate", error.Message);
    }

    [Fact]
    public void The_frozen_agent_computes_the_same_action_values_as_the_torch_network_it_came_from()
    {
        using var seeded = TorchRandomness.Seeded(9); // holds the gate on libtorch's one generator
        using var net = new QNetwork(ActivityFeatures.InputCount, 8);
        var agent = new TrainedAlertAgent(net.Export(), RewardTable.Default, 4, new TrainingHistory(Array.Empty<EpisodeRecord>(), TimeSpan.Zero, 0, 0, 9));
        using var copy = agent.ToQNetwork(); // and back to TorchSharp, for experts
        var stream = HandMadeStreams.TwoDays();
        var env = new AlertEnvironment(stream, RewardTable.Default, 4);
        env.Reset(stream.Days[1]);
        while (!env.Done)
        {
            var inputs = new float[ActivityFeatures.InputCount];
            env.Current.WriteInputs(inputs);
            using var scope = NewDisposeScope();
            var expected = net.forward(tensor(inputs, new long[] { 1, inputs.Length })).data<float>().ToArray();
            var actual = agent.ActionValues(env.Current);
            for (int k = 0; k < 3; k++) Assert.Equal(expected[k], actual[k], 4);
            var copied = copy.forward(tensor(inputs, new long[] { 1, inputs.Length })).data<float>().ToArray();
            Assert.Equal(expected, copied);
            env.Step(AlertAction.Pass);
        }
    }
}
