using Foundations.Charts;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;
using Foundations.Interactive;

namespace Foundations.Patterns;

/// <summary>The 2-D map of customers: the first two principal components of the representation, one colour per segment.</summary>
public static class SegmentMapChart
{
    /// <summary>At most <paramref name="maxPoints"/> customers are drawn (an evenly spaced subset beyond that) to keep the page light.</summary>
    public static GenericChart Create(SegmentationResult result, int maxPoints = 4000)
    {
        int n = result.Segments.Count;
        int step = Math.Max(1, (n + maxPoints - 1) / maxPoints);
        var traces = new List<GenericChart>();
        foreach (var profile in result.Profiles)
        {
            var rows = Enumerable.Range(0, n).Where(r => r % step == 0 && result.Segments[r] == profile.Segment).ToArray();
            traces.Add(CSharpChart.Point<double, double, string>(
                x: rows.Select(r => (double)result.MapCoordinates[2 * r]),
                y: rows.Select(r => (double)result.MapCoordinates[2 * r + 1]),
                Name: Html.Escape($"{profile.Segment}: {profile.Name}"),
                Opacity: 0.6));
        }
        var explained = result.MapExplained;
        return CSharpChart.Combine(traces)
            .WithChartTitle($"Customers by segment (principal components of the {(result.Representation switch { Representation.Autoencoder => "embedding", Representation.BalancedColumns => "balanced columns", _ => "standardized features" })})")
            .WithXAxisStyle<double, double, string>(TitleText: $"component 1 ({explained[0]:0%} of variance)")
            .WithYAxisStyle<double, double, string>(TitleText: $"component 2 ({explained[1]:0%} of variance)");
    }
}

/// <summary>Choosing k: silhouette (higher is better) beside the elbow curve of inertia, for every k tried.</summary>
public static class ChooseKChart
{
    public static GenericChart Create(SegmentationResult result)
    {
        var ks = result.KChoices.Select(c => c.K).ToArray();
        var silhouette = CSharpChart.Line<int, double, string>(x: ks, y: result.KChoices.Select(c => c.Silhouette), ShowMarkers: true, Name: "silhouette");
        var inertia = CSharpChart.Line<int, double, string>(x: ks, y: result.KChoices.Select(c => c.Inertia), ShowMarkers: true, Name: "inertia (elbow)");
        return CSharpChart.Grid(new[] { silhouette, inertia }, 1, 2,
                SubPlotTitles: new[] { result.Requested.Automatic ? $"Silhouette (chosen k = {result.K})" : $"Silhouette (k = {result.K} given)", "Inertia: within-segment sum of squares" })
            .WithChartTitle("Choosing the number of segments")
            .WithXAxisStyle<int, int, string>(TitleText: "k")
            .WithXAxisStyle<int, int, string>(TitleText: "k", Id: StyleParam.SubPlotId.NewXAxis(2));
    }
}

/// <summary>Heat map of segments against features: the standardized difference from all customers (red above, blue below).</summary>
public static class ProfileHeatMapChart
{
    /// <summary>Shows every number and yes/no column, plus the categories that distinguish some segment.</summary>
    public static GenericChart Create(SegmentationResult result)
    {
        var chosen = result.Differences[0]
            .Select((d, i) => (d, i))
            .Where(x => x.d.Category is null || result.Profiles.Any(p => p.Distinguishing.Any(t => t.Column == x.d.Column && t.Category == x.d.Category)))
            .Select(x => x.i).ToArray();
        var labels = chosen.Select(i => Html.Escape(result.Differences[0][i].Label)).ToArray();
        var rows = result.Profiles.Select(p => Html.Escape($"{p.Segment}: {p.Name}")).ToArray();
        var z = result.Differences.Select(row => chosen.Select(i => Math.Round(row[i].StandardizedDifference, 2)).ToArray()).ToArray();
        return CSharpChart.Heatmap<double, string, string, string>(
                zData: z, X: labels, Y: rows, ColorScale: StyleParam.Colorscale.RdBu, ReverseScale: true)
            .WithChartTitle("Segment profiles: difference from all customers, in standard deviations")
            .WithSize(Width: Math.Max(700, 28 * labels.Length + 300), Height: 200 + 40 * rows.Length);
    }
}

/// <summary>Bars of segment sizes and, when an outcome is known, its rate per segment against the overall rate.</summary>
public static class SegmentSizeChart
{
    public static GenericChart Create(SegmentationResult result)
    {
        var names = result.Profiles.Select(p => Html.Escape($"{p.Segment}: {p.Name}")).ToArray();
        var sizes = CSharpChart.Column<int, string, string>(values: result.Profiles.Select(p => p.Size), Keys: names, Name: "customers");
        var outcome = result.Profiles.FirstOrDefault()?.OutcomeColumn;
        if (outcome is null) return sizes.WithChartTitle("Customers per segment");
        var rates = CSharpChart.Column<double, string, string>(values: result.Profiles.Select(p => Math.Round(p.OutcomeRate ?? 0, 4)), Keys: names,
            Name: Html.Escape($"{FeatureDifference.Humanize(outcome)} rate"));
        return CSharpChart.Grid(new[] { sizes, rates }, 1, 2,
                SubPlotTitles: new[] { "Customers per segment", $"{Html.Escape(FeatureDifference.Humanize(outcome))} rate (all customers: {result.Profiles[0].PopulationOutcomeRate:0.0%})" })
            .WithChartTitle("Segment sizes and outcome rates");
    }
}
