using System.Globalization;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Patterns;

/// <summary>
/// One way a segment differs from all customers, in the column's own units: an average for numbers, a share for
/// yes/no columns and categories. <see cref="StandardizedDifference"/> is the gap in population standard deviations.
/// </summary>
public sealed record FeatureDifference(string Column, string? Category, bool IsShare, double SegmentValue, double PopulationValue, double StandardizedDifference)
{
    /// <summary>The feature in words: "age", "preferred channel = mobile".</summary>
    public string Label => Category is null ? Humanize(Column) : $"{Humanize(Column)} = {Category}";

    /// <summary>"age 27 against 45 overall" or "preferred channel = mobile 85% against 30% overall".</summary>
    public string Describe()
    {
        var (segment, population) = FormatPair();
        return $"{Label} {segment} against {population} overall";
    }

    /// <summary>The same in a few characters, for the evidence beside a name: "age 27 vs 45".</summary>
    public string Brief()
    {
        var (segment, population) = FormatPair();
        return $"{Label} {segment} vs {population}";
    }

    /// <summary>Whether the column is one the segments were formed on (behaviour), rather than only described (who the customers are, outcomes).</summary>
    public bool FormsSegments { get; init; } = true;

    /// <summary>Whether the column is a yes/no column (a share of customers, not a category).</summary>
    public bool IsYesNo => IsShare && Category is null;

    /// <summary>
    /// A value in the column's units: a percentage for shares, thousands separators for large numbers, two significant
    /// digits below 1 (a rate of 0.36, a ratio of 0.05).
    /// </summary>
    public string Format(double value) => Format(value, extra: 0);

    // The segment's value and the population's, with up to three digits more where they would read the same: "borrower
    // rate 0.3 against 0.3 overall" tells a reader nothing, "0.34 against 0.30" does.
    private (string Segment, string Population) FormatPair()
    {
        for (int extra = 0; ; extra++)
        {
            string segment = Format(SegmentValue, extra), population = Format(PopulationValue, extra);
            if (segment != population || extra == 3 || SegmentValue.Equals(PopulationValue)) return (segment, population);
        }
    }

    private string Format(double value, int extra)
    {
        var c = CultureInfo.InvariantCulture;
        string more = new('0', extra);
        double size = Math.Abs(value);
        if (IsShare) return value.ToString(extra == 0 ? "0%" : $"0.{more}%", c);
        if (size >= 1000) return value.ToString(extra == 0 ? "#,0" : $"#,0.{more}", c);
        if (size >= 10) return value.ToString(extra == 0 ? "0" : $"0.{more}", c);
        if (size >= 1 || size == 0 || !double.IsFinite(value)) return value.ToString($"0.0{more}", c);
        int decimals = Math.Min(12, 1 - (int)Math.Floor(Math.Log10(size)));
        return value.ToString($"0.{new string('0', decimals - 1)}#{more.Replace('0', '#')}", c);
    }

    /// <summary>A column name in words: underscores and CamelCase become spaces ("NumOfProducts" → "num of products").</summary>
    internal static string Humanize(string column)
    {
        var text = new System.Text.StringBuilder(column.Length + 8);
        for (int i = 0; i < column.Length; i++)
        {
            char ch = column[i];
            if (ch == '_' || ch == '-') { text.Append(' '); continue; }
            // A capital after a lower-case letter starts a word; so does the last capital of a run followed by lower case ("CRScore" → "cr score").
            bool boundary = i > 0 && char.IsUpper(ch) && (char.IsLower(column[i - 1]) || i + 1 < column.Length && char.IsUpper(column[i - 1]) && char.IsLower(column[i + 1]));
            if (boundary && text.Length > 0 && text[^1] != ' ') text.Append(' ');
            text.Append(char.IsUpper(ch) && HasLower(column) ? char.ToLowerInvariant(ch) : ch);
        }
        return text.ToString();
    }

    private static bool HasLower(string s) => s.Any(char.IsLower);
}

