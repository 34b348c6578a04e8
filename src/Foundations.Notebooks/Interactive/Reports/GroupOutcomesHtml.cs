using System.Globalization;
using System.Text;
using Foundations.Explanation;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of <see cref="GroupOutcomes"/>: per column, the sentences, then one row per group.</summary>
internal static class GroupOutcomesHtml
{
    public static string Render(GroupOutcomes v)
    {
        var c = CultureInfo.InvariantCulture;
        var h = new StringBuilder("<div class=\"fn-group-outcomes\">");
        string wanted = v.Favourable == Favourable.Flagged ? "being flagged" : "not being flagged";
        h.Append(c, $"<h4>How the {Html.Escape(v.Model)} model treats each group ({v.TestRows:N0} test customers, flagged at {v.Cutoff:0.##} or above; the outcome customers want: {wanted})</h4>");
        foreach (var t in v.Tables)
        {
            h.Append("<ul>");
            foreach (var s in t.Summary) h.Append("<li>").Append(Html.Escape(s)).Append("</li>");
            h.Append("</ul>");
            h.Append(c, $"<table class=\"fn-table\"><caption>{Html.Escape(t.Column)}: impact ratio {(t.ImpactRatio is { } r ? r.ToString("0.00", c) : "—")}{(t.ImpactRatioInterval is { } ci ? string.Create(c, $" (95% interval {ci.Low:0.00} to {ci.High:0.00})") : "")}</caption>");
            h.Append("<thead><tr><th>group</th><th>customers</th><th>events</th><th>event rate</th><th>mean probability</th><th>flagged</th><th>events caught (TPR)</th><th>others flagged (FPR)</th><th>AUC within</th></tr></thead><tbody>");
            foreach (var g in t.Groups)
            {
                string small = g.Customers < GroupOutcomes.MinCustomers ? " title=\"too few customers to compare\" style=\"color:#888\"" : "";
                h.Append(c, $"<tr{small}><td>{Html.Escape(g.Group)}</td><td>{g.Customers:N0}</td><td>{g.Events:N0}</td><td>{g.EventRate:0.0%}</td><td>{g.MeanProbability:0.0%}</td><td>{g.FlaggedShare:0.0%}</td>");
                h.Append(c, $"<td>{Rate(g.TruePositiveRate)}</td><td>{Rate(g.FalsePositiveRate)}</td><td>{(g.Auc is { } a ? a.ToString("0.000", c) : "—")}</td></tr>");
            }
            h.Append("</tbody></table>");
        }
        return h.Append("</div>").ToString();
    }

    private static string Rate(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "—";
}
