using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Foundations.Data;
using Foundations.Training;
using Microsoft.Data.Analysis;

namespace Foundations.Monitor;

/// <summary>
/// What the reference learned about one input: for numbers the decile edges, the count in each bin, the range and a
/// sorted sample (every value up to <see cref="MonitoringReference.SampleSize"/>, evenly spaced quantiles beyond);
/// for categories the count of each category. Nothing in it links values of different columns or rows.
/// </summary>
public sealed record ReferenceFeature
{
    /// <summary>The column's name.</summary>
    public required string Name { get; init; }

    /// <summary>Numbers (and booleans read as 0/1 by the caller) or categories.</summary>
    public required bool IsNumeric { get; init; }

    /// <summary>Rows in the reference, missing values included.</summary>
    public required long Rows { get; init; }

    /// <summary>Rows with a value.</summary>
    public required long Present { get; init; }

    /// <summary>Decile edges of the reference (right-closed bins); empty for categories.</summary>
    public IReadOnlyList<double> Edges { get; init; } = Array.Empty<double>();

    /// <summary>Reference rows in each bin (one more than the edges); empty for categories.</summary>
    public IReadOnlyList<double> BinCounts { get; init; } = Array.Empty<double>();

    /// <summary>Smallest reference value (numbers only).</summary>
    public double Min { get; init; }

    /// <summary>Largest reference value (numbers only).</summary>
    public double Max { get; init; }

    /// <summary>Sorted reference values, or evenly spaced quantiles of them when there are more than the sample size.</summary>
    public IReadOnlyList<double> Sample { get; init; } = Array.Empty<double>();

    /// <summary>Reference rows per category (categories only).</summary>
    public IReadOnlyDictionary<string, long> Categories { get; init; } = new Dictionary<string, long>();

    /// <summary>The share of reference rows without a value.</summary>
    [JsonIgnore]
    public double MissingRate => Rows == 0 ? 0 : (Rows - Present) / (double)Rows;

    /// <summary>What does not agree in a feature read from a file (counts against rows, bins against edges, values out of order); null when sound.</summary>
    internal string? Problem()
    {
        if (string.IsNullOrEmpty(Name)) return "a feature has no name";
        if (Present < 0 || Present > Rows) return $"'{Name}' has {Present:N0} values in {Rows:N0} rows";
        if (Edges is null || BinCounts is null || Sample is null || Categories is null) return $"'{Name}' lacks its edges, bins, sample or categories";
        if (!IsNumeric) return Categories.Values.All(n => n >= 0) ? null : $"'{Name}' has a category counted below zero";
        if (BinCounts.Count != Edges.Count + 1) return $"'{Name}' has {BinCounts.Count} bins for {Edges.Count} edges; it needs one more bin than edges";
        if (BinCounts.Any(n => !(n >= 0) || double.IsInfinity(n))) return $"'{Name}' has a bin counted below zero or not a number";
        if (!Ascending(Edges) || !Ascending(Sample) || !(Min <= Max)) return $"'{Name}' has edges or sample values out of order, or not numbers";
        return null;
    }

    private static bool Ascending(IReadOnlyList<double> values)
    {
        for (int i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i]) || (i > 0 && values[i] < values[i - 1])) return false;
        return true;
    }
}

/// <summary>
/// A monitoring reference learned once from development data (bins, category sets, score bins and development
/// performance) and saved, so every later batch is compared with the same reference without the development file.
/// Made by <see cref="Monitoring.Fit(DataFrame, double[], IReadOnlyList{int}, string[])"/>; immutable.
/// </summary>
public sealed class MonitoringReference
{
    /// <summary>The format written in saved references.</summary>
    public const string Format = "foundations.monitoring-reference/1";

    /// <summary>The kind named in the manifest of a reference saved on its own.</summary>
    public const string Kind = "monitoring reference";

    /// <summary>Most values kept per numeric feature: beyond this, evenly spaced quantiles (the KS distance then errs by at most 1/this).</summary>
    public const int SampleSize = 1000;

