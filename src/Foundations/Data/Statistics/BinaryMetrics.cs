namespace Foundations.Data;

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

    /// <summary>Mean negative log-likelihood of the labels (probabilities clipped to [1e-15, 1 − 1e-15]).</summary>
    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<int> labels)
    {
        Check(probabilities, labels);
        double sum = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            double p = Math.Clamp(probabilities[i], 1e-15, 1 - 1e-15);
            sum += labels[i] == 1 ? -Math.Log(p) : -Math.Log(1 - p);
        }
        return sum / labels.Count;
    }

    /// <summary>Brier score: mean squared gap between probability and outcome (0 is perfect).</summary>
    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<int> labels)
    {
        Check(probabilities, labels);
        double sum = 0;
        for (int i = 0; i < labels.Count; i++) sum += (probabilities[i] - labels[i]) * (probabilities[i] - labels[i]);
        return sum / labels.Count;
    }

    /// <summary>Confusion matrix when every score at or above <paramref name="cutoff"/> is called an event.</summary>
    public static ConfusionMatrix Confusion(IReadOnlyList<double> scores, IReadOnlyList<int> labels, double cutoff)
    {
        Check(scores, labels);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            bool called = scores[i] >= cutoff;
            if (called && labels[i] == 1) tp++;
            else if (called) fp++;
            else if (labels[i] == 1) fn++;
            else tn++;
        }
        return new ConfusionMatrix(cutoff, tp, fp, tn, fn);
    }

    /// <summary>
    /// Rows ranked by score (highest first) cut into ten equal groups: events caught, cumulative gains, lift and
    /// calibration (mean predicted vs observed rate) per decile.
    /// </summary>
    public static IReadOnlyList<DecileRow> Deciles(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        Check(scores, labels);
        int n = labels.Count;
        // Stable order: by score descending, then by row, so equal scores always land in the same decile.
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        double totalEvents = labels.Sum(), overallRate = totalEvents / n;
        var rows = new List<DecileRow>();
        double cumEvents = 0;
        for (int d = 0; d < 10; d++)
        {
            int from = (int)((long)n * d / 10), to = (int)((long)n * (d + 1) / 10);
            int count = to - from;
            double events = 0, predicted = 0;
            for (int k = from; k < to; k++) { events += labels[order[k]]; predicted += scores[order[k]]; }
            cumEvents += events;
            double rate = count == 0 ? 0 : events / count;
            rows.Add(new DecileRow(d + 1, count, (int)events, count == 0 ? 0 : predicted / count, rate,
                totalEvents == 0 ? 0 : cumEvents / totalEvents, overallRate == 0 ? 0 : rate / overallRate));
        }
        return rows;
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

/// <summary>Counts of a cut-off decision and the rates read from them.</summary>
public sealed record ConfusionMatrix(double Cutoff, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public double Accuracy => Total == 0 ? 0 : (double)(TruePositives + TrueNegatives) / Total;
    /// <summary>Of those called events, the share that were (0 when nobody is called).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    /// <summary>Of the real events, the share caught.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
}

/// <summary>One tenth of the customers ranked by score: events, cumulative gains, lift and calibration.</summary>
public sealed record DecileRow(int Decile, int Rows, int Events, double MeanPredicted, double ObservedRate, double CumulativeGain, double Lift);
