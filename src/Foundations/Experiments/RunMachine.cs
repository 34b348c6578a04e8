using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Foundations.Experiments;

/// <summary>Where a run happened: git commit and clean tree, CPU, memory, operating system and the training device.</summary>
internal static class RunMachine
{
    private static readonly Lazy<string> MachineText = new(Describe);
    private static readonly Lazy<string?> DeviceText = new(TrainingDevice);

    internal static RunFacts Facts(string folder, string? kitVersion)
    {
        var (commit, clean) = Git(folder);
        return new RunFacts(kitVersion?.Split('+')[0], commit, clean, MachineText.Value, DeviceText.Value);
    }

    /// <summary>The HEAD commit of the repository holding <paramref name="folder"/> and whether tracked files are unchanged; nulls outside git.</summary>
    internal static (string? Commit, bool? Clean) Git(string folder)
    {
        string? head = RunGit(folder, "rev-parse HEAD");
        if (head is null) return (null, null);
        string? changes = RunGit(folder, "status --porcelain --untracked-files=no");
        return (head, changes is null ? null : changes.Length == 0);
    }

    private static string? RunGit(string folder, string args)
    {
        try
        {
            var psi = new ProcessStartInfo("git", args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi);
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(10))) { p.Kill(true); return null; }
            return p.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null; // no git on this machine: the run is kept without a commit
        }
    }

    private static string Describe()
    {
        string cpu = RuntimeInformation.ProcessArchitecture.ToString();
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        double gib = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0;
        return $"{Environment.MachineName}: {cpu}, {Environment.ProcessorCount} cores, {gib:0.0} GiB, {RuntimeInformation.OSDescription}";
    }

    // Asking libtorch loads it; a machine where it cannot load still gets its run recorded.
    private static string? TrainingDevice()
    {
        try
        {
            return TorchSharp.torch.cuda.is_available() ? $"cuda ({TorchSharp.torch.cuda.device_count()} GPU)" : "cpu";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
