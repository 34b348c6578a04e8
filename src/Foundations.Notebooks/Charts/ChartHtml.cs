using System.Reflection;
using Plotly.NET;

namespace Foundations.Charts;

/// <summary>
/// Turns Plotly.NET charts into HTML that works offline. plotly.js comes from the Plotly.NET package itself (an
/// embedded resource), never a CDN: it is inlined in the first chart of a process (a notebook kernel session) inside
/// a script marked <see cref="PlotlyScriptMarker"/>, so the report writer can keep exactly one copy per page.
/// </summary>
public static class ChartHtml
{
    /// <summary>The attribute that marks the inlined plotly.js script.</summary>
    public const string PlotlyScriptMarker = "data-foundations-plotly";

    private static int _chartCount;
    private static int _libraryShipped;
    private static readonly Lazy<string> Library = new(LoadLibrary);

    /// <summary>The plotly.js source shipped inside Plotly.NET.</summary>
    public static string PlotlyJs => Library.Value;

    /// <summary>A script element holding plotly.js, marked so that pages keep one copy.</summary>
    public static string PlotlyScript => $"<script {PlotlyScriptMarker}=\"1\">{PlotlyJs}</script>";

    /// <summary>
    /// The chart as a div plus the script that draws it. The first chart of the process also carries plotly.js;
    /// later ones use the copy already on the page.
    /// </summary>
    public static string Embed(GenericChart chart) =>
        Render(chart, Interlocked.Exchange(ref _libraryShipped, 1) == 0);

    /// <summary>
    /// A chart for a display that a later update replaces (live progress). The first one carries plotly.js for the
    /// page open at that moment, without counting as the notebook's copy: that must sit in an output that stays, or a
    /// saved notebook (Jupyter, nbconvert) would keep charts and no library.
    /// </summary>
    public static string EmbedLive(GenericChart chart) =>
        Render(chart, Volatile.Read(ref _libraryShipped) == 0 && Interlocked.Exchange(ref _liveLibraryShipped, 1) == 0);

    private static int _liveLibraryShipped;

    private static string Render(GenericChart chart, bool withLibrary)
    {
        int id = Interlocked.Increment(ref _chartCount);
        string div = $"fn-chart-{Environment.ProcessId}-{id}";
        string figure = GenericChart.toFigureJson(chart);
        string library = withLibrary ? PlotlyScript : "";
        // The figure JSON is produced by Plotly.NET from our own chart objects; "</" is escaped so text in it cannot close the script.
        string json = figure.Replace("</", "<\\/");
        return $"{library}<div id=\"{div}\" class=\"fn-chart\"></div><script>(function(){{var f={json};" +
               $"function draw(){{if(window.Plotly){{window.Plotly.newPlot('{div}',f.data,f.layout,Object.assign({{responsive:true,displaylogo:false}},f.config||{{}}));}}else{{setTimeout(draw,50);}}}}draw();}})();</script>";
    }

    private static string LoadLibrary()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly", StringComparison.OrdinalIgnoreCase))
                   ?? throw new InvalidOperationException($"plotly.js is not embedded in {assembly.GetName().Name} {assembly.GetName().Version}: charts cannot render offline.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
