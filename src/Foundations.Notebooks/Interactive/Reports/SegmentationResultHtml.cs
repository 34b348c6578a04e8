using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using Plotly.NET;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="SegmentationResult"/>.</summary>
internal static class SegmentationResultHtml
{
    public static string Render(SegmentationResult v)
    {
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.Append("<div class=\"fn-segmentation\">");
        html.Append($"<h3>Customer segments: {v.K} found</h3>");
        html.Append("<p>")
            .Append(Html.Escape($"{v.Segments.Count.ToString("#,0", c)} customers clustered on {v.RepresentationInWords()}; k {v.Requested}. "))
            .Append(Html.Escape($"Silhouette {v.Silhouette.ToString("0.000", c)} ({(v.SilhouetteRows == v.Segments.Count ? "exact over all customers" : $"exact on a seeded sample of {v.SilhouetteRows.ToString("#,0", c)} customers")}), "))
            .Append(Html.Escape($"Davies–Bouldin {v.DaviesBouldin.ToString("0.000", c)}; seed {v.Seed}."))
            .Append("</p>");
        html.Append("<p>").Append(Html.Escape(v.ChoiceOfKInWords() + " " + v.StabilityInWords())).Append("</p>");
        if (v.Filled.Count > 0)
            html.Append("<p>").Append(Html.Escape("Missing values filled (no customer dropped): " + string.Join(", ", v.Filled.Select(f => $"{f.Key} {f.Value}")))).Append("</p>");
        if (v.LeftOut.Count > 0)
            html.Append("<p>").Append(Html.Escape("Not used as features: " + string.Join("; ", v.LeftOut.Select(l => $"{l.Name} ({l.Reason})")))).Append("</p>");

        var outcome = v.Profiles.FirstOrDefault()?.OutcomeColumn;
        var keys = v.Profiles.FirstOrDefault()?.KeyFigures ?? Array.Empty<FeatureDifference>();
        var headers = new List<string> { "segment", "name", "evidence", "customers", "share" };
        if (outcome is not null) headers.AddRange(new[] { $"{FeatureDifference.Humanize(outcome)} rate", "95% interval", "lift" });
        headers.AddRange(keys.Select(k => k.Label));
        headers.Add("distinguishing features");
        var rows = v.Profiles.Select(p =>
        {
            var row = new List<object?> { p.Segment, p.Name, p.Evidence, p.Size.ToString("#,0", c), p.Share.ToString("0.0%", c) };
            if (outcome is not null)
            {
                row.Add(p.OutcomeRate?.ToString("0.0%", c));
                row.Add(p.OutcomeLow is double low && p.OutcomeHigh is double high ? $"{low.ToString("0.0%", c)}–{high.ToString("0.0%", c)}" : "");
                row.Add(p.Lift?.ToString("0.00", c));
            }
            row.AddRange(p.KeyFigures.Select(k => k.Format(k.SegmentValue)));
            row.Add(string.Join("; ", p.Distinguishing.Select(d => d.Describe())));
            return row;
        });
        html.Append(Html.Table(headers, rows, caption: "Segments, largest first"));
        foreach (var p in v.Profiles) html.Append("<p>").Append(Html.Escape(p.Description)).Append("</p>");
        html.Append(ChartHtml.Embed(v.MapChart()));
        if (v.KChoices.Count > 1) html.Append(ChartHtml.Embed(v.ChooseKChart()));
        html.Append(ChartHtml.Embed(v.ProfileHeatMap()));
        html.Append(ChartHtml.Embed(v.SizeChart()));
        html.Append("</div>");
        return html.ToString();
    }
}