    private static readonly JsonSerializerOptions Json = new()
    {
        // As ModelFile writes manifests, so a reference reads the same alone or inside a model file.
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Stored _state;

    private MonitoringReference(Stored state) => _state = state;

    /// <summary>A reference read from <paramref name="path"/>, after checking that its features agree with themselves (a damaged or forged file is refused naming it).</summary>
    private static MonitoringReference Checked(Stored state, string path)
    {
        if (state.Features is null || state.Features.Any(f => f is null) || state.Columns is null || state.Excluded is null || state.Identifiers is null || state.Skipped is null)
            throw new InvalidDataException($"'{path}': the monitoring reference lacks its features or column lists.");
        var problem = state.Features.Append(state.Score).Where(f => f is not null).Select(f => f!.Problem()).FirstOrDefault(p => p is not null)
            ?? (state.Features.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != state.Features.Count ? "a feature is listed twice" : null);
        if (problem is not null) throw new InvalidDataException($"'{path}': the monitoring reference is damaged or was altered: {problem}.");
        return new MonitoringReference(state);
    }

    /// <summary>When the reference was fitted (UTC).</summary>
    public DateTime FittedAt => _state.FittedAt;

    /// <summary>Rows of the development data it was fitted on.</summary>
    public long Rows => _state.Rows;

    /// <summary>Every column of the development data (to spot new columns later).</summary>
    public IReadOnlyList<string> Columns => _state.Columns;

    /// <summary>Columns left out on request (labels, columns known only afterwards).</summary>
    public IReadOnlyList<string> Excluded => _state.Excluded;

    /// <summary>Identifier columns: never compared, never stored, whatever else was asked.</summary>
    public IReadOnlyList<string> Identifiers => _state.Identifiers;

    /// <summary>Free-text columns that cannot be binned.</summary>
    public IReadOnlyList<string> Skipped => _state.Skipped;

    /// <summary>What was learned about each compared input.</summary>
    public IReadOnlyList<ReferenceFeature> Features => _state.Features;

    /// <summary>The model scores' bins, when scores were given.</summary>
    public ReferenceFeature? Score => _state.Score;

    /// <summary>How the model ranked and was calibrated on the development data, when outcomes were given.</summary>
    public PeriodPerformance? Development => _state.Development;

    /// <summary>The feature called <paramref name="name"/>.</summary>
    public ReferenceFeature this[string name] => Features.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"The reference has no feature '{name}'. It has: {string.Join(", ", Features.Select(f => f.Name))}.");

    internal static MonitoringReference Fit(DataFrame development, double[]? scores, IReadOnlyList<int>? outcomes, IEnumerable<string> exclude,
        IEnumerable<string> identifiers, bool strict)
    {
        ArgumentNullException.ThrowIfNull(development);
        if (development.Rows.Count == 0) throw new ArgumentException("The development data has no rows to learn a reference from.", nameof(development));
        var names = development.Columns.Select(c => c.Name).ToArray();
        var excluded = exclude.Distinct(StringComparer.Ordinal).ToArray();
        // Strict for a reference fitted on purpose; Monitoring.Compare keeps its older, looser contract.
        if (strict)
            foreach (var name in excluded)
                if (!names.Contains(name, StringComparer.Ordinal))
                    throw new ArgumentException($"Column '{name}' to exclude is not in the development data (it has: {string.Join(", ", names)}).", nameof(exclude));
        var asked = identifiers.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ids = names.Where(n => !excluded.Contains(n, StringComparer.Ordinal) && (asked.Contains(n) || Disclosure.IsIdentifier(n))).ToArray();

        var features = new List<ReferenceFeature>();
        var skipped = new List<string>();
        foreach (var column in development.Columns)
        {
            if (excluded.Contains(column.Name, StringComparer.Ordinal) || ids.Contains(column.Name, StringComparer.Ordinal)) continue;
            var type = ColumnTypes.Of(column);
            // A date is monitored as the model reads it, in decimal years.
            if (ColumnTypes.NumbersOrYears(column) is { } values)
                features.Add(Numeric(column.Name, values, "the development data"));
            else if (type is ColumnType.Category or ColumnType.Boolean)
                features.Add(Categorical(column.Name, Texts(column)));
            else
                skipped.Add(column.Name);
        }

        ReferenceFeature? score = null;
        PeriodPerformance? performance = null;
        if (scores is not null)
        {
            CheckScores(scores, nameof(scores));
            if (strict && scores.Length != development.Rows.Count)
                throw new ArgumentException($"{scores.Length} scores for {development.Rows.Count} development rows; give one score per row.", nameof(scores));
            score = Numeric("score", scores, "the scores");
            if (outcomes is not null)
            {
                // Rows with no outcome yet (−1: a loan still running) are scored and binned, but cannot be ranked.
                var known = Enumerable.Range(0, outcomes.Count).Where(i => outcomes[i] >= 0).ToArray();
                if (known.Length > 0)
                    performance = PerformanceOverTime.From("development", known.Select(i => scores[i]).ToArray(), known.Select(i => outcomes[i]).ToArray()).Development;
            }
        }
        else if (outcomes is not null)
            throw new ArgumentException("Outcomes measure the model's development performance: give its scores too.", nameof(outcomes));

        return new MonitoringReference(new Stored(Format, DateTime.UtcNow, development.Rows.Count, names, excluded, ids, skipped.ToArray(),
            features.ToArray(), score, performance));
    }

