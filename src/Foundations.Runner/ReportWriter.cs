using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Foundations.Charts;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.DotNet.Interactive.Documents;

namespace Foundations.Runner;

/// <summary>
/// Writes the self-contained HTML report of an executed notebook: markdown rendered, outputs in place, one inlined
/// copy of plotly.js, a table of contents and the run log. A Content-Security-Policy forbids every network load.
/// </summary>
public static class ReportWriter
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private static readonly Regex PlotlyCopies = new($@"<script {ChartHtml.PlotlyScriptMarker}=""1"">.*?</script>", RegexOptions.Singleline | RegexOptions.Compiled);

    /// <summary>The report page; <paramref name="noInput"/> hides code cells (the reviewer version).</summary>
    public static string Write(string title, NotebookFile notebook, RunRecord run, bool noInput)
    {
        var body = new StringBuilder();
        var toc = new List<(int Level, string Id, string Text)>();
        bool charts = false;
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.Kind == "markdown")
            {
                // The contents come from Markdig's syntax tree: headings 1-3 with the ids its auto-identifiers gave them.
                var document = Markdig.Markdown.Parse(cell.Source, Markdown);
                foreach (var heading in document.Descendants<HeadingBlock>())
                    if (heading.Level <= 3 && heading.GetAttributes().Id is { } id)
                        toc.Add((heading.Level, id, PlainText(heading.Inline)));
                string html = document.ToHtml(Markdown);
                body.Append("<section class=\"md\">").Append(html).Append("</section>\n");
                continue;
            }
            if (cell.Kind != "code") continue;
            var record = run.Cells.FirstOrDefault(c => c.Index == i + 1);
            bool failed = record?.Status == "failed";
            body.Append($"<section class=\"cell{(failed ? " failed" : "")}\" id=\"cell-{i + 1}\">");
            if (!noInput || failed)
            {
                string caption = cell.Injected ? "injected parameters" : $"cell {i + 1}";
                // A "hide-input" tag (the Jupyter Book convention) folds the code away: tutorials read as prose and charts.
                bool folded = noInput || cell.Tags.Contains("hide-input");
                body.Append($"<details class=\"code\"{(folded ? "" : " open")}><summary>{caption}{(record is { Seconds: > 0 } ? $" · {record.Seconds:0.0} s" : "")}</summary><pre><code>{WebUtility.HtmlEncode(cell.Source)}</code></pre></details>");
            }
            foreach (var output in cell.Outputs)
            {
                string html = RenderOutput(output);
                if (html.Contains("class=\"fn-chart\"", StringComparison.Ordinal) || html.Contains(ChartHtml.PlotlyScriptMarker, StringComparison.Ordinal)) charts = true;
                body.Append(PlotlyCopies.Replace(html, ""));
            }
            if (failed) body.Append($"<p class=\"error-note\">This cell failed: the notebook stopped here.</p>");
            body.Append("</section>\n");
        }

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        // No network at all: the report must stand on its own, and nothing in it may phone home.
        page.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:\">");
        page.Append($"<title>{WebUtility.HtmlEncode(title)}</title>");
        page.Append("<style>").Append(Css).Append("</style>").Append(Foundations.Interactive.Html.Style);
        if (charts) page.Append(ChartHtml.PlotlyScript);
        page.Append("</head><body><main>");
        page.Append($"<header><h1 class=\"title\">{WebUtility.HtmlEncode(title)}</h1><p class=\"status {run.Status}\">{run.Status}");
        if (run.FailedCell is not null) page.Append($" at {WebUtility.HtmlEncode(run.FailedCell)}: {WebUtility.HtmlEncode(run.Error)}");
        page.Append($"</p><p class=\"meta\">Run {run.Start:yyyy-MM-dd HH:mm:ss} UTC · {run.Seconds:0.0} s · commit {WebUtility.HtmlEncode(run.GitCommit ?? "n/a")}{(noInput ? " · code hidden" : "")}</p></header>");
        if (toc.Count > 0)
        {
            page.Append("<nav class=\"toc\"><h2>Contents</h2><ul>");
            foreach (var (level, id, text) in toc) page.Append($"<li class=\"l{level}\"><a href=\"#{WebUtility.HtmlEncode(id)}\">{WebUtility.HtmlEncode(text)}</a></li>");
            page.Append("<li class=\"l1\"><a href=\"#run-log\">Run log</a></li></ul></nav>");
        }
        page.Append(body);
        page.Append(RunLog(run));
        page.Append("</main></body></html>");
        return page.ToString();
    }

    /// <summary>A heading's text without its markup (emphasis, code and links keep only their words).</summary>
    private static string PlainText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var child in inline?.Descendants<Inline>() ?? Enumerable.Empty<Inline>())
            switch (child)
            {
                case LiteralInline literal: text.Append(literal.Content.ToString()); break;
                case CodeInline code: text.Append(code.Content); break;
                case LineBreakInline: text.Append(' '); break;
            }
        return text.ToString();
    }

    private static string RenderOutput(InteractiveDocumentOutputElement output) => output switch
    {
        TextElement stream => $"<pre class=\"stream {stream.Name}\">{WebUtility.HtmlEncode(stream.Text)}</pre>",
        ErrorElement error => $"<pre class=\"error\">{WebUtility.HtmlEncode(error.ErrorValue)}</pre>",
        // text/html comes from the kit's formatters, which escape every value taken from data.
        DisplayElement display => Rich(display.Data),
        ReturnValueElement value => Rich(value.Data),
        _ => "",
    };

    private static string Rich(IDictionary<string, object> data) =>
        data.TryGetValue("text/html", out var html) ? $"<div class=\"output\">{Text(html)}</div>"
        : data.TryGetValue("text/plain", out var text) ? $"<pre class=\"output\">{WebUtility.HtmlEncode(Text(text))}</pre>"
        : "";

    /// <summary>A mime bundle value: one string, or nbformat's list of lines.</summary>
    private static string Text(object value) => value switch
    {
        string s => s,
        IEnumerable<object> lines => string.Concat(lines),
        _ => value.ToString() ?? "",
    };

    private static string RunLog(RunRecord run)
    {
        string Row(string k, string v) => $"<tr><th>{WebUtility.HtmlEncode(k)}</th><td>{WebUtility.HtmlEncode(v)}</td></tr>";
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("<section class=\"runlog\" id=\"run-log\"><h2>Run log</h2><table class=\"fn-table\">");
        sb.Append(Row("notebook", run.Notebook)).Append(Row("status", run.Status)).Append(Row("start (UTC)", run.Start.ToString("u", c)))
          .Append(Row("end (UTC)", run.End.ToString("u", c))).Append(Row("duration", $"{run.Seconds:0.0} s (kernel start {run.KernelStartSeconds:0.0} s)"))
          .Append(Row("seed", run.Seed ?? "n/a")).Append(Row("git commit", run.GitCommit ?? "n/a")).Append(Row("machine", run.Machine));
        sb.Append("</table><h3>Parameters</h3><table class=\"fn-table\">");
        foreach (var (k, v) in run.Parameters) sb.Append(Row(k, v));
        sb.Append("</table><h3>Metrics</h3><table class=\"fn-table\">");
        foreach (var (k, v) in run.Metrics) sb.Append(Row(k, v?.ToString("0.#####", c) ?? "n/a"));
        sb.Append("</table><h3>Artifacts</h3><ul>");
        foreach (var a in run.Artifacts) sb.Append($"<li>{WebUtility.HtmlEncode(a)}</li>");
        sb.Append("</ul><h3>Cells</h3><table class=\"fn-table\"><tr><th>cell</th><th>kind</th><th>status</th><th>seconds</th></tr>");
        foreach (var cell in run.Cells) sb.Append($"<tr><td>{cell.Index}</td><td>{cell.Kind}</td><td>{cell.Status}</td><td>{cell.Seconds.ToString("0.00", c)}</td></tr>");
        sb.Append("</table><h3>Packages</h3><table class=\"fn-table\">");
        foreach (var (k, v) in run.Packages) sb.Append(Row(k, v));
        return sb.Append("</table></section>").ToString();
    }

    private const string Css = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#fafbfc;color:#1d2330}main{max-width:1100px;margin:0 auto;padding:24px}" +
        "h1.title{margin-bottom:4px}.status{font-weight:600}.status.succeeded{color:#1b7f3b}.status.failed{color:#b3261e}.meta{color:#667}" +
        ".toc{background:#fff;border:1px solid #dde;padding:8px 16px;margin:16px 0}.toc ul{list-style:none;padding-left:0}.toc .l2{padding-left:16px}.toc .l3{padding-left:32px}" +
        "section.cell{margin:12px 0}section.cell.failed{border-left:4px solid #b3261e;padding-left:8px}details.code pre{background:#f2f4f8;padding:8px;overflow:auto;font-size:0.85em}" +
        "pre.error{background:#fde8e6;color:#7a1a12;padding:8px;white-space:pre-wrap}.error-note{color:#b3261e;font-weight:600}pre.stream,pre.output{background:#fff;padding:6px;white-space:pre-wrap}" +
        ".output{overflow-x:auto}.runlog th{text-align:left}";
}
