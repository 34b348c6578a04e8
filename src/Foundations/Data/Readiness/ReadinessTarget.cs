using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>The target column read as classes: spellings grouped, the positive class chosen, 0/1 per labelled row.</summary>
internal sealed class ReadinessTarget
{
    // Spellings a person types for yes/no; grouped so that 'Y' and 'yes ' are seen as one value.
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["y"] = "yes", ["yes"] = "yes", ["true"] = "yes", ["t"] = "yes",
        ["n"] = "no", ["no"] = "no", ["false"] = "no", ["f"] = "no",
    };

    private ReadinessTarget(string name, string?[] raw, bool isText, string? positiveLabel)
    {
        Name = name;
        Raw = raw;
        var groups = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var group = new string?[raw.Length];
        for (int r = 0; r < raw.Length; r++)
        {
            if (raw[r] is not { } v) { Missing++; continue; }
            var g = isText ? GroupOf(v) : v;
            group[r] = g;
            if (!groups.TryGetValue(g, out var spellings)) groups[g] = spellings = new(StringComparer.Ordinal);
            spellings[v] = spellings.GetValueOrDefault(v) + 1;
        }
        Spellings = groups;
        // A class is shown by its most common spelling.
        Display = groups.ToDictionary(g => g.Key, g => g.Value.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key, StringComparer.Ordinal);
        ClassCounts = groups.ToDictionary(g => g.Key, g => g.Value.Values.Sum(), StringComparer.Ordinal);

        string? positive = null;
        if (positiveLabel is not null)
        {
            var wanted = isText ? GroupOf(positiveLabel) : positiveLabel.Trim();
            if (!groups.ContainsKey(wanted) && !isText && double.TryParse(wanted, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
                wanted = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!groups.ContainsKey(wanted) && !isText) wanted = wanted.ToLowerInvariant();
            if (!groups.ContainsKey(wanted))
                throw new ArgumentException($"Target '{name}' never equals positiveLabel '{positiveLabel}' (values: {string.Join(", ", Display.Values.OrderBy(v => v, StringComparer.Ordinal).Take(10))}).", nameof(positiveLabel));
            positive = wanted;
        }
        else if (groups.Count > 0)
        {
            foreach (var usual in new[] { "1", "true", "yes" })
                if (groups.ContainsKey(usual)) { positive = usual; break; }
            // Otherwise the rarer class is the event of interest (churners, defaulters).
            positive ??= ClassCounts.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;
        }
        Positive = positive;
        Labels = new int[raw.Length];
        for (int r = 0; r < raw.Length; r++) Labels[r] = group[r] is null ? -1 : group[r] == positive ? 1 : 0;
        Positives = Labels.Count(l => l == 1);
        Negatives = Labels.Count(l => l == 0);
    }

    public string Name { get; }
    public string?[] Raw { get; }
    public long Missing { get; }
    public IReadOnlyDictionary<string, Dictionary<string, long>> Spellings { get; }
    public IReadOnlyDictionary<string, string> Display { get; }
    public IReadOnlyDictionary<string, long> ClassCounts { get; }
    public string? Positive { get; }
    public string PositiveDisplay => Positive is null ? "(none)" : Display[Positive];

    /// <summary>1 for the positive class, 0 for any other, -1 where the label is missing.</summary>
    public int[] Labels { get; }
    public int Positives { get; }
    public int Negatives { get; }

    /// <summary>Whether there are enough of both classes to compute an AUC.</summary>
    public bool CanRank => Positives >= 2 && Negatives >= 2;

    /// <summary>Trimmed, lower-case, single-spaced, with yes/no synonyms merged.</summary>
    public static string GroupOf(string value)
    {
        var s = string.Join(' ', value.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
        return Synonyms.TryGetValue(s, out var g) ? g : s;
    }

    public static ReadinessTarget Of(DataFrame frame, string target, string? positiveLabel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var column = FrameOps.Column(frame, target, "Readiness.Check target");
        // A notebook parameter left blank means "choose for me", as null does.
        if (string.IsNullOrWhiteSpace(positiveLabel)) positiveLabel = null;
        var raw = FrameOps.Keys(column);
        for (int i = 0; i < raw.Length; i++)
            if (raw[i] is { } k && string.IsNullOrWhiteSpace(k)) raw[i] = null;
        return new ReadinessTarget(target, raw, column is StringDataFrameColumn, positiveLabel);
    }
}
