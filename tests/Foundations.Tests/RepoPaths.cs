namespace Foundations.Tests;

/// <summary>Locates files of the repository from the test's output folder.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root: the folder that holds Foundations.Notebooks.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string DataSamples => Path.Combine(Root, "data-samples");

    public static string Notebooks => Path.Combine(Root, "notebooks");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Foundations.Notebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Foundations.Notebooks.sln above {AppContext.BaseDirectory}.");
    }
}