/// <summary>
/// One segment described for a banker: size, what sets it apart, its outcome rate with a 95% interval and lift, and a
/// generated name with the evidence for it and a paragraph.
/// </summary>
public sealed record SegmentProfile(
    int Segment,
    string Name,
    string Description,
    int Size,
    double Share,
    IReadOnlyList<FeatureDifference> Distinguishing,
    string? OutcomeColumn,
    double? OutcomeRate,
    double? PopulationOutcomeRate,
    IReadOnlyList<FeatureDifference> KeyFigures)
{
    /// <summary>Lower end of the 95% (Wilson) interval of <see cref="OutcomeRate"/>.</summary>
    public double? OutcomeLow { get; init; }
    /// <summary>Upper end of the 95% (Wilson) interval of <see cref="OutcomeRate"/>.</summary>
    public double? OutcomeHigh { get; init; }
    /// <summary>The outcome rate against the whole book's: 1.5 means half as likely again as the average customer.</summary>
    public double? Lift => OutcomeRate is double r && PopulationOutcomeRate is double p && p > 0 ? r / p : null;
    /// <summary>The figures the name was built from, in a few words: "digital logins 30d 42 vs 18; age 29 vs 45".</summary>
    public string Evidence { get; init; } = "";

    /// <summary>"18.2% (16.1–20.5%), lift 1.4": the outcome rate in words, empty when there is no outcome.</summary>
    public string OutcomeInWords() => OutcomeRate is double r
        ? string.Create(CultureInfo.InvariantCulture, $"{r:0.0%} ({OutcomeLow:0.0%}–{OutcomeHigh:0.0%}), lift {Lift:0.00}")
        : "";
}

