using System.Net;
using System.Text;

namespace Foundations.Runner;

/// <summary>reports/index.html: every notebook of the run with its status and a link to its report.</summary>
public static class IndexPage
{
    public static string Write(IReadOnlyList<RunRecord> records, IReadOnlyList<string> notebooks, bool runsPage = false)
    {
        var sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"><title>Foundations reports</title>");
        sb.Append("<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:24px auto}td,th{padding:4px 10px;border-bottom:1px solid #dde;text-align:left}.succeeded{color:#1b7f3b}.failed,.not-run{color:#b3261e}</style></head><body>");
        sb.Append($"<h1>Foundations reports</h1><p>{records.Count(r => r.Status == "succeeded")} of {notebooks.Count} notebooks succeeded · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC</p>");
        sb.Append("<table><tr><th>notebook</th><th>status</th><th>seconds</th><th>report</th><th>executed notebook</th><th>run log</th></tr>");
        foreach (var nb in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(nb);
            var r = records.FirstOrDefault(x => Path.GetFileNameWithoutExtension(x.Notebook) == name);
            string status = r?.Status ?? "not run";
            string e = WebUtility.HtmlEncode(name);
            sb.Append($"<tr><td>{e}</td><td class=\"{status.Replace(' ', '-')}\">{WebUtility.HtmlEncode(status)}{(r?.FailedCell is { } c ? $" at {WebUtility.HtmlEncode(c)}" : "")}");
            // A notebook whose process ended before writing anything (stopped, crashed) has no files to link: say why instead.
            bool wroteFiles = r is not null && r.Report.Length > 0;
            if (r is { Error: { } why } && !wroteFiles) sb.Append($"<br><small>{WebUtility.HtmlEncode(why)}</small>");
            sb.Append("</td>");
            sb.Append(!wroteFiles ? $"<td>{(r is null ? "" : r.Seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))}</td><td></td><td></td><td></td></tr>" : $"<td>{r!.Seconds:0.0}</td><td><a href=\"{e}.html\">{e}.html</a></td><td><a href=\"{e}.ipynb\">{e}.ipynb</a></td><td><a href=\"{e}.run.json\">{e}.run.json</a></td></tr>");
        }
        sb.Append("</table>");
        if (runsPage) sb.Append("<p><a href=\"runs.html\">Run history</a>: every recorded run of these notebooks (from VS Code, Jupyter and the runner), compared.</p>");
        return sb.Append("</body></html>").ToString();
    }
}
