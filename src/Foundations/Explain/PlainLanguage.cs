using System.Globalization;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Explanation;

/// <summary>Sentences a banker can read, generated from the numbers of the data (never written by hand).</summary>
public static class PlainLanguage
{
    /// <summary>
    /// For each feature: how much more often the event happens among customers at one end of it than at the other
    /// (quarters for numbers, the riskiest category against the rest for categories). <paramref name="eventPhrase"/>
    /// completes "as likely to …" (for example "leave").
    /// </summary>
    public static IReadOnlyList<string> Describe(DataFrame frame, string target, IEnumerable<string> features, string eventPhrase, string? positiveLabel = null)
    {
        var labelColumn = frame.Columns[target];
        var labels = new int[frame.Rows.Count];
        double positive = labelColumn is StringDataFrameColumn ? 1 : Data.FittedRecipe.NumberLabel(target, positiveLabel) ?? 1;
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            var v = labelColumn[r];
            labels[r] = v is string s ? (s == positiveLabel ? 1 : 0) : Convert.ToDouble(v, CultureInfo.InvariantCulture) == positive ? 1 : 0;
        }
        var c = CultureInfo.InvariantCulture;
        var sentences = new List<string>();
        foreach (var feature in features)
        {
            if (frame.Columns.IndexOf(feature) < 0) continue;
            var column = frame.Columns[feature];
            if (ColumnTypes.NumbersOrYears(column) is { } values)
            {
                // Dates compare in decimal years and read as days: "on 2001-03-01 or later", as an amount's "of 3,000 or more".
                bool dates = column is PrimitiveDataFrameColumn<DateTime>;
                string Show(double v) => dates ? FittedDateAsYears.Day(v).ToString("yyyy-MM-dd", c) : v.ToString("#,0.##", c);
                var (of, more, less) = dates ? ("on", "or later", "or earlier") : ("of", "or more", "or less");
                var present = Enumerable.Range(0, values.Length).Where(i => !double.IsNaN(values[i])).ToArray();
                if (present.Length < 20) continue;
                var sorted = present.Select(i => values[i]).OrderBy(v => v).ToArray();
                double q25 = sorted[sorted.Length / 4], q75 = sorted[3 * sorted.Length / 4];
                if (q25 == q75) continue;
                var low = present.Where(i => values[i] <= q25).ToArray();
                var high = present.Where(i => values[i] >= q75).ToArray();
                double rateLow = Rate(low, labels), rateHigh = Rate(high, labels);
                if (rateHigh >= rateLow)
                    sentences.Add(string.Format(c, "Customers with {0} {7} {1} {8} (the highest quarter) are {2:0.0}× as likely to {3} as those with {4} {9} ({5:P0} against {6:P0}).",
                        feature, Show(q75), rateHigh / rateLow, eventPhrase, Show(q25), rateHigh, rateLow, of, more, less));
                else
                    sentences.Add(string.Format(c, "Customers with {0} {7} {1} {8} (the lowest quarter) are {2:0.0}× as likely to {3} as those with {4} {9} ({5:P0} against {6:P0}).",
                        feature, Show(q25), rateLow / rateHigh, eventPhrase, Show(q75), rateLow, rateHigh, of, less, more));
            }
            else
            {
                var groups = Enumerable.Range(0, labels.Length).GroupBy(i => column[i]?.ToString() ?? "(missing)").Where(g => g.Count() >= 20).ToList();
                if (groups.Count < 2) continue;
                var riskiest = groups.OrderByDescending(g => Rate(g.ToArray(), labels)).First();
                var rest = Enumerable.Range(0, labels.Length).Where(i => (column[i]?.ToString() ?? "(missing)") != riskiest.Key).ToArray();
                double rate = Rate(riskiest.ToArray(), labels), restRate = Rate(rest, labels);
                sentences.Add(string.Format(c, "Customers whose {0} is {1} are {2:0.0}× as likely to {3} as the others ({4:P0} against {5:P0}).",
                    feature, riskiest.Key, rate / restRate, eventPhrase, rate, restRate));
            }
        }
        return sentences;
    }

    // Smoothed so an empty or event-free group never divides by zero.
    private static double Rate(int[] rows, int[] labels) => (rows.Sum(i => labels[i]) + 0.5) / (rows.Length + 1.0);
}
