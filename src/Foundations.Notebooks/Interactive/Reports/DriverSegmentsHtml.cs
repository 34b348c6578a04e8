using Foundations.Charts;
using Foundations.Data;
using Foundations.Explanation;
using Foundations.Interactive;
using Foundations.Patterns;
using Microsoft.Data.Analysis;
using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="DriverSegments"/>.</summary>
internal static class DriverSegmentsHtml
{
    public static string Render(DriverSegments v)
    {
        var c = CultureInfo.InvariantCulture;
        var html = new StringBuilder("<div class=\"fn-drivers\">");
        html.Append($"<h3>Why customers {Html.Escape(FeatureDifference.Humanize(v.Target))}: {v.K} driver segments</h3>");
        html.Append("<p>").Append(Html.Escape(string.Create(c,
            $"{v.Rows.Count:#,0} customers grouped by the deep model's integrated-gradient attributions (log-odds per input); silhouette {v.Silhouette:0.000}. {v.StabilityInWords()}"))).Append("</p>");
        bool outcome = v.Profiles.Any(p => p.Profile.OutcomeRate is not null);
        var headers = new List<string> { "segment", "name", "customers", "predicted" };
        if (outcome) headers.AddRange(new[] { "observed rate", "95% interval", "lift" });
        headers.Add("top reasons");
        html.Append(Html.Table(headers, v.Profiles.Select(p =>
        {
            var row = new List<object?> { p.Segment, p.Name, p.Size.ToString("#,0", c), p.MeanProbability.ToString("0.0%", c) };
            if (outcome)
            {
                row.Add(p.Profile.OutcomeRate?.ToString("0.0%", c));
                row.Add(p.Profile.OutcomeLow is double low && p.Profile.OutcomeHigh is double high ? $"{low.ToString("0.0%", c)}–{high.ToString("0.0%", c)}" : "");
                row.Add(p.Profile.Lift?.ToString("0.00", c));
            }
            row.Add(string.Join("; ", p.TopReasons.Select(r => r.Describe())));
            return row;
        }), caption: "Driver segments, largest first"));
        foreach (var p in v.Profiles) html.Append("<p>").Append(Html.Escape(p.Description)).Append("</p>");
        return html.Append("</div>").ToString();
    }
}
