namespace Foundations.Data;

/// <summary>A value that recurs far outside a number column's other values, with how often and where the others lie.</summary>
internal sealed record NumberCode(double Value, int Rows, double Low, double High);

/// <summary>
/// Finds codes written as numbers: "not applicable" or "unknown" stored as 98, 999, -1 or 365243 beside real amounts
/// (Give Me Some Credit's 96 and 98 late payments, Home Credit's 365243 days employed). A value counts when it holds at
/// least 10 rows (and 0.1% of them) and lies more than three times the spread of the other values (their 1st to 99th
/// percentile) beyond them; a pile of zeros at the edge of real balances does not. The readiness check and
/// <c>PrepareFor</c> share this one rule.
/// </summary>
internal static class NumberCodes
{
    public static IReadOnlyList<NumberCode> Find(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).ToArray();
        var found = new List<NumberCode>();
        if (sorted.Length < 100) return found;
        Array.Sort(sorted);
        int n = sorted.Length;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end < n && sorted[end] == sorted[start]) end++;
            int count = end - start, rest = n - count;
            if (count >= Math.Max(10, 0.001 * n) && rest >= 50)
            {
                // Percentiles of the other values: the run [start, end) of this value is skipped by index.
                double Quantile(double q) { int k = (int)(q * (rest - 1)); return sorted[k < start ? k : k + count]; }
                double low = Quantile(0.01), high = Quantile(0.99), spread = high - low;
                if (spread > 0 && (sorted[start] > high + 3 * spread || sorted[start] < low - 3 * spread))
                    found.Add(new NumberCode(sorted[start], count, low, high));
            }
            start = end;
        }
        return found;
    }
}
