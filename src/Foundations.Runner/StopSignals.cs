using System.Runtime.InteropServices;

namespace Foundations.Runner;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM (a scheduler's or `timeout`'s stop) while `foundations run` waits on a notebook's process:
/// instead of dying at once, which left the notebook's process and its kernel running on (they are separate processes),
/// the run stops that process tree, writes the index for what ran and exits 130 or 143 with one line saying so.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals()
    {
        _registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true; // the run ends itself, after stopping its child
            lock (_stop)
            {
                Signal ??= context.Signal;
                if (!_stop.IsCancellationRequested) _stop.Cancel();
            }
        })).ToArray();
    }

    /// <summary>Cancelled once a stop signal arrives.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The first stop signal received; null while none has come.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>The signal's name as a user typed it.</summary>
    public string SignalName => Signal == PosixSignal.SIGINT ? "Ctrl+C (SIGINT)" : "SIGTERM";

    /// <summary>The exit code for a run stopped by the signal: 128 + its number, as shells report it.</summary>
    public int ExitCode => Signal == PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Terminated;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stop.Dispose();
    }
}
