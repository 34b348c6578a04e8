namespace Foundations.Training;

/// <summary>Ranking metrics for a binary outcome (1 = the event, e.g. churned), computed from scores and labels.</summary>
public static class BinaryMetrics
{
    /// <summary>Area under the ROC curve; ties in score count one half (Mann-Whitney).</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        Check(scores, labels);
        int n = scores.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double rankSumPositives = 0;
        long positives = 0;
        int k = 0;
        while (k < n)
        {
            int j = k;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[k]]) j++;
            double averageRank = (k + j) / 2.0 + 1.0;
            for (int t = k; t <= j; t++)
                if (labels[order[t]] == 1) { rankSumPositives += averageRank; positives++; }
            k = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"AUC needs both classes; found {positives} positives and {negatives} negatives.", nameof(labels));
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Gini coefficient (accuracy ratio) = 2·AUC − 1.</summary>
    public static double Gini(IReadOnlyList<double> scores, IReadOnlyList<int> labels) => 2 * Auc(scores, labels) - 1;

    /// <summary>Kolmogorov–Smirnov statistic: the largest gap between the score distributions of events and non-events.</summary>
    public static double Ks(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        Check(scores, labels);
        int n = scores.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        long positives = labels.Count(l => l == 1), negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"KS needs both classes; found {positives} positives and {negatives} negatives.", nameof(labels));
        double cumPos = 0, cumNeg = 0, best = 0;
        int k = 0;
        while (k < n)
        {
            int j = k;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[k]]) j++;
            for (int t = k; t <= j; t++)
                if (labels[order[t]] == 1) cumPos++; else cumNeg++;
            best = Math.Max(best, Math.Abs(cumPos / positives - cumNeg / negatives));
            k = j + 1;
        }
        return best;
    }

    private static void Check(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        if (scores.Count != labels.Count)
            throw new ArgumentException($"scores has {scores.Count} values but labels has {labels.Count}.", nameof(labels));
        for (int i = 0; i < labels.Count; i++)
            if (labels[i] is not (0 or 1))
                throw new ArgumentException($"labels[{i}] is {labels[i]}; labels must be 0 or 1.", nameof(labels));
    }
}
