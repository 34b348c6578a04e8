using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Foundations.Runner;

/// <summary>Facts about where a run happened, for the run log: git commit and machine (package versions come from the kernel, see NotebookExecutor).</summary>
public static class RunEnvironment
{
    /// <summary>The commit of the repository holding <paramref name="folder"/>, with "-dirty" when it has changes; null outside git.</summary>
    public static string? GitCommit(string folder)
    {
        try
        {
            string? head = Git(folder, "rev-parse HEAD");
            if (head is null) return null;
            string? changes = Git(folder, "status --porcelain --untracked-files=no");
            return string.IsNullOrWhiteSpace(changes) ? head : head + "-dirty";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Cores, memory and operating system.</summary>
    public static string Machine() =>
        $"{System.Environment.MachineName}: {System.Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:0.0} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}";

    private static string? Git(string folder, string args)
    {
        var psi = new ProcessStartInfo("git", args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : null;
    }
}
