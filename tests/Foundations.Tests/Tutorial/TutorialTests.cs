using Foundations.Interactive;
using Foundations.Charts;
using Foundations.Data;
using Foundations.Tutorial;
using Microsoft.Data.Analysis;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Foundations.Tests.Tutorial;

[Trait("Speed", "Slow")]
public class OneSignalLessonTests
{
    private static DataFrame Customers() => SampleBank.Generate(1500, seed: 5, transactionAccounts: 0).Customers;

    [Fact]
    public void Lesson_starts_at_a_flat_even_guess_and_learns_the_curve_of_churn_by_age()
    {
        var lesson = OneSignalLesson.Learn(Customers(), "age", "churned_next_90d", seed: 1);
        Assert.All(lesson.Snapshots[0].Curve, p => Assert.Equal(0.5, p, 6));
        Assert.Equal(new[] { 0, 5, 20, 60, 150, 400 }, lesson.Snapshots.Select(s => s.Step));
        // Learned: below the error of guessing the overall rate, and far below the blind start.
        Assert.True(lesson.Snapshots[^1].LogLoss < lesson.GuessingLogLoss, $"{lesson.Snapshots[^1].LogLoss} vs {lesson.GuessingLogLoss}");
        Assert.True(lesson.Snapshots[^1].LogLoss < 0.6 * lesson.Snapshots[0].LogLoss);
        // The planted U: the young leave more often than the middle-aged.
        var final = lesson.Snapshots[^1].Curve;
        int middle = Enumerable.Range(0, lesson.Grid.Count).MinBy(i => Math.Abs(lesson.Grid[i] - 45));
        Assert.True(final[0] > 2 * final[middle], $"youngest {final[0]:0.000} vs age 45 {final[middle]:0.000}");
        Assert.Equal(400, lesson.LossByStep.Count);
        Assert.Contains("age", Reports.Html(lesson));
    }

    [Fact]
    public void Same_seed_gives_the_same_lesson()
    {
        var customers = Customers();
        var a = OneSignalLesson.Learn(customers, "age", "churned_next_90d", seed: 3);
        var b = OneSignalLesson.Learn(customers, "age", "churned_next_90d", seed: 3);
        Assert.Equal(a.Snapshots[^1].Curve, b.Snapshots[^1].Curve);
    }

    [Fact]
    public void Customers_without_a_value_are_counted_as_set_aside()
    {
        var customers = Customers();
        int missing = (int)customers.Columns["income"].NullCount;
        Assert.True(missing > 0);
        var lesson = OneSignalLesson.Learn(customers, "income", "churned_next_90d");
        Assert.Equal(missing, lesson.SetAside);
        Assert.Equal(customers.Rows.Count - missing, lesson.Customers);
        Assert.Contains($"{missing} customers without a value were set aside", string.Join(" ", lesson.Findings()));
    }

    [Fact]
    public void Bad_columns_are_named_in_the_error()
    {
        var customers = Customers();
        var e = Assert.Throws<ArgumentException>(() => OneSignalLesson.Learn(customers, "agee", "churned_next_90d"));
        Assert.Equal("signal", e.ParamName);
        Assert.Contains("No column 'agee'", e.Message);
        e = Assert.Throws<ArgumentException>(() => OneSignalLesson.Learn(customers, "region", "churned_next_90d"));
        Assert.Contains("'region' holds String", e.Message);
        e = Assert.Throws<ArgumentException>(() => OneSignalLesson.Learn(customers, "age", "products_held"));
        Assert.Equal("outcome", e.ParamName);
        Assert.Contains("must be 0 or 1", e.Message);
    }
}

[Trait("Speed", "Slow")]
public class MistakesInWordsTests
{
    [Fact]
    public void Counts_and_sentences_match_a_hand_worked_example()
    {
        // Ten customers, two leave (rows 0 and 5). Flag the top 20% = 2 customers: rows 0 (0.9) and 1 (0.8).
        double[] scores = { 0.9, 0.8, 0.1, 0.2, 0.3, 0.4, 0.05, 0.15, 0.25, 0.35 };
        int[] outcomes = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0 };
        var m = MistakesInWords.Of(scores, outcomes, flagShare: 0.2, eventName: "leave");
        Assert.Equal((1, 1, 7, 1), (m.Confusion.TruePositives, m.Confusion.FalsePositives, m.Confusion.TrueNegatives, m.Confusion.FalseNegatives));
        Assert.Equal(5.0, m.WrongOneTimeIn, 10);          // 2 wrong of 10
        Assert.Equal(5.0, m.LazyRuleWrongOneTimeIn, 10);  // "nobody leaves" is wrong on the 2 leavers
        Assert.Equal(2.5, m.Lift, 10);                    // 50% of flagged leave against 20% overall
        var text = string.Join(" ", m.Sentences());
        Assert.Contains("Of those 2, 1 did leave", text);
        Assert.Contains("caught 1 of the 2 customers who did leave (50%)", text);
        Assert.Contains("wrong 1 time in 5.0", text);
        Assert.Contains("2.5 times as many", text);
        Assert.Contains("1 (false alarm)", Reports.Html(m));
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        Assert.Equal("flagShare", Assert.Throws<ArgumentOutOfRangeException>(() => MistakesInWords.Of(new[] { 0.1, 0.2 }, new[] { 0, 1 }, flagShare: 1.5)).ParamName);
        Assert.Contains("row 1 is 3", Assert.Throws<ArgumentException>(() => MistakesInWords.Of(new[] { 0.1, 0.2 }, new[] { 0, 3 })).Message);
        Assert.Contains("0 of 2", Assert.Throws<ArgumentException>(() => MistakesInWords.Of(new[] { 0.1, 0.2 }, new[] { 0, 0 })).Message);
    }
}

[Trait("Speed", "Slow")]
public class CaptionedChartTests
{
    [Fact]
    public void Caption_sits_under_the_chart_escaped()
    {
        var chart = CSharpChart.Line<int, int, string>(new[] { 1, 2 }, new[] { 3, 4 });
        string html = chart.WithCaption("Higher is <better>").ToHtml();
        Assert.Contains("<figcaption class=\"fn-caption\">Higher is &lt;better&gt;</figcaption>", html);
        Assert.True(html.IndexOf("fn-chart", StringComparison.Ordinal) < html.IndexOf("figcaption", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => chart.WithCaption(" "));
    }
}