/// <summary>Rates with their uncertainty.</summary>
public static class Rates
{
    /// <summary>The Wilson score interval of <paramref name="events"/> out of <paramref name="trials"/> at 95% (well behaved near 0% and 100%).</summary>
    public static (double Low, double High) Wilson95(double events, int trials)
    {
        if (trials <= 0) return (double.NaN, double.NaN);
        const double z = 1.959963984540054;
        double p = events / trials, z2n = z * z / trials;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z * Math.Sqrt(p * (1 - p) / trials + z2n / (4 * trials)) / (1 + z2n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}

/// <summary>The customer columns a segmentation is described in, in their original units (the features may be standardized).</summary>
internal sealed class DescriptionTable
{
    internal sealed record Column(string Name, string Kind, double[]? Values, string?[]? Texts);

    private DescriptionTable(int rows, IReadOnlyList<Column> columns)
    {
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }
    public IReadOnlyList<Column> Columns { get; }

    internal const string NumberKind = "number", YesNoKind = "yes_no", CategoryKind = "category";

    /// <summary>Every number, yes/no and category column of the original table except identifiers (free text and dates are skipped).</summary>
    public static DescriptionTable From(DataFrame customers, IReadOnlyCollection<string> idColumns)
    {
        var columns = new List<Column>();
        foreach (var c in customers.Columns)
        {
            if (idColumns.Contains(c.Name)) continue;
            if (ColumnTypes.IsNumeric(c) || c.DataType == typeof(bool))
            {
                var values = ColumnTypes.ToDoubles(c);
                // A 0/1 number column (a flag such as defaulted) reads better as a share than as an average.
                bool flag = c.DataType == typeof(bool) || values.All(v => double.IsNaN(v) || v is 0 or 1);
                columns.Add(new(c.Name, flag ? YesNoKind : NumberKind, values, null));
            }
            else if (c is StringDataFrameColumn text && ColumnTypes.Of(c) == ColumnType.Category)
                columns.Add(new(c.Name, CategoryKind, null, text.ToArray()));
        }
        return new DescriptionTable((int)customers.Rows.Count, columns);
    }

    /// <summary>The feature matrix itself, when no original table is given (numbers are then in the matrix's units).</summary>
    public static DescriptionTable From(FeatureMatrix features)
    {
        var columns = new List<Column>();
        int p = features.NumericColumns.Count, c = features.CategoricalColumns.Count;
        for (int j = 0; j < p; j++)
            columns.Add(new(features.NumericColumns[j], NumberKind, Enumerable.Range(0, features.Rows).Select(r => (double)features.Numeric[r * p + j]).ToArray(), null));
        for (int j = 0; j < c; j++)
        {
            var feature = features.CategoricalColumns[j];
            columns.Add(new(feature.Name, CategoryKind, null, Enumerable.Range(0, features.Rows).Select(r =>
            {
                long code = features.Categorical[r * c + j];
                return code >= 1 && code <= feature.Categories.Count ? feature.Categories[(int)code - 1] : null;
            }).ToArray()));
        }
        return new DescriptionTable(features.Rows, columns);
    }
}

/// <summary>Computes segment profiles: averages and shares per segment against the population, and the largest standardized gaps.</summary>
internal static class SegmentProfiler
{
    /// <summary>Differences below this many standard deviations are not called distinguishing.</summary>
    internal const double Notable = 0.35;

    public static (IReadOnlyList<SegmentProfile> Profiles, IReadOnlyList<FeatureDifference[]> AllDifferences) Profile(
        DescriptionTable table, IReadOnlyList<int> segments, int k, string? outcome, IReadOnlyList<string> keyColumns,
        IReadOnlySet<string>? profiledOnly = null, int distinguishing = 5)
    {
        if (table.Rows != segments.Count)
            throw new ArgumentException($"The customer table used for profiles has {table.Rows} rows but {segments.Count} customers were segmented; give the same customers in the same order.", "original");
        var outcomeColumn = outcome is null ? null : table.Columns.FirstOrDefault(c => c.Name == outcome && c.Values is not null)
            ?? throw new ArgumentException($"The outcome column '{outcome}' is not a number or yes/no column of the customer table.", nameof(outcome));

        // Every (column, category) item with its population mean and spread.
        var items = new List<(DescriptionTable.Column Column, string? Category, bool Share, double[] Values)>();
        foreach (var column in table.Columns)
        {
            if (column.Values is not null) items.Add((column, null, column.Kind == DescriptionTable.YesNoKind, column.Values));
            else
                foreach (var category in column.Texts!.Where(t => !string.IsNullOrEmpty(t)).Distinct().OrderBy(t => t, StringComparer.Ordinal))
                    items.Add((column, category, true, column.Texts!.Select(t => t is null ? double.NaN : t == category ? 1.0 : 0.0).ToArray()));
        }

        var all = new FeatureDifference[k][];
        for (int s = 0; s < k; s++) all[s] = new FeatureDifference[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var (column, category, share, values) = items[i];
            var (popMean, popSd) = MeanSd(values, _ => true);
            for (int s = 0; s < k; s++)
            {
                int segment = s + 1;
                var (mean, _) = MeanSd(values, r => segments[r] == segment);
                double z = popSd > 1e-12 && !double.IsNaN(mean) ? (mean - popMean) / popSd : 0;
                all[s][i] = new FeatureDifference(column.Name, category, share, mean, popMean, z)
                    { FormsSegments = profiledOnly is null || !profiledOnly.Contains(column.Name) };
            }
        }

        int n = segments.Count;
        var profiles = new List<SegmentProfile>();
        double? populationRate = outcomeColumn is null ? null : MeanSd(outcomeColumn.Values!, _ => true).Mean;
        for (int s = 0; s < k; s++)
        {
            int segment = s + 1, size = segments.Count(x => x == segment);
            // The largest gaps, one per column (the most over- or under-represented category stands for its column).
            var top = all[s]
                .Where(d => d.Column != outcome && Math.Abs(d.StandardizedDifference) >= Notable)
                .Where(d => d.Category is null || d.StandardizedDifference > 0)
                .GroupBy(d => d.Column)
                .Select(g => g.OrderByDescending(d => Math.Abs(d.StandardizedDifference)).First())
                .OrderByDescending(d => Math.Abs(d.StandardizedDifference))
                .Take(distinguishing)
                .ToList();
            double? rate = null, low = null, high = null;
            if (outcomeColumn is not null)
            {
                int known = 0;
                double events = 0;
                for (int r = 0; r < n; r++)
                    if (segments[r] == segment && !double.IsNaN(outcomeColumn.Values![r])) { known++; events += outcomeColumn.Values[r]; }
                rate = known > 0 ? events / known : double.NaN;
                (low, high) = Rates.Wilson95(events, known);
            }
            var key = keyColumns.Select(c => all[s].FirstOrDefault(d => d.Column == c && d.Category is null)).OfType<FeatureDifference>().ToList();
            profiles.Add(new SegmentProfile(segment, "", "", size, (double)size / n, top, outcome, rate, populationRate, key) { OutcomeLow = low, OutcomeHigh = high });
        }
        return (SegmentNaming.Name(profiles, all), all);
    }

    private static (double Mean, double Sd) MeanSd(double[] values, Func<int, bool> include)
    {
        double sum = 0, squares = 0;
        int count = 0;
        for (int r = 0; r < values.Length; r++)
        {
            if (!include(r) || double.IsNaN(values[r])) continue;
            sum += values[r];
            count++;
        }
        if (count == 0) return (double.NaN, double.NaN);
        double mean = sum / count;
        for (int r = 0; r < values.Length; r++)
            if (include(r) && !double.IsNaN(values[r])) squares += (values[r] - mean) * (values[r] - mean);
        return (mean, Math.Sqrt(squares / Math.Max(1, count - 1)));
    }
}
