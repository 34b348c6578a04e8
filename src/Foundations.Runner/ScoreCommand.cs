namespace Foundations.Runner;

/// <summary>`foundations score`: batch scoring of a CSV with a saved Prediction model.</summary>
public static class ScoreCommand
{
    public static int Run(string[] args) => CommandLine.Fail("score: not available in this build.");
}
