using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="PolicyOutcome"/>.</summary>
internal static class PolicyOutcomeHtml
{
    public static string Render(PolicyOutcome v) => Html.Escape(string.Create(CultureInfo.InvariantCulture,
        $"{v.Policy}: caught {v.Caught} of {v.Anomalies} incidents with {v.Alerts} alerts ({v.FalseAlerts} false, {v.AlertsPer1000:0.0} per 1,000 transactions, precision {v.Precision:P0}, recall {v.Recall:P0}), reward {v.Reward:N0}"));
}
