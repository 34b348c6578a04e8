using Foundations.Monitor;
using Foundations.Experiments;
using Microsoft.DotNet.Interactive.Formatting;

namespace Foundations.Interactive;

/// <summary>The kit's results as HTML outside a notebook cell: for report pages, the runner and tests.</summary>
public static class Reports
{
    /// <summary>The HTML a notebook shows for <paramref name="value"/> (the formatter registered for its type, stylesheet included).</summary>
    public static string Html(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        NotebookFormatters.Register();
        return value.ToDisplayString("text/html");
    }

    /// <summary>A monitoring check as a page that stands on its own: plotly.js inlined once, no network loads allowed.</summary>
    public static string Page(MonitoringCheck check) => MonitoringCheckHtml.Page(check);

    /// <summary>The run history's table alone, with a line for the parameters every run shares.</summary>
    public static string Table(RunHistory history) => RunHistoryHtml.Table(history);
}
