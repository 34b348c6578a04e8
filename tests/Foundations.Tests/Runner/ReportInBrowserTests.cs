using Microsoft.Playwright;

namespace Foundations.Tests.Runner;

/// <summary>Opens a generated report in real headless Chromium with the network cut off, as a reviewer's machine would.</summary>
[Trait("Speed", "Slow")]
public class ReportInBrowserTests
{
    // Debian's chromium, installed by scripts/setup.sh; Playwright never downloads a browser here.
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Report_renders_charts_and_markdown_offline_without_script_errors_or_injected_scripts()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/setup.sh (it installs Debian's chromium).");
        string outDir = RunnerProcess.TempFolder();
        var run = RunnerProcess.Run("run", Path.Combine(RepoPaths.Root, "tests", "notebooks", "runner-check.ipynb"), "--out", outDir, "--no-input");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        string report = Path.Combine(outDir, "runner-check.html");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 300_000, // hang guards, not speed checks: a loaded machine starts and renders slowly
            Args = new[] { "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic" },
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Offline = true });
        var requests = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal)) await route.ContinueAsync();
            else { requests.Add(route.Request.Url); await route.AbortAsync(); }
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(300_000);
        page.SetDefaultNavigationTimeout(300_000);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(report).AbsoluteUri);
        await page.WaitForSelectorAsync(".fn-chart svg.main-svg");

        Assert.Equal(1, await page.Locator("h2#markdown-renders").CountAsync());
        Assert.Equal(1, await page.Locator("li em").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === 1"), "a <script> from the data ran");
        Assert.Contains("<script>window.injected = 1;</script>", await page.InnerTextAsync("body"));
        Assert.Empty(errors);
        Assert.Empty(requests);
    }
}
