using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Foundations.Runner;

/// <summary>Facts about where a run happened, for the run log: package versions, git commit, machine.</summary>
public static class RunEnvironment
{
    /// <summary>Versions of the packages a reviewer asks about (loaded assemblies of interest).</summary>
    public static Dictionary<string, string> Packages()
    {
        string[] names = { "Foundations", "TorchSharp", "Microsoft.Data.Analysis", "CsvHelper", "Plotly.NET", "Microsoft.ML", "Microsoft.DotNet.Interactive", "Microsoft.DotNet.Interactive.CSharp" };
        var result = new Dictionary<string, string>(StringComparer.Ordinal) { [".NET"] = RuntimeInformation.FrameworkDescription };
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var name = assembly.GetName().Name;
            if (name is null || !names.Contains(name)) continue;
            result[name] = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                           ?? assembly.GetName().Version?.ToString() ?? "?";
        }
        // Libraries the kit references but the notebook did not load still belong in the log: take their versions from the kit's references.
        var kit = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Foundations");
        foreach (var reference in kit?.GetReferencedAssemblies() ?? Array.Empty<AssemblyName>())
            if (reference.Name is { } n && names.Contains(n)) result.TryAdd(n, reference.Version?.ToString() ?? "?");
        return result;
    }

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
