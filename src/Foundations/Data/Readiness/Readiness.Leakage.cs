
namespace Foundations.Data;

public static partial class Readiness
{
    private static IEnumerable<ReadinessCheck> LeakageChecks(List<ReadinessColumn> columns, ReadinessTarget labels, HashSet<string> identifiers)
    {
        var checks = new List<ReadinessCheck>();
        var strengths = new List<(ReadinessColumn Column, double Strength)>();
        if (labels.CanRank)
            foreach (var c in columns)
                if (UnivariateStrength(c, labels) is double s) strengths.Add((c, s));
        strengths = strengths.OrderByDescending(s => s.Strength).ThenBy(s => s.Column.Name, StringComparer.Ordinal).ToList();
        var strengthOf = strengths.ToDictionary(s => s.Column.Name, s => s.Strength, StringComparer.Ordinal);

        if (strengths.Count > 0)
        {
            string top = string.Join(", ", strengths.Take(3).Select(s => $"'{s.Column.Name}' {F(s.Strength)}"));
            double second = strengths.Count > 1 ? strengths[1].Strength : 0.5;
            bool flagged = false;
            for (int i = 0; i < strengths.Count; i++)
            {
                var (c, s) = strengths[i];
                // Far ahead of every other column, or separating the outcome exactly (HMDA's denial reason, filled only for
                // denials, beside other leaks as strong): either way no value known beforehand behaves so.
                bool exact = s >= ExactAuc;
                bool red = exact || (i == 0 && s >= LeakyAuc && s - second >= LeakyGap);
                if (!red && s < StrongAuc) break;
                flagged = true;
                checks.Add(Make(ReadinessArea.Leakage, LeakyColumnCheck, red ? Light.Red : Light.Amber,
                    exact
                        ? $"'{c.Name}' alone ranks '{labels.Name}' with AUC {F(s)}: it separates the outcome exactly ({F(ExactAuc)} or more is red, whatever the other columns do). Real predictors of customer behaviour are never this clean."
                    : red
                        ? $"'{c.Name}' alone ranks '{labels.Name}' with AUC {F(s)}, far above the next best column ({F(second)}). Real predictors of customer behaviour are rarely this clean."
                        : $"'{c.Name}' alone ranks '{labels.Name}' with AUC {F(s)} ({F(StrongAuc)} or more is flagged; strongest columns: {top}).",
                    red
                        ? "Find out when this column is filled in. If it is known only after the outcome (or derived from it), drop it; if it is truly known beforehand, keep it and say why."
                        : "Confirm the column is known at the moment of prediction before keeping it.",
                    c.Name));
            }
            if (!flagged)
                checks.Add(Make(ReadinessArea.Leakage, LeakyColumnCheck, Light.Green,
                    $"No single column separates the target on its own; the strongest alone (AUC, 0.5 is chance): {top}.",
                    "Nothing to do."));
        }

        foreach (var c in columns)
        {
            var word = PostOutcomeWord(c.Name);
            if (word is null) continue;
            double? s = strengthOf.TryGetValue(c.Name, out var v) ? v : null;
            bool strong = s >= 0.8;
            checks.Add(Make(ReadinessArea.Leakage, PostOutcomeCheck, strong ? Light.Red : Light.Amber,
                $"'{c.Name}' contains '{word}', a word that often marks a value known only after the outcome (a call's duration, an account's closed status)" +
                (s is double x ? $"; alone it ranks the target with AUC {F(x)}{(strong ? ", strong enough to suspect it" : "")}." : "."),
                "Ask the data owner when the value is recorded. Keep it only if it is known at the moment the prediction would be made.",
                c.Name));
        }

        if (labels.CanRank)
            foreach (var c in columns.Where(c => c.IsText && identifiers.Contains(c.Name)))
                if (TokenGivingLabelAway(c, labels) is var (token, strength, rows))
                    checks.Add(Make(ReadinessArea.Leakage, TargetInIdentifierCheck, Light.Red,
                        $"Whether '{c.Name}' contains '{token}' ({rows:N0} rows) ranks '{labels.Name}' with AUC {F(strength)}: the identifier's text gives the label away.",
                        "Drop the identifier from the inputs, and ask how it is made: an id built after the outcome (e.g. a 'CHURN-' prefix) leaks it into any feature derived from it.",
                        c.Name));
        return checks;
    }

