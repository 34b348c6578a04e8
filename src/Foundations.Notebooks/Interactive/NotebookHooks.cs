using Foundations.Charts;
using Foundations.Experiments;
using Foundations.Tutorial;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.Events;

namespace Foundations.Interactive;

/// <summary>
/// What the notebook layer plugs into the core when it loads, so notebook code needs no extra call: progress
/// displays, the tutorial's live learning curve, and a run that a failed cell marks failed. The core works without them.
/// </summary>
internal static class NotebookHooks
{
    /// <summary>Sets each hook the core left empty (idempotent; a hook a caller set stays).</summary>
    public static void Install()
    {
        ProgressReporting.Default ??= Progress.For;
        OneSignalLesson.LiveView ??= LiveLesson.Start;
        Run.HostWatch ??= KernelWatch.Attach;
    }

    /// <summary>The tutorial's curve redrawn after each snapshot while the network learns (only inside a kernel).</summary>
    private sealed class LiveLesson(DisplayedValue display) : IProgress<LessonProgress>
    {
        public static IProgress<LessonProgress>? Start() =>
            KernelInvocationContext.Current is { } context
                ? new LiveLesson(context.Display(new Microsoft.AspNetCore.Html.HtmlString("<p>Learning…</p>"), "text/html"))
                : null;

        public void Report(LessonProgress value) => display.Update(new Microsoft.AspNetCore.Html.HtmlString(value.Finished
            ? $"<p class=\"fn-muted\">Learned in {OneSignalLesson.FinalStep} steps; the finished lesson is shown below.</p>"
            : ChartHtml.EmbedLive(value.SoFar.CurveChart())));
    }

    /// <summary>In a .NET Interactive kernel (VS Code, Jupyter), marks the run failed when a cell fails after it started.</summary>
    private sealed class KernelWatch : IObserver<KernelEvent>
    {
        private readonly Run _run;
        private KernelWatch(Run run) => _run = run;

        internal static IDisposable? Attach(Run run)
        {
            var root = KernelInvocationContext.Current?.HandlingKernel?.RootKernel;
            return root?.KernelEvents.Subscribe(new KernelWatch(run));
        }

        public void OnNext(KernelEvent e)
        {
            if (e is CommandFailed failed) _run.Fail(failed.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}" : failed.Message);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
