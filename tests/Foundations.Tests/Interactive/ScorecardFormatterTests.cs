using Foundations.Interactive;
using Foundations.Training;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace Foundations.Tests.Interactive;

public class ScorecardFormatterTests
{
    private static (Scorecard Card, DataFrame Frame) Tiny()
    {
        var rng = new Random(3);
        int n = 600;
        var channel = new StringDataFrameColumn("<b>channel</b>", n);
        var income = new DoubleDataFrameColumn("income", n);
        var labels = new int[n];
        for (int r = 0; r < n; r++)
        {
            channel[r] = r % 3 == 0 ? "<script>x</script>" : r % 3 == 1 ? "web" : "branch";
            income[r] = 10_000 + 50_000 * rng.NextDouble();
            labels[r] = rng.NextDouble() < (r % 3 == 0 ? 0.4 : 0.1) + (income[r] < 25_000 ? 0.2 : 0) ? 1 : 0;
        }
        var frame = new DataFrame(channel, income);
        return (Scorecard.Fit(frame, labels), frame);
    }

    [Fact]
    public void Scorecard_renders_as_a_bank_table_with_every_value_escaped()
    {
        NotebookFormatters.Register();
        var (card, _) = Tiny();
        string html = Formatter.ToDisplayString(card, "text/html");
        Assert.Contains("<th>WoE</th>", html);
        Assert.Contains("<th>points</th>", html);
        Assert.Contains("20 points double the odds", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>x", html);
        Assert.DoesNotContain("<b>channel</b>", html);
    }

    [Fact]
    public void A_customers_score_renders_with_its_reasons()
    {
        NotebookFormatters.Register();
        var (card, frame) = Tiny();
        var worst = card.Score(frame).OrderBy(s => s.Score).First();
        string html = Formatter.ToDisplayString(worst, "text/html");
        Assert.Contains("Main reasons", html);
        Assert.Contains("points fewer than the best bin", html);
    }

    [Fact]
    public void An_adjusted_scorecard_shows_each_bins_adjustment_and_the_cross_validation_that_kept_it()
    {
        NotebookFormatters.Register();
        var (frame, labels) = Foundations.Tests.Training.ScorecardTests.Overlapping(8000, 21);
        string adjusted = Formatter.ToDisplayString(Scorecard.Fit(frame, labels), "text/html");
        Assert.Contains(">adjustment</th>", adjusted);
        Assert.Contains("predicted better in 4-fold cross-validation", adjusted);
        Assert.Contains("with WoE alone", adjusted);
        string plain = Formatter.ToDisplayString(Scorecard.Fit(frame, labels, settings: new ScorecardSettings { AdjustmentPenalties = Array.Empty<double>() }), "text/html");
        Assert.DoesNotContain(">adjustment</th>", plain);
        Assert.Contains("no adjustment for overlap was tried", plain);
    }
}
