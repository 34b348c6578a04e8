using System.Globalization;
using System.Text;
using Foundations.Interactive;

namespace Foundations.Patterns;

/// <summary>One account's day replayed: each transaction, whether it was a planted anomaly, and what every compared policy decided.</summary>
public sealed class DayReplay : IHtmlReport
{
    internal DayReplay(AlertComparison comparison, string customerId, DateOnly day, string policy)
    {
        var (start, end) = comparison.Stream.RangeOf(day);
        Rows = Enumerable.Range(start, end - start)
            .Where(i => comparison.Stream.Transactions[i].CustomerId == customerId)
            .Select(i => new DayReplayRow(comparison.Stream.Transactions[i],
                comparison.Outcomes.Select(o => o.DecisionAt(i) ?? throw new ArgumentException($"{day:yyyy-MM-dd} was not among the evaluated days.", nameof(day))).ToArray()))
            .ToArray();
        if (Rows.Count == 0) throw new ArgumentException($"Account {customerId} has no transactions on {day:yyyy-MM-dd}.", nameof(customerId));
        CustomerId = customerId;
        Day = day;
        Policies = comparison.Outcomes.Select(o => o.Policy).ToArray();
        Chart = DayReplayChart.Create(comparison, customerId, day, policy);
    }

    public string CustomerId { get; }
    public DateOnly Day { get; }

    /// <summary>The compared policies, in the order of each row's decisions.</summary>
    public IReadOnlyList<string> Policies { get; }

    /// <summary>The account's transactions that day with each policy's decision.</summary>
    public IReadOnlyList<DayReplayRow> Rows { get; }

    /// <summary>Amounts over time, coloured by the decision, planted anomalies ringed.</summary>
    public Plotly.NET.GenericChart Chart { get; }

    /// <inheritdoc />
    public string ToHtml()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(Foundations.Charts.ChartHtml.Embed(Chart));
        sb.Append("<table class=\"fn-table\"><caption>").Append(Html.Escape($"Account {Interactive.NotebookDisplay.Identifier(CustomerId)} on {Day:yyyy-MM-dd}")).Append("</caption><thead><tr>")
          .Append("<th>Time</th><th>Amount</th><th>Direction</th><th>Channel</th><th>Category</th><th>Country</th><th>Planted anomaly</th>");
        foreach (var p in Policies) sb.Append("<th>").Append(Html.Escape(p)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in Rows)
        {
            var t = r.Transaction;
            sb.Append("<tr><td>").Append(Html.Escape(t.Timestamp.ToString("HH:mm", c))).Append("</td><td style=\"text-align:right\">")
              .Append(Html.Escape("£" + t.Amount.ToString("N2", c))).Append("</td><td>").Append(Html.Escape(t.Direction)).Append("</td><td>")
              .Append(Html.Escape(t.Channel)).Append("</td><td>").Append(Html.Escape(t.MerchantCategory)).Append("</td><td>")
              .Append(Html.Escape(t.Country)).Append("</td><td>").Append(t.IsAnomaly ? Html.Escape(t.AnomalyType) : "").Append("</td>");
            foreach (var d in r.Decisions)
                sb.Append("<td style=\"").Append(d switch { AlertAction.Alert => "color:#d93025;font-weight:bold", AlertAction.Watch => "color:#b06000", _ => "color:#777" })
                  .Append("\">").Append(d).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }
}

/// <summary>One transaction of a replayed day and the decision of each compared policy.</summary>
public sealed record DayReplayRow(AccountTransaction Transaction, IReadOnlyList<AlertAction> Decisions);
