using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Foundations.Charts;
using Foundations.Experiments;

namespace Foundations.Runner;

/// <summary>
/// reports/runs.html: the run history of the notebooks just run (every run the store holds, from any host): per notebook
/// a table, a chart of its key metric over runs and filters. Offline like every report: plotly.js inlined once.
/// </summary>
public static class RunsPage
{
    private static readonly Regex PlotlyCopies = new($@"<script {ChartHtml.PlotlyScriptMarker}=""1"">.*?</script>", RegexOptions.Singleline | RegexOptions.Compiled);

    /// <summary>Writes the page; false (with a warning) when the run store cannot be read.</summary>
    public static bool TryWrite(string path, IReadOnlyList<string> notebooks)
    {
        try
        {
            var store = RunStore.Open(RunStoreLink.StorePathFor(notebooks));
            var histories = notebooks.Select(Path.GetFileNameWithoutExtension).Distinct().Select(n => RunHistory.Read(store, n)).ToList();
            File.WriteAllText(path, Write(histories, store.Path));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"foundations: no run history page: {e.Message}");
            return false;
        }
    }

    /// <summary>The page for these histories.</summary>
    public static string Write(IReadOnlyList<RunHistory> histories, string storePath)
    {
        var sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:\">");
        sb.Append("<title>Run history</title><style>body{font-family:system-ui,sans-serif;max-width:1200px;margin:24px auto;padding:0 12px}.filters{margin:8px 0}.filters input,.filters select{margin-right:10px}</style>");
        sb.Append(Foundations.Interactive.Html.Style);
        bool charts = histories.Any(h => h.Entries.Count > 0 && h.KeyMetric is not null);
        if (charts) sb.Append(ChartHtml.PlotlyScript);
        sb.Append("</head><body><p><a href=\"index.html\">← reports</a></p><h1>Run history</h1>");
        sb.Append($"<p class=\"fn-muted\">Every recorded run of these notebooks, whoever started it (runner, VS Code, Jupyter, tests). Store: {WebUtility.HtmlEncode(storePath)}. " +
                  "Compare two runs with <code>foundations runs --compare A B</code>; export with <code>foundations runs --export DIR</code>.</p>");
        foreach (var h in histories)
        {
            string id = "nb-" + Regex.Replace(h.Notebook ?? "all", "[^A-Za-z0-9_-]", "-");
            sb.Append($"<section id=\"{id}\"><h2>{WebUtility.HtmlEncode(h.Notebook)}</h2>");
            if (h.Entries.Count == 0) { sb.Append("<p>No runs recorded yet.</p></section>"); continue; }
            if (h.KeyMetric is not null) sb.Append(PlotlyCopies.Replace(ChartHtml.Embed(h.Chart()), ""));
            var hosts = h.Entries.Select(r => r.Host).Distinct().Order(StringComparer.Ordinal);
            sb.Append("<div class=\"filters\" data-for=\"").Append(id).Append("\">filter: <input type=\"search\" placeholder=\"any text, e.g. 25 or failed\" data-filter=\"text\">");
            sb.Append("status <select data-filter=\"status\"><option value=\"\">any</option><option>succeeded</option><option>failed</option><option>running</option></select>");
            sb.Append("host <select data-filter=\"host\"><option value=\"\">any</option>");
            foreach (var host in hosts) sb.Append($"<option>{WebUtility.HtmlEncode(host)}</option>");
            sb.Append("</select><span class=\"fn-muted\" data-count></span></div>");
            sb.Append(Foundations.Interactive.Reports.Table(h));
            sb.Append("</section>");
        }
        sb.Append("<script>").Append(FilterScript).Append("</script></body></html>");
        return sb.ToString();
    }

    // Rows stay in the page; the filters only hide them. Columns 3 and 2 are status and host (see RunHistory.Table).
    private const string FilterScript = """
        document.querySelectorAll('.filters').forEach(function (bar) {
          var rows = document.getElementById(bar.dataset.for).querySelectorAll('tbody tr');
          function apply() {
            var text = bar.querySelector('[data-filter=text]').value.toLowerCase();
            var status = bar.querySelector('[data-filter=status]').value, host = bar.querySelector('[data-filter=host]').value, shown = 0;
            rows.forEach(function (row) {
              var cells = row.children;
              var ok = (!text || row.textContent.toLowerCase().indexOf(text) >= 0) && (!status || cells[3].textContent === status) && (!host || cells[2].textContent === host);
              row.style.display = ok ? '' : 'none';
              if (ok) shown++;
            });
            bar.querySelector('[data-count]').textContent = shown + ' of ' + rows.length + ' runs';
          }
          bar.querySelectorAll('input,select').forEach(function (el) { el.addEventListener('input', apply); });
          apply();
        });
        """;
}
