using System.Diagnostics;
using System.Runtime.CompilerServices;
using TorchSharp;

namespace Foundations.Tests;

/// <summary>Process-wide settings of the test run, made once before any test.</summary>
internal static class TestProcess
{
#pragma warning disable CA2255 // must run before the first test touches libtorch
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialise()
    {
        // libtorch's thread count is one global setting, and a sum or product split over another number of threads
        // adds in another order. Tests run in parallel: with one libtorch thread from the start, no test changes the
        // setting under another (TorchThreads finds 1 and leaves it), so "same seed, same result" holds bit for bit.
        torch.set_num_threads(1);
        UseOwnTemporaryFolder();
        // A developer's switch for hunting native-lifetime faults in every test at once (slow; not used by CI).
        if (Environment.GetEnvironmentVariable("FOUNDATIONS_COLLECTION_PRESSURE") == "1") WholeRunPressure = new CollectionPressure();
    }

    /// <summary>The pressure on the whole run, when switched on; it lives until the process ends.</summary>
    internal static CollectionPressure? WholeRunPressure { get; private set; }

    private const string ScratchPrefix = "fnd-tests-";

    /// <summary>
    /// Points the system's temporary folder at one folder of this run's, removed when the run ends. Tests, and the
    /// runner, kernels and nbconvert they start (which inherit the variable), write there through Path.GetTempPath,
    /// so repeated runs do not fill the machine's /tmp (a whole run left over a thousand folders behind).
    /// </summary>
    private static void UseOwnTemporaryFolder()
    {
        string system = Path.GetTempPath();
        RemoveScratchOfEndedRuns(system);
        // Short on purpose: .NET puts its diagnostics socket here, and a Unix socket's path holds at most 108 bytes.
        string scratch = Path.Combine(system, ScratchPrefix + Environment.ProcessId);
        Directory.CreateDirectory(scratch);
        foreach (var name in new[] { "TMPDIR", "TMP", "TEMP" }) Environment.SetEnvironmentVariable(name, scratch);
        // Best effort: the test host may be stopped before this ends; the next run removes what is left.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(scratch);
    }

    /// <summary>A run killed before its end (a timeout, Ctrl+C) cannot remove its folder; the next run does.</summary>
    private static void RemoveScratchOfEndedRuns(string system)
    {
        foreach (var folder in Directory.EnumerateDirectories(system, ScratchPrefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(folder).AsSpan(ScratchPrefix.Length), out int pid) || IsRunning(pid)) continue;
            TryDelete(folder);
        }
    }

    private static bool IsRunning(int pid)
    {
        try { using var process = Process.GetProcessById(pid); return !process.HasExited; }
        catch (ArgumentException) { return false; } // no such process
        catch (InvalidOperationException) { return false; }
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { } // a child still writing, or another user's folder: left for a later run
        catch (UnauthorizedAccessException) { }
    }
}
