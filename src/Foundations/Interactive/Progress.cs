namespace Foundations.Interactive;

/// <summary>Reports the progress of long work (epochs, clustering restarts, agent episodes).</summary>
public interface IProgressReporter : IDisposable
{
    /// <summary>Step <paramref name="step"/> of <paramref name="total"/> is done; <paramref name="message"/> is a short status line (epoch, loss, AUC).</summary>
    void Report(int step, int total, string message);
}

/// <summary>Starts a progress display: an updating display in a notebook, a progress bar on a console.</summary>
public static class Progress
{
    /// <summary>Starts a progress display titled <paramref name="title"/>.</summary>
    public static IProgressReporter Start(string title) => new ConsoleProgress(title);

    private sealed class ConsoleProgress(string title) : IProgressReporter
    {
        private int _lastPercent = -1;

        public void Report(int step, int total, string message)
        {
            int percent = total <= 0 ? 100 : (int)(100L * step / total);
            if (percent == _lastPercent && step != total) return;
            _lastPercent = percent;
            int filled = percent / 5;
            Console.Error.Write($"\r{title} [{new string('#', filled)}{new string('.', 20 - filled)}] {step}/{total} {message}   ");
            if (step >= total) Console.Error.WriteLine();
        }

        public void Dispose() { }
    }
}
