using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace Foundations.Interactive;

/// <summary>Reports the progress of long work (epochs, clustering restarts, agent episodes).</summary>
public interface IProgressReporter : IDisposable
{
    /// <summary>Step <paramref name="step"/> of <paramref name="total"/> is done; <paramref name="message"/> is a short status line (epoch, loss, AUC).</summary>
    void Report(int step, int total, string message);
}

/// <summary>
/// Starts a progress display: an updating display in a notebook, a progress bar on a console. The core reports
/// through <see cref="IProgress{T}"/>; when this layer loads it makes these displays
/// the core's default (<see cref="ProgressReporting.Default"/>), so notebook code shows progress with no extra call.
/// </summary>
public static class Progress
{
    /// <summary>Starts a progress display titled <paramref name="title"/>.</summary>
    public static IProgressReporter Start(string title)
    {
        var context = KernelInvocationContext.Current;
        return context is null ? new ConsoleProgress(title) : new NotebookProgress(context, title);
    }

    /// <summary>A display for the core's progress reports of work titled <paramref name="title"/>.</summary>
    public static IProgress<ProgressReport> For(string title) => new Reporter(Start(title));


    // Reports arrive on the thread doing the work, as before: no SynchronizationContext hop that a console lacks.
    private sealed class Reporter(IProgressReporter display) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => display.Report(value.Step, value.Total, value.Message);
    }

    private static string Bar(int step, int total) => total <= 0 ? "" : $"{100L * step / total}%";

    private sealed class NotebookProgress : IProgressReporter
    {
        private readonly string _title;
        private readonly DisplayedValue _display;

        public NotebookProgress(KernelInvocationContext context, string title)
        {
            _title = title;
            _display = KernelInvocationContextExtensions.Display(context, new Microsoft.AspNetCore.Html.HtmlString(Render(0, 0, "starting")), "text/html");
        }

        private string Render(int step, int total, string message)
        {
            int percent = total <= 0 ? 0 : (int)(100L * step / total);
            return $"<div class=\"fn-progress\"><b>{Html.Escape(_title)}</b> {step}/{total} " +
                   $"<progress value=\"{percent}\" max=\"100\"></progress> {Html.Escape(message)}</div>";
        }

        public void Report(int step, int total, string message) => _display.Update(new Microsoft.AspNetCore.Html.HtmlString(Render(step, total, message)));

        public void Dispose() { }
    }

    private sealed class ConsoleProgress(string title) : IProgressReporter
    {
        private int _lastPercent = -1;

        public void Report(int step, int total, string message)
        {
            int percent = total <= 0 ? 100 : (int)(100L * step / total);
            if (percent == _lastPercent && step != total) return;
            _lastPercent = percent;
            int filled = Math.Clamp(percent / 5, 0, 20);
            // A redirected console gets one line per update instead of carriage-return redraws.
            string line = $"{title} [{new string('#', filled)}{new string('.', 20 - filled)}] {step}/{total} {message}";
            if (Console.IsErrorRedirected) Console.Error.WriteLine(line);
            else
            {
                Console.Error.Write("\r" + line + "   ");
                if (step >= total) Console.Error.WriteLine();
            }
        }

        public void Dispose() { }
    }
}
