namespace Foundations.Patterns;

/// <summary>
/// What <see cref="ReinforcementSetup.Train"/> produced: the settings it trained with and the frozen
/// <see cref="TrainedAlertAgent"/>, the only thing that decides, explains, monitors and saves.
/// </summary>
public sealed class ReinforcementResult
{
    internal ReinforcementResult(ReinforcementSetup setup, TrainedAlertAgent agent)
    {
        Setup = setup;
        Agent = agent;
    }

    /// <summary>The settings the agent was trained with.</summary>
    public ReinforcementSetup Setup { get; }

    /// <summary>The trained agent: decides, explains its decisions, runs the live monitor and saves to a model file.</summary>
    public TrainedAlertAgent Agent { get; }

    /// <summary>Reward and exploration per episode, wall time, step counts and the seed actually used.</summary>
    public TrainingHistory History => Agent.History;

    public override string ToString() =>
        FormattableString.Invariant($"DQN alert agent: {History.Episodes.Count} episodes, {History.Steps:N0} decisions, {History.Duration.TotalSeconds:0.0} s (seed {History.Seed}); daily alert budget {Agent.DailyAlertBudget}");
}
