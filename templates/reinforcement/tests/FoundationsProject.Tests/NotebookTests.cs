using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FoundationsProject.Tests;

public class NotebookTests
{
    /// <summary>The project folder (the one holding FoundationsProject.ipynb), found upward from the test's output folder.</summary>
    private static string ProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FoundationsProject.ipynb"))) return dir.FullName;
        throw new DirectoryNotFoundException("FoundationsProject.ipynb not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Notebook_runs_through_foundations_run_and_logs_heldout_caught_agent()
    {
        string project = ProjectFolder();
        // The kit repository (from --kit-feed when the project was created); FOUNDATIONS_ROOT overrides it.
        string kitRoot = Environment.GetEnvironmentVariable("FOUNDATIONS_ROOT") is { Length: > 0 } env ? env : Path.GetFullPath(Path.Combine(project, "KIT_ROOT"));
        string runner = Path.Combine(kitRoot, "src", "Foundations.Runner");
        Assert.True(Directory.Exists(runner), $"The kit's runner is not at {runner}: set FOUNDATIONS_ROOT to the kit repository.");
        string output = Path.Combine(Path.GetTempPath(), "FoundationsProject-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = project, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "run", "--project", runner, "-c", "Release", "--", "run", Path.Combine(project, "FoundationsProject.ipynb"), "--out", output, "-p", "episodes=5" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"foundations run exited with {process.ExitCode}: {await stdout} {await stderr}");
        var log = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "FoundationsProject.run.json")))!;
        Assert.NotNull(log["metrics"]?["heldout_caught_agent"]);
    }
}
