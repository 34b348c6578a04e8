using Foundations.Charts;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Foundations.Patterns;

/// <summary>One account's day replayed: each transaction's amount over time, coloured by the decision, incidents ringed.</summary>
public static class DayReplayChart
{
    /// <summary>The replay of <paramref name="customerId"/> on <paramref name="day"/> with the decisions of <paramref name="policy"/> and the alerts of the other policies.</summary>
    public static GenericChart Create(AlertComparison comparison, string customerId, DateOnly day, string policy)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var main = comparison[policy];
        var (start, end) = comparison.Stream.RangeOf(day);
        var rows = Enumerable.Range(start, end - start)
            .Where(i => comparison.Stream.Transactions[i].CustomerId == customerId)
            .Select(i => (Index: i, T: comparison.Stream.Transactions[i])).ToArray();
        if (rows.Length == 0) throw new ArgumentException($"Account {customerId} has no transactions on {day:yyyy-MM-dd}.", nameof(customerId));
        if (main.DecisionAt(rows[0].Index) is null) throw new ArgumentException($"{day:yyyy-MM-dd} was not among the evaluated days.", nameof(day));

        var traces = new List<GenericChart>();
        foreach (var (action, colour) in new[] { (AlertAction.Pass, "#9aa0a6"), (AlertAction.Watch, "#f29900"), (AlertAction.Alert, "#d93025") })
        {
            var these = rows.Where(r => main.DecisionAt(r.Index) == action).ToArray();
            if (these.Length == 0) continue;
            traces.Add(Chart.Point<DateTime, double, string>(these.Select(r => r.T.Timestamp), these.Select(r => r.T.Amount),
                Name: $"{main.Policy}: {action}", MultiText: these.Select(r => $"{r.T.Channel} {r.T.MerchantCategory} {r.T.Country}").ToArray(),
                MarkerColor: Color.fromString(colour)));
        }
        var planted = rows.Where(r => r.T.IsAnomaly).ToArray();
        if (planted.Length > 0)
            traces.Add(Chart.Bubble<DateTime, double, string>(planted.Select(r => r.T.Timestamp), planted.Select(r => r.T.Amount), planted.Select(_ => 22),
                Name: "incident (verdict)", MarkerColor: Color.fromString("#202124"),
                MarkerSymbol: StyleParam.MarkerSymbol.NewModified(StyleParam.MarkerSymbol.Circle, StyleParam.SymbolStyle.Open)));
        foreach (var other in comparison.Outcomes.Where(o => o.Policy != main.Policy))
        {
            var alerts = rows.Where(r => other.DecisionAt(r.Index) == AlertAction.Alert).ToArray();
            if (alerts.Length == 0) continue;
            traces.Add(Chart.Point<DateTime, double, string>(alerts.Select(r => r.T.Timestamp), alerts.Select(r => r.T.Amount),
                Name: $"{other.Policy}: Alert", MarkerSymbol: StyleParam.MarkerSymbol.X, Opacity: 0.7));
        }
        return Chart.Combine(traces)
            .WithChartTitle($"Account {Interactive.NotebookDisplay.Identifier(customerId)} on {day:yyyy-MM-dd}: decisions of {main.Policy}")
            .WithSize(900, 420);
    }
}

/// <summary>The chart of a replayed day.</summary>
public static class DayReplayCharts
{
    /// <summary>Amounts over time, coloured by the decision, incidents ringed.</summary>
    public static GenericChart Chart(this DayReplay replay) => DayReplayChart.Create(replay.Comparison, replay.CustomerId, replay.Day, replay.Policy);
}
