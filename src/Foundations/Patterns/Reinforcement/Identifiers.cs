namespace Foundations.Patterns.Reinforcement;

/// <summary>Account and transaction ids in rendered output: masked unless <see cref="Interactive.NotebookDisplay.ShowIdentifiers"/> is set.</summary>
internal static class Identifiers
{
    public static string Show(string id) => Interactive.NotebookDisplay.ShowIdentifiers ? id : Interactive.NotebookDisplay.Mask(id);
}
