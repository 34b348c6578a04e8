using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Foundations.Monitor;
using Foundations.Training;
using Microsoft.Data.Analysis;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="MonitoringReference"/>.</summary>
internal static class MonitoringReferenceHtml
{
    public static string Render(MonitoringReference v)
    {
        var pairs = new List<(string, object?)>
        {
            ("fitted (UTC)", v.FittedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("development rows", v.Rows),
            ("features", $"{v.Features.Count(f => f.IsNumeric)} numeric (decile bins), {v.Features.Count(f => !f.IsNumeric)} categorical (category shares)"),
            ("scores", v.Score is null ? "not given" : $"decile bins of {v.Score.Present:N0} scores"),
            ("development performance", v.Development is null ? "not given (no outcomes)" : $"Gini {v.Development.Gini:0.000}, AUC {v.Development.Auc:0.000}, event rate {v.Development.ObservedRate:0.0%}"),
        };
        if (v.Identifiers.Count > 0) pairs.Add(("identifiers (never compared or stored)", string.Join(", ", v.Identifiers)));
        if (v.Excluded.Count > 0) pairs.Add(("excluded", string.Join(", ", v.Excluded)));
        if (v.Skipped.Count > 0) pairs.Add(("free text (not compared)", string.Join(", ", v.Skipped)));
        return Html.Style + "<div class=\"fn-monitoring-reference\"><h3>Monitoring reference</h3>" + Html.KeyValues(pairs) + "</div>";
    }
}