    // The column's AUC alone: numbers rank as they are (missing lowest); a category by its target rate. Free text is not ranked.
    private static double? UnivariateStrength(ReadinessColumn c, ReadinessTarget labels)
    {
        if (c.Distinct < 2 || c.Type == ColumnType.Text) return null;
        var scores = new List<double>(c.Keys.Length);
        var ys = new List<int>(c.Keys.Length);
        if (c.Numbers is { } numbers)
        {
            for (int r = 0; r < numbers.Length; r++)
                if (labels.Labels[r] >= 0) { scores.Add(double.IsNaN(numbers[r]) ? double.MinValue : numbers[r]); ys.Add(labels.Labels[r]); }
        }
        else
        {
            // A target rate per category learned on the same rows flatters many small categories, so only few-valued ones are ranked.
            if (c.Distinct > HighCardinality) return null;
            var positives = new Dictionary<string, (long N, long Pos)>(StringComparer.Ordinal);
            for (int r = 0; r < c.Keys.Length; r++)
            {
                if (labels.Labels[r] < 0) continue;
                var key = c.Keys[r] ?? "\0missing";
                var (n, p) = positives.GetValueOrDefault(key);
                positives[key] = (n + 1, p + labels.Labels[r]);
            }
            for (int r = 0; r < c.Keys.Length; r++)
            {
                if (labels.Labels[r] < 0) continue;
                var (n, p) = positives[c.Keys[r] ?? "\0missing"];
                scores.Add((double)p / n);
                ys.Add(labels.Labels[r]);
            }
        }
        return ys.Contains(0) && ys.Contains(1) ? Strength(BinaryMetrics.Auc(scores, ys)) : null;
    }

    // Words and digit runs of an identifier ("CHURN-0042" -> "churn", "0042"); the one whose presence best ranks the target.
    private static (string Token, double Strength, long Rows)? TokenGivingLabelAway(ReadinessColumn c, ReadinessTarget labels)
    {
        var rowsWith = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var labelled = new List<int>();
        for (int r = 0; r < c.Keys.Length; r++)
        {
            if (labels.Labels[r] < 0) continue;
            labelled.Add(r);
            if (c.Keys[r] is not { } key) continue;
            foreach (var token in IdTokens(key).Distinct(StringComparer.Ordinal))
            {
                if (!rowsWith.TryGetValue(token, out var list)) rowsWith[token] = list = new List<int>();
                list.Add(r);
            }
        }
        int minRows = Math.Max(3, labelled.Count / 100), maxRows = labelled.Count - minRows;
        (string, double, long)? best = null;
        foreach (var (token, rows) in rowsWith)
        {
            if (rows.Count < minRows || rows.Count > maxRows) continue;
            // The AUC of a 0/1 flag in closed form (Mann-Whitney with ties counted half): 0.5 + (TPR - FPR) / 2.
            long positives = rows.Count(r => labels.Labels[r] == 1);
            double auc = 0.5 + ((double)positives / labels.Positives - (double)(rows.Count - positives) / labels.Negatives) / 2, s = Strength(auc);
            // Of equally telling tokens, name the one that marks the positive class ("churn" rather than "active").
            if (s >= StrongAuc && (best is null || s > best.Value.Item2 || (s == best.Value.Item2 && auc > 0.5))) best = (token, s, rows.Count);
        }
        return best;
    }

    private static IEnumerable<string> IdTokens(string value)
    {
        int i = 0;
        var s = value.ToLowerInvariant();
        while (i < s.Length)
        {
            if (!char.IsLetterOrDigit(s[i])) { i++; continue; }
            int start = i;
            bool digit = char.IsDigit(s[i]);
            while (i < s.Length && char.IsLetterOrDigit(s[i]) && char.IsDigit(s[i]) == digit) i++;
            yield return s[start..i];
        }
    }
}
