using System.Globalization;

namespace Foundations.Patterns;

/// <summary>The fixed rules a bank uses today: alert on a payment out of at least <see cref="AmountThreshold"/>, or in a country new to the account.</summary>
public sealed record FixedRules(double AmountThreshold = 1000, bool AlertOnNewCountry = true) : IAlertPolicy
{
    /// <inheritdoc />
    public string Name => AlertOnNewCountry
        ? $"Rules: amount ≥ {AmountThreshold.ToString("N0", CultureInfo.InvariantCulture)} or new country"
        : $"Rules: amount ≥ {AmountThreshold.ToString("N0", CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public AlertAction Decide(in AlertState state) => Fires(state.Features, state.Transaction).Count > 0 ? AlertAction.Alert : AlertAction.Pass;

    /// <inheritdoc />
    public IReadOnlyList<DecisionDriver> Explain(in AlertState state, AlertAction action) =>
        action == AlertAction.Pass ? Array.Empty<DecisionDriver>() : Fires(state.Features, state.Transaction);

    private List<DecisionDriver> Fires(in ActivityFeatures f, AccountTransaction t)
    {
        var fired = new List<DecisionDriver>(2);
        if (t.IsDebit && t.Amount >= AmountThreshold)
            fired.Add(new("amount", t.Amount.ToString("N2", CultureInfo.InvariantCulture), 1));
        if (AlertOnNewCountry && f.NewCountry)
            fired.Add(new("new country", t.Country, 1));
        return fired;
    }
}

/// <summary>A simple anomaly score: alert when a payment out is <see cref="Threshold"/> standard deviations above the account's usual amount.</summary>
public sealed record ZScoreAlerts(double Threshold = 3) : IAlertPolicy
{
    /// <inheritdoc />
    public string Name => $"Z-score of amount ≥ {Threshold.ToString("0.#", CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public AlertAction Decide(in AlertState state) =>
        !state.Features.IsCredit && state.Features.AmountZScore >= Threshold ? AlertAction.Alert : AlertAction.Pass;

    /// <inheritdoc />
    public IReadOnlyList<DecisionDriver> Explain(in AlertState state, AlertAction action) =>
        action == AlertAction.Pass ? Array.Empty<DecisionDriver>()
            : new[] { new DecisionDriver("amount z-score", state.Features.AmountZScore.ToString("0.0", CultureInfo.InvariantCulture), state.Features.AmountZScore) };
}
