using Foundations.Data;
using System.Globalization;
using System.Text;
using Foundations.Training;

namespace Foundations.Tutorial;

/// <summary>
/// What "the model is wrong 1 time in N" means, and why it is not enough: a model's hits and misses when the bank
/// acts on the customers with the highest scores, beside a lazy rule and a random pick, in plain sentences.
/// </summary>
public sealed class MistakesInWords
{
    private MistakesInWords(string eventName, double flagShare, ConfusionMatrix confusion, int events)
    {
        EventName = eventName;
        FlagShare = flagShare;
        Confusion = confusion;
        Events = events;
    }

    /// <summary>What the outcome is called in the sentences ("leave").</summary>
    public string EventName { get; }

    /// <summary>The share of customers the bank acts on (the highest scores).</summary>
    public double FlagShare { get; }

    /// <summary>Hits and misses when those customers are flagged.</summary>
    public ConfusionMatrix Confusion { get; }

    /// <summary>Customers who had the outcome.</summary>
    public int Events { get; }

    /// <summary>Customers flagged.</summary>
    public int Flagged => Confusion.TruePositives + Confusion.FalsePositives;

    /// <summary>The model is wrong once in this many customers.</summary>
    public double WrongOneTimeIn => 1 / (1 - Confusion.Accuracy);

    /// <summary>The rule "nobody has the outcome" is wrong once in this many customers: the bar accuracy alone sets.</summary>
    public double LazyRuleWrongOneTimeIn => (double)Confusion.Total / Events;

    /// <summary>How many times more events the flagged customers hold than a random pick of the same size.</summary>
    public double Lift => Confusion.Precision / ((double)Events / Confusion.Total);

    /// <summary>
    /// Flags the <paramref name="flagShare"/> of customers with the highest <paramref name="scores"/> and counts hits
    /// and misses against <paramref name="outcomes"/> (0/1).
    /// </summary>
    public static MistakesInWords Of(IReadOnlyList<double> scores, IReadOnlyList<int> outcomes, double flagShare = 0.10, string eventName = "have the outcome")
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (scores.Count != outcomes.Count)
            throw new ArgumentException($"{scores.Count} scores but {outcomes.Count} outcomes; give one outcome per score.", nameof(outcomes));
        if (!(flagShare > 0 && flagShare < 1))
            throw new ArgumentOutOfRangeException(nameof(flagShare), flagShare, "Flag a share of customers between 0 and 1 (0.10 = the top tenth).");
        int bad = Enumerable.Range(0, outcomes.Count).FirstOrDefault(i => outcomes[i] is not (0 or 1), -1);
        if (bad >= 0) throw new ArgumentException($"Outcome at row {bad} is {outcomes[bad]}; outcomes must be 0 or 1.", nameof(outcomes));
        int events = outcomes.Count(o => o == 1);
        if (events == 0 || events == outcomes.Count)
            throw new ArgumentException($"{events} of {outcomes.Count} customers have the outcome; hits and misses need both kinds.", nameof(outcomes));

        // Flag exactly the top share by rank (ties broken by position) so the count is what the sentence says.
        int flagged = Math.Max(1, (int)Math.Round(flagShare * scores.Count));
        var top = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(flagged).ToHashSet();
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            bool flag = top.Contains(i), happened = outcomes[i] == 1;
            if (flag && happened) tp++; else if (flag) fp++; else if (happened) fn++; else tn++;
        }
        double cutoff = top.Min(i => scores[i]);
        return new MistakesInWords(eventName, flagShare, new ConfusionMatrix(cutoff, tp, fp, tn, fn), events);
    }

    /// <summary>The sentences, each computed from the counts.</summary>
    public IReadOnlyList<string> Sentences()
    {
        var c = Confusion;
        double randomHits = (double)Events * Flagged / c.Total;
        return new[]
        {
            $"The bank acts on the {Pct(FlagShare)} of customers with the highest scores: {Flagged:N0} of {c.Total:N0}.",
            $"Of those {Flagged:N0}, {c.TruePositives:N0} did {EventName}: when the model raises a flag it is right {Pct(c.Precision)} of the time.",
            $"It caught {c.TruePositives:N0} of the {Events:N0} customers who did {EventName} ({Pct(c.Recall)}); the other {c.FalseNegatives:N0} had scores below the line.",
            $"Counting every customer, flagged or not, the model is wrong 1 time in {One(WrongOneTimeIn)}.",
            $"But a lazy rule that says nobody will {EventName} is wrong only 1 time in {One(LazyRuleWrongOneTimeIn)} and catches no one: when few customers {EventName}, \"wrong 1 time in N\" flatters any model. Judge it by whom it catches.",
            $"Picking {Flagged:N0} customers at random would find about {randomHits:0} who {EventName}; the model finds {c.TruePositives:N0}, {Lift.ToString("0.0", CultureInfo.InvariantCulture)} times as many (its lift).",
        };
    }


    private static string Pct(double v) => v.ToString("0%", CultureInfo.InvariantCulture);
    private static string One(double v) => v.ToString(v < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
