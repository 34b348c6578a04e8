using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="AlertDecision"/>.</summary>
internal static class AlertDecisionHtml
{
    public static string Render(AlertDecision v)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("<div>");
        sb.Append("<b>").Append(Html.Escape(v.Action.ToString())).Append("</b> ")
          .Append(Html.Escape($"{Interactive.NotebookDisplay.Identifier(v.Transaction.TransactionId)} account {Interactive.NotebookDisplay.Identifier(v.Transaction.CustomerId)} {v.Transaction.Timestamp:yyyy-MM-dd HH:mm} {v.Transaction.Amount.ToString("N2", c)} {v.Transaction.Direction} {v.Transaction.Channel} {v.Transaction.Country}"));
        if (v.Chosen != v.Action) sb.Append(Html.Escape($" (chose {v.Chosen}; no alert budget left)"));
        if (v.Drivers.Count > 0)
        {
            sb.Append("<ul>");
            foreach (var d in v.Drivers) sb.Append("<li>").Append(Html.Escape($"{d.Feature}: {d.Value}")).Append("</li>");
            sb.Append("</ul>");
        }
        return sb.Append("</div>").ToString();
    }
}
