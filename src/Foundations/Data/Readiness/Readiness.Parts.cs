using Microsoft.Data.Analysis;

namespace Foundations.Data;

public static partial class Readiness
{
    // Critical value factor of the two-sample KS test at the 0.1% level: sqrt(-ln(0.0005) / 2).
    private const double KsFactor = 1.949;

    private static IEnumerable<ReadinessCheck> PartChecks(DataFrame train, DataFrame test, string target, List<ReadinessColumn> trainColumns, List<ReadinessColumn> leftOut)
    {
        var checks = new List<ReadinessCheck>();
        var trainNames = train.Columns.Select(c => c.Name).ToList();
        var testNames = test.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var onlyTrain = trainNames.Where(n => !testNames.Contains(n)).ToList();
        var onlyTest = test.Columns.Select(c => c.Name).Where(n => !trainNames.Contains(n)).ToList();
        if (onlyTrain.Count + onlyTest.Count > 0)
            checks.Add(Make(ReadinessArea.TrainTest, "Columns differ between parts", Light.Red,
                $"Only in train: {(onlyTrain.Count == 0 ? "none" : string.Join(", ", onlyTrain))}; only in test: {(onlyTest.Count == 0 ? "none" : string.Join(", ", onlyTest))}.",
                "Build both parts with the same extract; a model cannot score a column it never saw or miss one it needs.",
                onlyTrain.Concat(onlyTest).ToArray()));
        var common = trainNames.Where(testNames.Contains).ToList();

        var shifted = new List<string>();
        var notInputs = leftOut.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in common.Where(n => !notInputs.Contains(n)))
        {
            var a = name == target ? ReadinessColumn.Of(train[target]) : trainColumns.First(c => c.Name == name);
            var b = ReadinessColumn.Of(test[name]);
            if (FrameOps.Family(a.Column) != FrameOps.Family(b.Column))
            {
                checks.Add(Make(ReadinessArea.TrainTest, "Column types differ between parts", Light.Red,
                    $"'{name}' is {FrameOps.Family(a.Column)} in train but {FrameOps.Family(b.Column)} in test.",
                    "Load both parts with the same schema (the same CsvSchema), then check again.", name));
                continue;
            }
            // Identifiers differ between parts by design; their overlap is checked below.
            if (a.Type == ColumnType.Text || a.UniquePerRow || a.Present == 0 || b.Present == 0) continue;
            var shift = a.Numbers is not null && b.Numbers is not null && a.Type != ColumnType.Boolean && a.Distinct > 10
                ? NumericShift(a, b) : CategoryShift(a, b);
            if (shift is null) continue;
            shifted.Add(name);
            checks.Add(Make(ReadinessArea.TrainTest, ShiftCheck, shift.Value.Light, shift.Value.Evidence,
                name == target
                    ? "Split with the same class shares in both parts (stratified), or, for a time split, expect the test result to differ."
                    : "If the split is random this should not happen: check how the parts were made. If the test part is later in time, expect the model to do worse and watch this column once it is live.",
                name));
        }
        if (shifted.Count == 0)
            checks.Add(Make(ReadinessArea.TrainTest, ShiftCheck, Light.Green,
                $"No column's distribution differs between the {train.Rows.Count:N0} train and {test.Rows.Count:N0} test rows beyond what chance explains.", "Nothing to do."));

        var features = common.Where(n => n != target).ToList();
        var trainKeys = RowKeys(train, features).ToHashSet(StringComparer.Ordinal);
        long shared = RowKeys(test, features).Count(trainKeys.Contains);
        double share = test.Rows.Count == 0 ? 0 : (double)shared / test.Rows.Count;
        checks.Add(Make(ReadinessArea.TrainTest, DuplicatedAcrossPartsCheck, shared == 0 ? Light.Green : share >= 0.01 ? Light.Red : Light.Amber,
            shared == 0 ? "No test row repeats a train row."
                : $"{shared:N0} of {test.Rows.Count:N0} test rows ({Pct(share)}) repeat a train row in every input column (1% or more is red).",
            shared == 0 ? "Nothing to do."
                : "Remove the repeated rows from the test part (or split by customer) so the test measures rows the model has not seen.",
            shared == 0 ? Array.Empty<string>() : features.ToArray()));

