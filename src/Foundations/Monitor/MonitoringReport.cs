using System.Text;
using Foundations.Charts;
using Foundations.Interactive;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace Foundations.Monitor;

/// <summary>The comparison of a current batch with the reference: score PSI, per-feature stability and tests, as a traffic-light report.</summary>
public sealed class MonitoringReport : IHtmlReport
{
    private readonly double[]? _referenceScores;
    private readonly double[]? _currentScores;

    internal MonitoringReport(IReadOnlyList<FeatureDrift> features, StabilityIndex? scorePsi, double[]? referenceScores, double[]? currentScores,
        long referenceRows, long currentRows, IReadOnlyList<string> skipped, IReadOnlyList<string> missingInCurrent, IReadOnlyList<string> newColumns)
    {
        Features = features.OrderByDescending(f => f.Csi.Value).ToArray();
        ScorePsi = scorePsi;
        _referenceScores = referenceScores;
        _currentScores = currentScores;
        ReferenceRows = referenceRows;
        CurrentRows = currentRows;
        SkippedColumns = skipped.ToArray();
        ColumnsMissingInCurrent = missingInCurrent.ToArray();
        NewColumns = newColumns.ToArray();
    }

    /// <summary>Every compared feature, most shifted first.</summary>
    public IReadOnlyList<FeatureDrift> Features { get; }

    /// <summary>PSI of the model scores, when scores were given.</summary>
    public StabilityIndex? ScorePsi { get; }

    /// <summary>Rows in the reference.</summary>
    public long ReferenceRows { get; }

    /// <summary>Rows in the current batch.</summary>
    public long CurrentRows { get; }

    /// <summary>Free-text columns (names, ids not excluded) that were not compared.</summary>
    public IReadOnlyList<string> SkippedColumns { get; }

    /// <summary>Reference columns absent from the current batch: a scoring pipeline would fail on them.</summary>
    public IReadOnlyList<string> ColumnsMissingInCurrent { get; }

    /// <summary>Columns only the current batch has.</summary>
    public IReadOnlyList<string> NewColumns { get; }

