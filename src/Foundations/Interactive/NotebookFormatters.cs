using System.Runtime.CompilerServices;
using Foundations.Charts;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace Foundations.Interactive;

/// <summary>
/// Registers the kit's notebook formatters: every <see cref="IHtmlReport"/>, DataFrames and Plotly.NET charts render
/// as HTML with no extra call. Runs once, when the library loads.
/// </summary>
public static class NotebookFormatters
{
    private static int _registered;

#pragma warning disable CA2255 // A library module initializer is the point: formatters must exist before the first result is displayed.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnLoad()
    {
        HostAssemblies.Install();
        try { Register(); }
        catch (FileNotFoundException) { } // outside a kernel the formatting assembly may be trimmed away: nothing to register
    }

    /// <summary>Registers the formatters (idempotent).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        RegisterFormatters();
    }

    /// <summary>Registers the formatters, even if done before: the latest registration for a type wins.</summary>
    internal static void RegisterFormatters()
    {
        Formatter.Register<IHtmlReport>((report, writer) => writer.Write(Html.Style + report.ToHtml()), "text/html");
        Formatter.Register<DataFrame>((frame, writer) => writer.Write(DataFrameHtml.Render(frame)), "text/html");
        // A single column or row is masked too: personal data must not leak through a narrower view of the frame.
        Formatter.Register<DataFrameColumn>((column, writer) => writer.Write(DataFrameHtml.Render(column)), "text/html");
        Formatter.Register<DataFrameRow>((row, writer) => writer.Write(DataFrameHtml.Render(row)), "text/html");
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartHtml.Embed(chart)), "text/html");
        Formatter.Register<Foundations.Patterns.LearningCurve>((v, w) => w.Write(Html.Style + LearningCurveHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(Foundations.Patterns.LearningCurve), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(IHtmlReport), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DataFrame), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DataFrameColumn), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DataFrameRow), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), "text/html");
    }
}
