using System.Globalization;
using System.Text;
using Foundations.Training;

namespace Foundations.Interactive;

/// <summary>The scorecard as banks print it: one block of bins per characteristic with counts, event rate, WoE, IV and points.</summary>
internal static class ScorecardHtml
{
    public static string Render(Scorecard value)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("<div class=\"fn-scorecard\">");
        var (min, max) = value.ScoreRange;
        sb.Append(string.Format(c, "<h4>Scorecard{0}: {1} characteristics</h4>", value.Target is null ? "" : " for " + Html.Escape(value.Target), value.Selected.Count));
        sb.Append(string.Format(c, "<p>{0:0.##} points double the odds of a non-event; {1:0.##} points stand for odds of {2:0.##} to 1. Scores run from {3:0} to {4:0}; a higher score means a lower risk. Built on {5:N0} customers with {6:N0} events.</p>",
            value.Settings.PointsToDoubleOdds, value.Settings.BaseScore, value.Settings.BaseOdds, min, max, value.TrainingRows, value.TrainingEvents));
        sb.Append(Adjustment(value.Adjustment));
        bool adjusted = value.Adjustment.Penalty is not null;
        sb.Append("<table class=\"fn-table\"><thead><tr><th>characteristic</th><th>bin</th><th>customers</th><th>share</th><th>event rate</th><th>WoE</th><th>IV</th>")
          .Append(adjusted ? "<th title=\"log-odds added to weight × WoE for what the other characteristics already say\">adjustment</th>" : "").Append("<th>points</th></tr></thead><tbody>");
        foreach (var ch in value.Selected)
        {
            bool first = true;
            foreach (var b in ch.Bins)
            {
                string name = first
                    ? string.Format(c, "<td class=\"fn-text\" rowspan=\"{0}\"><b>{1}</b><br><span class=\"fn-muted\">IV {2:0.000}, {3}</span></td>", ch.Bins.Count, Html.Escape(ch.Name), ch.InformationValue, Html.Escape(ch.Trend))
                    : "";
                first = false;
                sb.Append(string.Format(c, "<tr>{0}<td class=\"fn-text\">{1}</td><td>{2:N0}</td><td>{3:P1}</td><td>{4}</td><td>{5:0.000}</td><td>{6:0.000}</td>{7}<td><b>{8:0}</b></td></tr>",
                    name, Html.Escape(b.Label), b.Count, (double)b.Count / Math.Max(1, value.TrainingRows), b.Count == 0 ? "\u2013" : b.EventRate.ToString("P1", c), b.Woe, b.InformationValue,
                    adjusted ? string.Format(c, "<td>{0:+0.000;\u22120.000;0}</td>", b.Adjustment) : "", b.Points));
            }
        }
        sb.Append("</tbody></table>");
        var left = value.Characteristics.Where(ch => !ch.Selected).ToList();
        if (left.Count > 0)
        {
            sb.Append("<details><summary>Characteristics left out, and why</summary><ul>");
            foreach (var ch in left)
                sb.Append(string.Format(c, "<li><b>{0}</b> (IV {1:0.000}): {2}.</li>", Html.Escape(ch.Name), ch.InformationValue, Html.Escape(ch.LeftOutBecause)));
            sb.Append("</ul></details>");
        }
        if (value.Notes.Count > 0)
        {
            // Columns not considered, and where adjusted points depart from a characteristic's own order: for the reviewer.
            sb.Append(string.Format(c, "<details><summary>Notes for the reviewer ({0})</summary><ul>", value.Notes.Count));
            foreach (var note in value.Notes) sb.Append($"<li>{Html.Escape(note)}</li>");
            sb.Append("</ul></details>");
        }
        return sb.Append("</div>").ToString();
    }

    /// <summary>Whether and how far the bins' points were adjusted, with the cross-validation that decided it, in words.</summary>
    private static string Adjustment(ScorecardAdjustment adjustment)
    {
        var c = CultureInfo.InvariantCulture;
        if (adjustment.Candidates.Count == 0) return "<p>Points are weight × WoE for each characteristic (no adjustment for overlap was tried).</p>";
        var none = adjustment.Candidates.First(x => x.Penalty is null);
        string tried = string.Join("; ", adjustment.Candidates.Select(x => string.Format(c, "{0}: {1:0.0000}", x.Penalty is { } p ? $"penalty {p:0.###}" : "WoE alone", x.LogLoss)));
        if (adjustment.Penalty is not { } kept)
            return string.Format(c, "<p>Points are weight × WoE for each characteristic: adjusting bins for overlap between characteristics did not predict better in {0}-fold cross-validation on the training customers (held-out log loss, {1}).</p>", adjustment.Folds, Html.Escape(tried));
        var best = adjustment.Candidates.First(x => x.Penalty == kept);
        return string.Format(c, "<p>Points are weight × WoE plus an <b>adjustment</b> per bin for what the other characteristics already say (ridge penalty {0:0.###}). It was kept because it predicted better in {1}-fold cross-validation on the training customers: held-out log loss {2:0.0000} against {3:0.0000} with WoE alone ({4}). Absolute figures are optimistic: the bins were learned from all training customers.</p>",
            kept, adjustment.Folds, best.LogLoss, none.LogLoss, Html.Escape(tried));
    }

    /// <summary>One customer's score: points per characteristic and the reasons (points lost against the best bin).</summary>
    public static string Render(ScorecardScore value)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("<div class=\"fn-scorecard-score\">");
        sb.Append(string.Format(c, "<p><b>Score {0:0}</b> (probability of the event {1:P1}).{2}</p>", value.Score, value.Probability,
            value.Reasons.Count == 0 ? " No points lost against the best bins."
                : " Main reasons: " + Html.Escape(string.Join("; ", value.Reasons.Select(r => string.Format(c, "{0} is {1} ({2:0} points fewer than the best bin)", r.Characteristic, r.Bin, r.PointsLost)))) + "."));
        sb.Append("<table class=\"fn-table\"><thead><tr><th>characteristic</th><th>bin</th><th>points</th><th>points lost</th></tr></thead><tbody>");
        foreach (var p in value.Points)
            sb.Append(string.Format(c, "<tr><td>{0}</td><td class=\"fn-text\">{1}</td><td>{2:0}</td><td>{3:0}</td></tr>", Html.Escape(p.Characteristic), Html.Escape(p.Bin), p.Points, p.PointsLost));
        sb.Append(string.Format(c, "<tr><td><b>total</b></td><td></td><td><b>{0:0}</b></td><td></td></tr>", value.Score));
        return sb.Append("</tbody></table></div>").ToString();
    }
}
