using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;

namespace Foundations.Tests.Reuse;

[Trait("Speed", "Slow")]
public class LearningCurveHtmlTests
{
    private static LearningCurve Curve(string target) => new(target, new[]
    {
        CurvePoint.Of(250, TransferStart.Scratch, new[] { 0.70, 0.74, 0.72 }, all: false),
        CurvePoint.Of(250, TransferStart.FineTuned, new[] { 0.80, 0.81, 0.82 }, all: false),
        CurvePoint.Of(900, TransferStart.Scratch, new[] { 0.85, 0.86, 0.84 }, all: true),
        CurvePoint.Of(900, TransferStart.FineTuned, new[] { 0.85, 0.85, 0.85 }, all: true),
    }, Seeds: 3, TestRows: 300, TestEvents: 40, PoolRows: 900);

    [Fact]
    public void Table_shows_mean_and_interval_per_size_and_start_and_escapes_the_target()
    {
        string html = LearningCurveHtml.Render(Curve("<default>"));
        Assert.Contains("&lt;default&gt;", html);
        Assert.DoesNotContain("<default>", html);
        Assert.Contains("900 (all)", html);
        var scratch = Curve("x")[250, TransferStart.Scratch];
        Assert.Contains($"0.720 [{scratch.Low:0.000}–{scratch.High:0.000}]", html);
        Assert.Contains("a clear gain", html);           // 0.81 ± small against 0.72 ± 0.05
        Assert.Contains("no difference", html);          // 0.85 against 0.85 on all customers
    }

    [Fact]
    public void Metric_names_follow_start_and_size_with_all_for_the_whole_pool()
    {
        Assert.Equal(new[] { "auc_scratch_250", "auc_transfer_250", "auc_scratch_all", "auc_transfer_all" }, Curve("x").Metrics.Select(m => m.Key));
        Assert.Equal("auc_frozen_500", LearningCurve.MetricName(CurvePoint.Of(500, TransferStart.Frozen, new[] { 0.8 }, all: false)));
    }

    [Fact]
    public void Chart_draws_a_mean_line_and_two_interval_lines_per_start()
    {
        string html = ChartHtml.Embed(Curve("x").Chart());
        foreach (var start in new[] { "from scratch", "from the encoder, fine-tuned" })
        {
            Assert.Contains($"{start} (mean of 3 seeds)", html);
            Assert.Contains($"{start}: 95% interval, low", html);
            Assert.Contains($"{start}: 95% interval, high", html);
        }
    }
}
