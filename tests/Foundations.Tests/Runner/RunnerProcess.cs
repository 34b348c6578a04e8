using System.Diagnostics;

namespace Foundations.Tests.Runner;

/// <summary>Starts the built runner (`foundations`) as a process, as a user or CI would.</summary>
internal static class RunnerProcess
{
    /// <summary>The runner's assembly, built in the same configuration as the tests.</summary>
    public static string Assembly
    {
        get
        {
            string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
            string path = Path.Combine(RepoPaths.Root, "src", "Foundations.Runner", "bin", configuration, "net10.0", "Foundations.Runner.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the runner first: {path} is missing.", path);
        }
    }

    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args) => RunFrom(Assembly, args);

    /// <summary>Runs the runner assembly at <paramref name="assembly"/> (a copy of the output folder, say).</summary>
    public static Result RunFrom(string assembly, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        psi.ArgumentList.Add(assembly);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A guard against a hung child, not a speed check: on a loaded 2-core machine every notebook in one run took
        // over 10 minutes (load average 40), so the limit sits far beyond any healthy run and below CI's own.
        if (!p.WaitForExit(TimeSpan.FromMinutes(40))) { p.Kill(true); throw new TimeoutException($"foundations {string.Join(' ', args)} hung: still running after 40 minutes."); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string TempFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fnd-runner-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