        // Identifiers left out of the inputs are the ones most worth this check.
        foreach (var a in trainColumns.Concat(leftOut).Where(c => c.UniquePerRow && c.Type is ColumnType.Text or ColumnType.Int32 or ColumnType.Int64 && testNames.Contains(c.Name)))
        {
            var seen = a.Keys.ToHashSet(StringComparer.Ordinal);
            long both = FrameOps.Keys(test[a.Name]).Count(k => k is not null && seen.Contains(k));
            if (both == 0) continue;
            double s = (double)both / Math.Max(1, test.Rows.Count);
            checks.Add(Make(ReadinessArea.TrainTest, "Same identifier in both parts", s >= 0.01 ? Light.Red : Light.Amber,
                $"{both:N0} test rows ({Pct(s)}) have a '{a.Name}' that is also in train.",
                "Split by identifier so one customer's rows sit in one part only; otherwise the test flatters the model.", a.Name));
        }
        return checks;
    }

    private static IEnumerable<string> RowKeys(DataFrame frame, List<string> columns)
    {
        var keys = columns.Select(c => FrameOps.Keys(frame[c])).ToList();
        for (long r = 0; r < frame.Rows.Count; r++)
            yield return string.Join('\u001f', keys.Select(k => k[r] ?? "\0"));
    }

    private static (Light Light, string Evidence)? NumericShift(ReadinessColumn a, ReadinessColumn b)
    {
        var x = a.Numbers!.Where(v => !double.IsNaN(v)).Order().ToArray();
        var y = b.Numbers!.Where(v => !double.IsNaN(v)).Order().ToArray();
        double d = SampleDistance.KolmogorovSmirnov(x, y);
        double critical = KsFactor * Math.Sqrt((double)(x.Length + y.Length) / ((double)x.Length * y.Length));
        if (d <= Math.Max(0.1, critical)) return null;
        var light = d > Math.Max(0.25, critical) ? Light.Red : Light.Amber;
        return (light, $"'{a.Name}': KS statistic {F(d)} between train and test (largest gap between their cumulative shares; above {F(Math.Max(0.1, critical))} is amber, above {F(Math.Max(0.25, critical))} red). Medians {F(x[x.Length / 2])} in train, {F(y[y.Length / 2])} in test.");
    }

    private static (Light Light, string Evidence)? CategoryShift(ReadinessColumn a, ReadinessColumn b)
    {
        double n = a.Rows, m = b.Rows;
        var countsB = FrameOps.Keys(b.Column).GroupBy(k => string.IsNullOrWhiteSpace(k) ? "(missing)" : k).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        var countsA = a.Counts.ToDictionary(kv => kv.Key, kv => (double)kv.Value, StringComparer.Ordinal);
        if (a.Missing > 0) countsA["(missing)"] = a.Missing;
        (string Key, double Diff, double Noise, double A, double B)? worst = null;
        foreach (var key in countsA.Keys.Union(countsB.Keys))
        {
            double pa = countsA.GetValueOrDefault(key) / n, pb = countsB.GetValueOrDefault(key) / m;
            double pooled = (countsA.GetValueOrDefault(key) + countsB.GetValueOrDefault(key)) / (n + m);
            double noise = 3.3 * Math.Sqrt(pooled * (1 - pooled) * (1 / n + 1 / m));
            double diff = Math.Abs(pa - pb);
            if (diff > Math.Max(0.05, noise) && (worst is null || diff > worst.Value.Diff)) worst = (key, diff, noise, pa, pb);
        }
        if (worst is not { } w) return null;
        var light = w.Diff > Math.Max(0.15, w.Noise) ? Light.Red : Light.Amber;
        return (light, $"'{a.Name}' = '{w.Key}' is {Pct(w.A)} of train rows but {Pct(w.B)} of test rows (a gap over 5 points and beyond chance is amber, over 15 points red).");
    }
}