    /// <summary>
    /// Compares <paramref name="current"/> (and its model scores, when the reference has score bins) with this reference:
    /// the same bins, categories and tests as <see cref="Monitoring.Compare"/>, without the development data.
    /// </summary>
    public MonitoringReport Compare(DataFrame current, double[]? currentScores = null) => Compare(current, currentScores, Array.Empty<string>());

    internal MonitoringReport Compare(DataFrame current, double[]? currentScores, IReadOnlyCollection<string> alsoExclude)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Rows.Count == 0) throw new ArgumentException("The current batch has no rows to compare.", nameof(current));
        if (currentScores is not null && Score is null)
            throw new ArgumentException("This reference was fitted without scores, so scores cannot be compared; fit it with the development scores.", nameof(currentScores));
        var currentNames = current.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var drifts = new List<FeatureDrift>();
        var missing = new List<string>();
        foreach (var feature in Features)
        {
            if (!currentNames.Contains(feature.Name)) { missing.Add(feature.Name); continue; }
            var column = current.Columns[feature.Name];
            if (feature.IsNumeric)
            {
                if (ColumnTypes.NumbersOrYears(column) is not { } values)
                    throw new ArgumentException($"Column '{feature.Name}' held numbers in the reference but holds {ColumnTypes.Of(column)} in the current batch: check the data feed.", feature.Name);
                drifts.Add(CompareNumeric(feature, values));
            }
            else
                drifts.Add(CompareCategories(feature, Texts(column)));
        }
        var known = Columns.Concat(Excluded).Concat(alsoExclude).ToHashSet(StringComparer.Ordinal);
        var newColumns = current.Columns.Select(c => c.Name).Where(n => !known.Contains(n) && !Disclosure.IsIdentifier(n)).ToArray();

        StabilityIndex? scorePsi = null;
        double[]? referenceScores = null;
        if (currentScores is not null)
        {
            CheckScores(currentScores, nameof(currentScores));
            scorePsi = Stability.PsiAgainst(Score!.Edges.ToArray(), Score.BinCounts.ToArray(), currentScores);
            referenceScores = Score.Sample.ToArray();
        }
        return new MonitoringReport(drifts, scorePsi, referenceScores, currentScores?.ToArray(), Rows, current.Rows.Count, Skipped, missing, newColumns);
    }

    /// <summary>Saves the reference alone to <paramref name="path"/> (the kit's model file format), written atomically.</summary>
    public string Save(string path)
    {
        ModelFile.Write(path, _state, null, null, kind: Kind, format: Format, schema: Array.Empty<RecipeColumn>());
        Experiments.Run.Current.Artifact(path);
        return path;
    }

    /// <summary>
    /// Saves the reference inside the model file at <paramref name="modelPath"/> (replacing one saved before), so that
    /// `foundations monitor --model` needs nothing else. The file is checked, then rewritten atomically with the
    /// reference listed in its manifest; a signed model must be signed again.
    /// </summary>
    public string SaveWith(string modelPath)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"No model file at '{modelPath}' to save the reference with.", modelPath);
        ModelFile.WriteMonitoringEntry(modelPath, JsonSerializer.SerializeToUtf8Bytes(_state, Json));
        return modelPath;
    }

    /// <summary>Loads a reference saved by <see cref="Save"/>, or the one saved inside a model file by <see cref="SaveWith"/>.</summary>
    public static MonitoringReference Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No monitoring reference at '{path}'.", path);
        if (!IsSavedWith(path))
        {
            var file = ModelFile.Read<Stored>(path, Kind, Format, s => s.Format);
            return Checked(file.Manifest<Stored>(), path);
        }
        var bytes = ModelFile.ReadMonitoringEntry(path)
            ?? throw new InvalidDataException($"'{path}' has no monitoring reference listed in its manifest.");
        Stored? state;
        try { state = JsonSerializer.Deserialize<Stored>(bytes, Json); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}': {ModelFile.MonitoringEntry} is not a monitoring reference ({e.Message}).", e); }
        if (state?.Format != Format)
            throw new InvalidDataException($"'{path}' holds a monitoring reference of format '{state?.Format}'; this version of the kit reads '{Format}'.");
        return Checked(state, path);
    }

    /// <summary>Whether the model file at <paramref name="modelPath"/> carries a reference saved with it.</summary>
    public static bool IsSavedWith(string modelPath) => ModelFile.HasMonitoringEntry(modelPath);




    private static ReferenceFeature Numeric(string name, double[] values, string where)
    {
        if (values.Any(double.IsInfinity)) throw new ArgumentException($"Column '{name}' holds an infinite value in {where}; fix or exclude it.", name);
        var present = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (present.Length == 0) throw new ArgumentException($"Column '{name}' has no non-missing values in {where}; exclude it.", name);
        var edges = Stability.DecileEdges(present);
        return new ReferenceFeature
        {
            Name = name, IsNumeric = true, Rows = values.Length, Present = present.Length,
            Edges = edges, BinCounts = Stability.CountBins(present, edges), Min = present[0], Max = present[^1], Sample = SampleOf(present),
        };
    }

    private static ReferenceFeature Categorical(string name, string?[] values)
    {
        var counts = Stability.Count(values);
        if (counts.Count == 0) throw new ArgumentException($"Column '{name}' has no non-missing values in the development data; exclude it.", name);
        return new ReferenceFeature
        {
            Name = name, IsNumeric = false, Rows = values.Length, Present = counts.Values.Sum(),
            Categories = new SortedDictionary<string, long>(counts, StringComparer.Ordinal),
        };
    }

    // Sorted values as they are up to the sample size; beyond it the value at the middle of each of SampleSize equal slices.
    private static double[] SampleOf(double[] sorted)
    {
        if (sorted.Length <= SampleSize) return sorted;
        var sample = new double[SampleSize];
        for (int i = 0; i < SampleSize; i++) sample[i] = sorted[(int)((i + 0.5) * sorted.Length / SampleSize)];
        return sample;
    }

    private static FeatureDrift CompareNumeric(ReferenceFeature reference, double[] current)
    {
        var present = current.Where(v => !double.IsNaN(v)).ToArray();
        if (present.Length == 0) throw new ArgumentException($"Column '{reference.Name}' has no non-missing values in the current batch; exclude it.", reference.Name);
        if (present.Any(double.IsInfinity)) throw new ArgumentException($"Column '{reference.Name}' holds an infinite value in the current batch; fix the data feed.", reference.Name);
        var sorted = present.OrderBy(v => v).ToArray();
        var sample = reference.Sample.ToArray();
        double d = SampleDistance.KolmogorovSmirnov(sample, sorted);
        // The p-value counts the reference's real rows; the sample only stands in for its distribution function.
        double n = (double)reference.Present * sorted.Length / (reference.Present + sorted.Length), root = Math.Sqrt(n);
        var test = new TestResult("Kolmogorov–Smirnov", d, 0, DistributionTests.KolmogorovSurvival((root + 0.12 + 0.11 / root) * d));
        double outOfRange = present.Count(v => v < reference.Min || v > reference.Max) / (double)present.Length;
        return new FeatureDrift(reference.Name, true, Stability.PsiAgainst(reference.Edges.ToArray(), reference.BinCounts.ToArray(), present), test,
            reference.MissingRate, MissingRate(current.Length, present.Length), outOfRange)
        { ReferenceValues = sample, CurrentValues = present };
    }

    private static FeatureDrift CompareCategories(ReferenceFeature reference, string?[] current)
    {
        var curCounts = Stability.Count(current);
        if (curCounts.Count == 0) throw new ArgumentException($"Column '{reference.Name}' has no non-missing values in the current batch; exclude it.", reference.Name);
        var csi = Stability.CsiAgainst(reference.Categories, curCounts);
        var categories = csi.Bins.Select(b => b.Label).ToArray();
        var test = DistributionTests.ChiSquared(categories.Select(c => (double)reference.Categories.GetValueOrDefault(c)).ToArray(),
            categories.Select(c => (double)curCounts.GetValueOrDefault(c)).ToArray());
        return new FeatureDrift(reference.Name, false, csi, test, reference.MissingRate, MissingRate(current.Length, curCounts.Values.Sum()), double.NaN);
    }

    internal static string?[] Texts(DataFrameColumn column)
    {
        var values = new string?[column.Length];
        for (long r = 0; r < column.Length; r++)
            values[r] = column[r] switch { null => null, bool b => b ? "true" : "false", var o => Convert.ToString(o, CultureInfo.InvariantCulture) };
        return values;
    }

    private static double MissingRate(long rows, long present) => rows == 0 ? 0 : (rows - present) / (double)rows;

    internal static void CheckScores(double[] scores, string parameter)
    {
        if (scores.Length == 0) throw new ArgumentException("Scores are empty.", parameter);
        int bad = Array.FindIndex(scores, s => !double.IsFinite(s));
        if (bad >= 0) throw new ArgumentException($"Score at position {bad} is {scores[bad]}; every row needs a finite score.", parameter);
    }

    // What is saved: settings (exclusions, identifiers) beside what was learned. "Format" first, as in every model file.
    private sealed record Stored(string Format, DateTime FittedAt, long Rows, IReadOnlyList<string> Columns, IReadOnlyList<string> Excluded,
        IReadOnlyList<string> Identifiers, IReadOnlyList<string> Skipped, IReadOnlyList<ReferenceFeature> Features, ReferenceFeature? Score,
        PeriodPerformance? Development);
}
