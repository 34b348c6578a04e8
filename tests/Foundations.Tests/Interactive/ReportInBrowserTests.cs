using System.Diagnostics;
using Microsoft.Playwright;

namespace Foundations.Tests.Interactive;

/// <summary>Opens a report written by the runner in real headless chromium with the network off.</summary>
public class ReportInBrowserTests
{
    private const string Chromium = "/usr/bin/chromium"; // Debian's chromium, installed by scripts/setup.sh

    [Fact]
    public async Task Report_renders_chart_and_markdown_offline_without_script_errors_or_injected_scripts()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/setup.sh (installs Debian's chromium).");
        string outDir = Path.Combine(Path.GetTempPath(), "fnd-browser-" + Guid.NewGuid().ToString("N"));
        string notebook = Path.Combine(RepoPaths.Root, "tests", "notebooks", "report-in-browser.ipynb");
        var (exitCode, output) = RunRunner("run", notebook, "--out", outDir);
        Assert.True(exitCode == 0, output);
        string report = Path.Combine(outDir, "report-in-browser.html");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--disable-extensions"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Offline = true, JavaScriptEnabled = true });
        var networkRequests = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal)) await route.ContinueAsync();
            else { lock (networkRequests) networkRequests.Add(route.Request.Url); await route.AbortAsync(); }
        });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (scriptErrors) scriptErrors.Add(message.Text); };
        page.PageError += (_, error) => { lock (scriptErrors) scriptErrors.Add(error); };

        await page.GotoAsync(new Uri(report).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        // plotly.js draws asynchronously: wait for the chart's SVG.
        await page.WaitForSelectorAsync(".fn-chart svg.main-svg", new PageWaitForSelectorOptions { Timeout = 30_000 });

        Assert.True(await page.Locator(".fn-chart svg.main-svg").CountAsync() >= 1, "the chart's SVG was not drawn");
        Assert.True(await page.Locator(".fn-chart .scatterlayer .trace").CountAsync() >= 1, "the chart has no line trace");
        Assert.Equal("Markdown section", (await page.Locator("h2#markdown-section").InnerTextAsync()).Trim());
        Assert.Equal("bold words", await page.Locator("section.md strong").First.InnerTextAsync());
        Assert.Equal(2, await page.Locator("section.md li").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.injected === undefined"), "text from the data ran as a script");
        string tableText = await page.Locator(".fn-frame table.fn-table").First.InnerTextAsync();
        Assert.Contains("<script>window.injected = true;</script>", tableText); // shown as text
        Assert.DoesNotContain("C00001", tableText);                              // identifier masked
        Assert.Equal(0, await page.Locator(".fn-frame img").CountAsync());
        Assert.True(scriptErrors.Count == 0, "script errors: " + string.Join(" | ", scriptErrors));
        Assert.True(networkRequests.Count == 0, "the report reached for the network: " + string.Join(", ", networkRequests));
    }

    /// <summary>Starts the built runner as CI would: `dotnet foundations.dll ...`.</summary>
    private static (int ExitCode, string Output) RunRunner(params string[] args)
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        string runner = Path.Combine(RepoPaths.Root, "src", "Foundations.Runner", "bin", configuration, "net10.0", "Foundations.Runner.dll");
        Assert.True(File.Exists(runner), $"Build the runner first: {runner} is missing.");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        psi.ArgumentList.Add(runner);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); throw new TimeoutException("the runner ran past 5 minutes"); }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