    /// <summary>The feature called <paramref name="name"/>.</summary>
    public FeatureDrift this[string name] => Features.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"No compared feature '{name}'. Compared: {string.Join(", ", Features.Select(f => f.Name))}.");

    /// <summary>How many features fall in <paramref name="band"/>.</summary>
    public int CountIn(StabilityBand band) => Features.Count(f => f.Band == band);

    /// <summary>The overall light: the worst of the score band and the feature bands.</summary>
    public StabilityBand OverallBand =>
        Features.Select(f => f.Band).Append(ScorePsi?.Band ?? StabilityBand.Stable).Max();

    /// <summary>CSI by feature as a bar chart, with the watch and act thresholds in the title.</summary>
    public GenericChart PsiByFeatureChart() =>
        CSharpChart.Column<double, string, string>(Features.Select(f => f.Csi.Value).ToArray(), Keys: Features.Select(f => f.Name).ToArray(), Name: "CSI")
            .Titled($"Stability index by feature (watch ≥ {Stability.WatchFrom:0.00}, act > {Stability.ActAbove:0.00})", "feature", "CSI");

    /// <summary>Overlaid reference and current histograms for the <paramref name="count"/> most shifted numeric features.</summary>
    public IReadOnlyList<GenericChart> MostShiftedDistributions(int count = 3) =>
        Features.Where(f => f.IsNumeric).Take(count).Select(f => Overlay(f.ReferenceValues, f.CurrentValues,
            $"{f.Name}: reference vs current (CSI {f.Csi.Value:0.000})", f.Name)).ToArray();

    /// <summary>Overlaid reference and current score histograms, when scores were given.</summary>
    public GenericChart? ScoreDistributionChart() => _referenceScores is null || _currentScores is null || ScorePsi is null ? null
        : Overlay(_referenceScores, _currentScores, $"Scores: reference vs current (PSI {ScorePsi.Value:0.000})", "score");

    /// <summary>What each band means and what to do about it, in plain words.</summary>
    public static string ActionFor(StabilityBand band) => band switch
    {
        StabilityBand.Stable => "Stable (green, below 0.10): the population looks like the one the model learned from. Keep scoring; review at the next routine check.",
        StabilityBand.Watch => "Watch (amber, 0.10 to 0.25): a noticeable shift. Keep using the model, find out why the feature moved (new product, campaign, data change) and check again sooner; compare model performance as soon as outcomes arrive.",
        _ => "Act (red, above 0.25): the population has changed a lot. Check the data feed first (a broken field looks like drift); if the change is real, validate the model on recent outcomes and plan to retrain or recalibrate before relying on its scores.",
    };

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder(Html.Style);
        sb.Append("<div class=\"fn-monitoring\"><h3>Monitoring: current batch vs reference ")
          .Append(Html.Badge(Stability.LightOf(OverallBand), OverallBand.ToString().ToLowerInvariant())).Append("</h3>");
        var summary = new List<(string, object?)> { ("reference rows", ReferenceRows), ("current rows", CurrentRows) };
        if (ScorePsi is not null) summary.Add(("score PSI", ScorePsi.Value));
        summary.Add(("features stable / watch / act", $"{CountIn(StabilityBand.Stable)} / {CountIn(StabilityBand.Watch)} / {CountIn(StabilityBand.Act)}"));
        if (SkippedColumns.Count > 0) summary.Add(("not compared (free text)", string.Join(", ", SkippedColumns)));
        if (ColumnsMissingInCurrent.Count > 0) summary.Add(("missing in current batch", string.Join(", ", ColumnsMissingInCurrent)));
        if (NewColumns.Count > 0) summary.Add(("new in current batch", string.Join(", ", NewColumns)));
        sb.Append(Html.KeyValues(summary, "Summary"));
        if (ScorePsi is not null)
            sb.Append("<p>Score stability: ").Append(Html.Badge(Stability.LightOf(ScorePsi.Band), ScorePsi.Band.ToString().ToLowerInvariant()))
              .Append(" PSI ").Append(Html.Cell(ScorePsi.Value)).Append("</p>");

        // Badges are HTML, so the table is built here rather than with Html.Table (which escapes every cell).
        sb.Append("<table class=\"fn-table\"><caption>Features, most shifted first</caption><thead><tr>");
        foreach (var h in new[] { "feature", "light", "CSI", "test", "statistic", "p-value", "missing ref", "missing now", "out of range", "new categories" })
            sb.Append("<th>").Append(Html.Escape(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var f in Features)
        {
            sb.Append("<tr><td>").Append(Html.Escape(f.Name)).Append("</td><td>")
              .Append(Html.Badge(Stability.LightOf(f.Band), f.Band.ToString().ToLowerInvariant())).Append("</td>");
            foreach (var cell in new object?[] { f.Csi.Value, f.Test.Test, f.Test.Statistic, f.Test.PValue.ToString("0.####E+0", System.Globalization.CultureInfo.InvariantCulture),
                         Percent(f.MissingRateReference), Percent(f.MissingRateCurrent), f.IsNumeric ? Percent(f.OutOfRangeRate) : "", string.Join(", ", f.NewCategories) })
                sb.Append("<td>").Append(Html.Cell(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (Features.Count > 0) sb.Append(ChartHtml.Embed(PsiByFeatureChart()));
        if (ScoreDistributionChart() is { } scores) sb.Append(ChartHtml.Embed(scores));
        foreach (var chart in MostShiftedDistributions()) sb.Append(ChartHtml.Embed(chart));
        sb.Append("<h4>What to do</h4><ul>");
        foreach (var band in new[] { StabilityBand.Stable, StabilityBand.Watch, StabilityBand.Act })
        {
            var names = Features.Where(f => f.Band == band).Select(f => f.Name).ToArray();
            sb.Append("<li>").Append(Html.Badge(Stability.LightOf(band), band.ToString().ToLowerInvariant())).Append(' ')
              .Append(Html.Escape(ActionFor(band)));
            if (names.Length > 0) sb.Append(" <span class=\"fn-muted\">Features here: ").Append(Html.Escape(string.Join(", ", names))).Append(".</span>");
            sb.Append("</li>");
        }
        sb.Append("</ul><p class=\"fn-muted\">Bins are the deciles of the reference; an empty bin counts as a share of ")
          .Append(Html.Cell(Stability.EmptyBinShare)).Append(" so the index stays finite. Tests with many rows flag even tiny shifts: read the p-value together with the CSI.</p></div>");
        return sb.ToString();
    }

    private static string Percent(double share) => double.IsNaN(share) ? "" : (share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static GenericChart Overlay(double[] reference, double[] current, string title, string axis) =>
        CSharpChart.Combine(new[]
        {
            CSharpChart.Histogram<double, double, string>(X: reference, Name: "reference", HistNorm: StyleParam.HistNorm.Probability, Opacity: 0.6),
            CSharpChart.Histogram<double, double, string>(X: current, Name: "current", HistNorm: StyleParam.HistNorm.Probability, Opacity: 0.6),
        }).Titled(title, axis, "share of rows").Overlaid();
}
