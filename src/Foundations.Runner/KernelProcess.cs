using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Foundations.Runner;

/// <summary>
/// The real .NET Interactive kernel, the one VS Code and Jupyter start (the dotnet-interactive tool pinned in
/// .config/dotnet-tools.json), driven over its stdio protocol: one JSON command per line in, one JSON event per line
/// out. Running notebooks here rather than in a kernel hosted by the runner means a report shows exactly what a user
/// sees: the same kernel packages, the same FSharp.Core, the same #r "nuget:" resolution and kernel extensions.
/// </summary>
internal sealed class KernelProcess : IAsyncDisposable
{
    /// <summary>The tool's package id in the local tool manifest.</summary>
    public const string ToolPackage = "microsoft.dotnet-interactive";

    private readonly Process _process;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly StringBuilder _stderr = new();
    private int _submissions;

    private KernelProcess(Process process)
    {
        _process = process;
        _ = Task.Run(ReadEventsAsync);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) { if (_stderr.Length < 20_000) _stderr.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
    }

    /// <summary>Starts the kernel with <paramref name="workingDirectory"/> as its current directory and waits until it is ready.</summary>
    public static async Task<KernelProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan startTimeout)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false), StandardInputEncoding = new UTF8Encoding(false),
        };
        string? toolRoot = FindToolManifestRoot(workingDirectory) ?? FindToolManifestRoot(Directory.GetCurrentDirectory()) ?? FindToolManifestRoot(AppContext.BaseDirectory);
        if (toolRoot is not null)
        {
            await RestoreToolsAsync(toolRoot);
            psi.WorkingDirectory = toolRoot;
            foreach (var a in new[] { "tool", "run", "dotnet-interactive", "--" }) psi.ArgumentList.Add(a);
        }
        else
        {
            psi.FileName = "dotnet-interactive"; // a global install (dotnet tool install -g Microsoft.dotnet-interactive)
        }
        foreach (var a in new[] { "stdio", "--default-kernel", "csharp", "--working-dir", workingDirectory }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        Process process;
        try { process = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start the .NET Interactive kernel ({e.Message}): run `dotnet tool restore` in the repository (it pins {ToolPackage} in .config/dotnet-tools.json).", e);
        }
        var kernel = new KernelProcess(process);
        using var cts = new CancellationTokenSource(startTimeout);
        try
        {
            while (true)
            {
                var e = await kernel._events.Reader.ReadAsync(cts.Token);
                if (e["eventType"]?.GetValue<string>() == "KernelReady") return kernel;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            string why = ex is OperationCanceledException ? $"not ready after {startTimeout.TotalSeconds:0} s" : $"exited with code {(process.HasExited ? process.ExitCode : -1)}";
            await kernel.DisposeAsync();
            throw new InvalidOperationException($"the .NET Interactive kernel {why}: {kernel.StandardErrorTail()}");
        }
    }

    /// <summary>The last lines the kernel wrote to its standard error.</summary>
    public string StandardErrorTail()
    {
        lock (_stderr)
        {
            var lines = _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "(nothing on standard error)" : string.Join(" | ", lines.TakeLast(5));
        }
    }

    /// <summary>
    /// Submits C# code and hands every event of that submission (and of the commands it spawned, such as a kernel
    /// extension's) to <paramref name="onEvent"/>; returns null when it succeeded, else the kernel's failure message.
    /// </summary>
    public async Task<string?> SubmitAsync(string code, Action<JsonObject> onEvent, CancellationToken cancel)
    {
        string token = $"foundations-{Interlocked.Increment(ref _submissions)}";
        var envelope = new JsonObject
        {
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
            ["token"] = token,
        };
        await _process.StandardInput.WriteLineAsync(envelope.ToJsonString());
        await _process.StandardInput.FlushAsync(cancel);
        while (true)
        {
            JsonObject e;
            try { e = await _events.Reader.ReadAsync(cancel); }
            catch (ChannelClosedException) { return $"the kernel exited (code {(_process.HasExited ? _process.ExitCode : -1)}): {StandardErrorTail()}"; }
            string? eventToken = e["command"]?["token"]?.GetValue<string>();
            if (eventToken is null || (eventToken != token && !eventToken.StartsWith(token + ".", StringComparison.Ordinal))) continue;
            string type = e["eventType"]?.GetValue<string>() ?? "";
            if (eventToken == token && type == "CommandSucceeded") return null;
            if (eventToken == token && type == "CommandFailed") return e["event"]?["message"]?.GetValue<string>() ?? "the cell failed";
            onEvent(e);
        }
    }

    private async Task ReadEventsAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith('{')) continue;
                JsonObject? node;
                try { node = JsonNode.Parse(line) as JsonObject; }
                catch (JsonException) { continue; } // not a protocol line
                if (node?["eventType"] is not null) await _events.Writer.WriteAsync(node);
            }
        }
        finally { _events.Writer.TryComplete(); }
    }

    /// <summary>The folder holding .config/dotnet-tools.json with the dotnet-interactive tool, at or above <paramref name="start"/>.</summary>
    internal static string? FindToolManifestRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            string manifest = Path.Combine(dir.FullName, ".config", "dotnet-tools.json");
            if (File.Exists(manifest) && File.ReadAllText(manifest).Contains(ToolPackage, StringComparison.OrdinalIgnoreCase)) return dir.FullName;
        }
        return null;
    }

    private static int _restored;

    /// <summary>`dotnet tool restore` once per process, so a fresh clone runs notebooks with no manual step.</summary>
    private static async Task RestoreToolsAsync(string root)
    {
        if (Interlocked.Exchange(ref _restored, 1) == 1) return;
        // The restore leaves an empty folder in /tmp each time it runs (the SDK's): once the pinned version is in the
        // NuGet cache, as after the first notebook, there is nothing to restore.
        if (PinnedToolInCache(root)) return;
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("tool");
        psi.ArgumentList.Add("restore");
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"`dotnet tool restore` in {root} failed (exit {p.ExitCode}): {(await error).Trim()} {(await output).Trim()}");
    }

    /// <summary>Whether the tool version the manifest under <paramref name="root"/> pins is already unpacked in the NuGet cache (false when in doubt).</summary>
    private static bool PinnedToolInCache(string root)
    {
        try
        {
            var tools = JsonNode.Parse(File.ReadAllText(Path.Combine(root, ".config", "dotnet-tools.json")))?["tools"]?.AsObject();
            var entry = tools?.FirstOrDefault(t => string.Equals(t.Key, ToolPackage, StringComparison.OrdinalIgnoreCase)).Value;
            if (entry?["version"]?.GetValue<string>() is not { Length: > 0 } version) return false;
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set ? set
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            // NuGet writes .nupkg.metadata last, once a package is fully unpacked.
            return File.Exists(Path.Combine(packages, ToolPackage, version.ToLowerInvariant(), ".nupkg.metadata"));
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>How long the kernel may take to end after its Quit command before it is stopped.</summary>
    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(30);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // The kernel keeps running at the end of its input; its Quit command ends it at once and cleanly (a killed
                // .NET process leaves its diagnostic pipes in /tmp), where waiting for it cost 10 s per notebook.
                try
                {
                    var quit = new JsonObject { ["commandType"] = "Quit", ["command"] = new JsonObject(), ["token"] = "foundations-quit" };
                    await _process.StandardInput.WriteLineAsync(quit.ToJsonString());
                    await _process.StandardInput.FlushAsync();
                    _process.StandardInput.Close();
                }
                catch (IOException) { } // it is gone already: the wait below returns at once
                // A healthy kernel ends within a second; the margin is for a loaded machine.
                using var wait = new CancellationTokenSource(QuitGrace);
                try { await _process.WaitForExitAsync(wait.Token); }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    Console.Error.WriteLine($"foundations: the .NET Interactive kernel did not end on its Quit command within {QuitGrace.TotalSeconds:0} s and was stopped.");
                }
            }
        }
        catch (InvalidOperationException) { } // already gone
        _process.Dispose();
    }
}
