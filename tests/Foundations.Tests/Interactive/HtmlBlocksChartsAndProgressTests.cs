using Foundations.Charts;
using Foundations.Interactive;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Html = Foundations.Interactive.Html;

namespace Foundations.Tests.Interactive;

/// <summary>Shared HTML blocks, user-marked identifiers, offline charts and the console progress bar.</summary>
[Collection("NotebookDisplay")]
public class HtmlBlocksChartsAndProgressTests
{
    [Fact]
    public void Columns_marked_by_the_user_are_masked_too()
    {
        var frame = new DataFrame(new StringDataFrameColumn("customer_ref_browser_test", new[] { "REF-778899" }));
        Assert.Contains("REF-778899", frame.ToDisplayString("text/html"));
        NotebookDisplay.MarkIdentifiers("customer_ref_browser_test");
        Assert.DoesNotContain("REF-778899", frame.ToDisplayString("text/html"));
    }

    [Fact]
    public void Html_blocks_escape_headers_cells_and_captions()
    {
        string table = Html.Table(new[] { "<h>" }, new[] { new object?[] { "<td>" } }, caption: "<cap>");
        Assert.Contains("<th>&lt;h&gt;</th>", table);
        Assert.Contains("<td class=\"fn-text\">&lt;td&gt;</td>", table);
        Assert.Contains("<caption>&lt;cap&gt;</caption>", table);
        string pairs = Html.KeyValues(new (string, object?)[] { ("rows", 5000), ("<k>", 0.12345678) });
        Assert.Contains("<td>5000</td>", pairs);
        Assert.Contains("<td class=\"fn-text\">&lt;k&gt;</td><td>0.1235</td>", pairs);
        Assert.DoesNotContain("<thead>", pairs);
        Assert.Contains(">act</span>", Html.Badge(Light.Red));
        Assert.Contains(">&lt;x&gt;</span>", Html.Badge(Light.Green, "<x>"));
    }

    [Fact]
    public void Charts_render_offline_and_text_in_a_chart_cannot_close_its_script()
    {
        var chart = Plotly.NET.CSharp.Chart.Line<int, int, string>(new[] { 1, 2 }, new[] { 2, 1 }, Name: "</script><script>alert(1)</script>");
        string first = chart.ToDisplayString("text/html");
        string second = ChartHtml.Embed(chart);
        // plotly.js itself names cdn.plot.ly in defaults for map tiles; what must not appear is a load outside it.
        foreach (var html in new[] { first.Replace(ChartHtml.PlotlyScript, ""), second })
        {
            Assert.DoesNotContain("cdn.plot.ly", html);
            Assert.DoesNotContain("require", html);
            Assert.DoesNotContain("<script src", html);
            Assert.DoesNotContain("</script><script>alert(1)", html);
            Assert.Contains("class=\"fn-chart\"", html);
        }
        Assert.DoesNotContain(ChartHtml.PlotlyScriptMarker, second); // plotly.js ships once per kernel session
        Assert.Contains("Plotly", ChartHtml.PlotlyJs[..2000]);
        Assert.StartsWith($"<script {ChartHtml.PlotlyScriptMarker}=\"1\">", ChartHtml.PlotlyScript);
    }

    [Fact]
    public void Progress_outside_a_notebook_is_a_console_bar()
    {
        using var progress = Progress.Start("Training");
        Assert.Equal("ConsoleProgress", progress.GetType().Name);
        progress.Report(1, 2, "epoch 1");
        progress.Report(2, 2, "epoch 2");
    }
}
