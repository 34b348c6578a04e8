namespace Foundations.Patterns;

/// <summary>Anything that decides Pass, Watch or Alert on a transaction: the trained agent or a baseline the bank uses today.</summary>
public interface IAlertPolicy
{
    /// <summary>A short name for tables and charts ("DQN agent", "Rules: amount ≥ 1,000 or new country").</summary>
    string Name { get; }

    /// <summary>The decision on the transaction in <paramref name="state"/>.</summary>
    AlertAction Decide(in AlertState state);

    /// <summary>The features that drove <paramref name="action"/>, strongest first (empty for Pass).</summary>
    IReadOnlyList<DecisionDriver> Explain(in AlertState state, AlertAction action);
}

/// <summary>One reason behind a decision: the feature, its value in words, and how much it pushed towards the decision.</summary>
public sealed record DecisionDriver(string Feature, string Value, double Weight);
