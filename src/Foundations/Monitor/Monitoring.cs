using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Monitor;

/// <summary>How one input feature moved between the reference and the current batch.</summary>
public sealed record FeatureDrift(
    string Name,
    bool IsNumeric,
    StabilityIndex Csi,
    TestResult Test,
    double MissingRateReference,
    double MissingRateCurrent,
    double OutOfRangeRate)
{
    /// <summary>The band of the feature's characteristic stability index.</summary>
    public StabilityBand Band => Csi.Band;

    /// <summary>The change in the share of missing values (current minus reference).</summary>
    public double MissingRateChange => MissingRateCurrent - MissingRateReference;

    /// <summary>Categories seen in the current batch but never in the reference.</summary>
    public IReadOnlyList<string> NewCategories => Csi.NewCategories;

    internal double[] ReferenceValues { get; init; } = Array.Empty<double>();
    internal double[] CurrentValues { get; init; } = Array.Empty<double>();
}

/// <summary>Compares a current batch with the reference a model was developed on.</summary>
public static class Monitoring
{
    /// <summary>
    /// Compares every shared column of <paramref name="reference"/> and <paramref name="current"/> except those in
    /// <paramref name="exclude"/> (identifiers, labels): numbers and booleans by decile PSI and Kolmogorov–Smirnov,
    /// categories by category-share PSI and chi-squared; free-text columns are listed as skipped. Scores, when given,
    /// are compared by PSI too.
    /// </summary>
    public static MonitoringReport Compare(DataFrame reference, DataFrame current, double[]? referenceScores = null,
        double[]? currentScores = null, params string[] exclude)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if ((referenceScores is null) != (currentScores is null))
            throw new ArgumentException("Give scores for both the reference and the current batch, or for neither.",
                referenceScores is null ? nameof(referenceScores) : nameof(currentScores));
        var excluded = new HashSet<string>(exclude, StringComparer.Ordinal);
        var currentNames = current.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in excluded)
            if (!reference.Columns.Any(c => c.Name == name) && !currentNames.Contains(name))
                throw new ArgumentException($"Column '{name}' to exclude is in neither frame.", nameof(exclude));

        var features = new List<FeatureDrift>();
        var skipped = new List<string>();
        var missingInCurrent = new List<string>();
        foreach (var column in reference.Columns)
        {
            if (excluded.Contains(column.Name)) continue;
            if (!currentNames.Contains(column.Name)) { missingInCurrent.Add(column.Name); continue; }
            var other = current.Columns[column.Name];
            var type = ColumnTypes.Of(column);
            if (ColumnTypes.IsNumeric(column) && ColumnTypes.IsNumeric(other))
                features.Add(CompareNumeric(column.Name, ColumnTypes.ToDoubles(column), ColumnTypes.ToDoubles(other)));
            else if (type is ColumnType.Category or ColumnType.Boolean)
                features.Add(CompareCategories(column.Name, Texts(column), Texts(other)));
            else
                skipped.Add(column.Name);
        }
        var newColumns = current.Columns.Select(c => c.Name)
            .Where(n => !excluded.Contains(n) && !reference.Columns.Any(c => c.Name == n)).ToArray();

        StabilityIndex? scorePsi = null;
        if (referenceScores is not null && currentScores is not null)
        {
            CheckScores(referenceScores, nameof(referenceScores));
            CheckScores(currentScores, nameof(currentScores));
            scorePsi = Stability.Psi(referenceScores, currentScores);
        }
        return new MonitoringReport(features, scorePsi, referenceScores?.ToArray(), currentScores?.ToArray(),
            reference.Rows.Count, current.Rows.Count, skipped, missingInCurrent, newColumns);
    }

    private static FeatureDrift CompareNumeric(string name, double[] reference, double[] current)
    {
        var refValues = reference.Where(v => !double.IsNaN(v)).ToArray();
        var curValues = current.Where(v => !double.IsNaN(v)).ToArray();
        if (refValues.Length == 0 || curValues.Length == 0)
            throw new ArgumentException($"Column '{name}' has no non-missing values in the {(refValues.Length == 0 ? "reference" : "current batch")}; exclude it.");
        double min = refValues.Min(), max = refValues.Max();
        double outOfRange = curValues.Count(v => v < min || v > max) / (double)curValues.Length;
        return new FeatureDrift(name, true, Stability.Psi(refValues, curValues), DistributionTests.KolmogorovSmirnov(refValues, curValues),
            MissingRate(reference.Length, refValues.Length), MissingRate(current.Length, curValues.Length), outOfRange)
        { ReferenceValues = refValues, CurrentValues = curValues };
    }

    private static FeatureDrift CompareCategories(string name, string?[] reference, string?[] current)
    {
        if (reference.All(v => v is null) || current.All(v => v is null))
            throw new ArgumentException($"Column '{name}' has no non-missing values in the {(reference.All(v => v is null) ? "reference" : "current batch")}; exclude it.");
        var csi = Stability.Csi(reference, current);
        var refCounts = Stability.Count(reference);
        var curCounts = Stability.Count(current);
        var categories = csi.Bins.Select(b => b.Label).ToArray();
        var test = DistributionTests.ChiSquared(categories.Select(c => (double)refCounts.GetValueOrDefault(c)).ToArray(),
            categories.Select(c => (double)curCounts.GetValueOrDefault(c)).ToArray());
        return new FeatureDrift(name, false, csi, test,
            MissingRate(reference.Length, reference.Count(v => v is not null)), MissingRate(current.Length, current.Count(v => v is not null)), double.NaN);
    }

    private static string?[] Texts(DataFrameColumn column)
    {
        var values = new string?[column.Length];
        for (long r = 0; r < column.Length; r++)
            values[r] = column[r] switch { null => null, bool b => b ? "true" : "false", var o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture) };
        return values;
    }

    private static double MissingRate(long rows, long present) => rows == 0 ? 0 : (rows - present) / (double)rows;

    private static void CheckScores(double[] scores, string parameter)
    {
        if (scores.Length == 0) throw new ArgumentException("Scores are empty.", parameter);
        int bad = Array.FindIndex(scores, s => !double.IsFinite(s));
        if (bad >= 0) throw new ArgumentException($"Score at position {bad} is {scores[bad]}; every row needs a finite score.", parameter);
    }
}
