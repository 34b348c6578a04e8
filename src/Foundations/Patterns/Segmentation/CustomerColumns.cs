using System.Globalization;
using System.Text.Json.Serialization;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Patterns.Segmentation;

/// <summary>How one column of the customer table enters the segmentation.</summary>
public sealed record CustomerColumn(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("fill")] double Fill,
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories);

/// <summary>A column of the customer table that does not enter the segmentation, and why.</summary>
public sealed record LeftOutColumn(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>
/// The fitted bridge from a customer table (DataFrame) to a <see cref="FeatureMatrix"/> for segmentation: numbers
/// and yes/no columns as numbers (missing values filled with the median learned here), text columns with few
/// values as category codes (0 = unseen or missing), identifiers and excluded columns left out with the reason.
/// Learned once on the customers segmented, re-applied unchanged to new customers. The data layer's
/// <c>FittedRecipe.ToFeatures</c> does the general job; this is the small version the pattern needs on its own.
/// </summary>
public sealed class CustomerColumns
{
    internal const string NumberKind = "number", YesNoKind = "yes_no", CategoryKind = "category";

    [JsonConstructor]
    public CustomerColumns(IReadOnlyList<CustomerColumn> columns, IReadOnlyList<LeftOutColumn> leftOut, IReadOnlyList<string> idColumns)
    {
        Columns = columns;
        LeftOut = leftOut;
        IdColumns = idColumns;
    }

    /// <summary>The columns that enter the segmentation, in the order the feature matrix holds them.</summary>
    [JsonPropertyName("columns")] public IReadOnlyList<CustomerColumn> Columns { get; }
    /// <summary>Columns set aside (identifiers, exclusions, free text, dates), each with the reason.</summary>
    [JsonPropertyName("leftOut")] public IReadOnlyList<LeftOutColumn> LeftOut { get; }
    /// <summary>Identifier columns: kept beside new customers' segments, never a feature.</summary>
    [JsonPropertyName("idColumns")] public IReadOnlyList<string> IdColumns { get; }

    /// <summary>Learns the columns from <paramref name="customers"/>; a text column with more than <paramref name="maxCategories"/> values is left out as free text.</summary>
    public static CustomerColumns Fit(DataFrame customers, IEnumerable<string>? idColumns = null, IEnumerable<string>? excludeColumns = null, int maxCategories = 50)
    {
        var ids = (idColumns ?? Array.Empty<string>()).ToList();
        var excluded = (excludeColumns ?? Array.Empty<string>()).ToList();
        var names = customers.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (list, parameter) in new[] { (ids, "idColumns"), (excluded, "excludeColumns") })
            foreach (var name in list)
                if (!names.Contains(name))
                    throw new ArgumentException($"{parameter} names '{name}', which is not a column of the customer table (columns: {string.Join(", ", names)}).", parameter);
        if (customers.Rows.Count < 2) throw new ArgumentException($"The customer table has {customers.Rows.Count} rows; segmentation needs at least 2.", nameof(customers));

        var columns = new List<CustomerColumn>();
        var leftOut = new List<LeftOutColumn>();
        foreach (var column in customers.Columns)
        {
            if (ids.Contains(column.Name)) { leftOut.Add(new(column.Name, "identifier")); continue; }
            if (excluded.Contains(column.Name)) { leftOut.Add(new(column.Name, "excluded")); continue; }
            if (IsNumber(column.DataType) || column.DataType == typeof(bool))
            {
                var values = Numbers(column).Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
                if (values.Length == 0) { leftOut.Add(new(column.Name, "every value is missing")); continue; }
                double median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
                columns.Add(new(column.Name, column.DataType == typeof(bool) ? YesNoKind : NumberKind, median, Array.Empty<string>()));
            }
            else if (column.DataType == typeof(string))
            {
                var categories = Texts(column).Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal).ToArray();
                if (categories.Length == 0) leftOut.Add(new(column.Name, "every value is missing"));
                else if (categories.Length > maxCategories) leftOut.Add(new(column.Name, $"{categories.Length} distinct values (more than {maxCategories}): free text or an identifier"));
                else columns.Add(new(column.Name, CategoryKind, 0, categories));
            }
            else leftOut.Add(new(column.Name, $"type {column.DataType.Name} is not used for segmentation"));
        }
        if (columns.Count == 0) throw new ArgumentException("No column of the customer table can be used for segmentation: " + string.Join("; ", leftOut.Select(l => $"{l.Name}: {l.Reason}")), nameof(customers));
        return new CustomerColumns(columns, leftOut, ids);
    }

    /// <summary>The feature matrix of <paramref name="customers"/>; <paramref name="filled"/> counts the missing values filled per column (no row is dropped).</summary>
    public FeatureMatrix ToFeatures(DataFrame customers, out IReadOnlyDictionary<string, int> filled)
    {
        int n = (int)customers.Rows.Count;
        var numeric = Columns.Where(c => c.Kind != CategoryKind).ToList();
        var categorical = Columns.Where(c => c.Kind == CategoryKind).ToList();
        var numbers = new float[n * numeric.Count];
        var codes = new long[n * categorical.Count];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < numeric.Count; j++)
        {
            var column = Find(customers, numeric[j]);
            int r = 0, missing = 0;
            foreach (double v in Numbers(column))
            {
                if (double.IsNaN(v)) missing++;
                double value = double.IsNaN(v) ? numeric[j].Fill : v;
                if (!double.IsFinite(value)) throw new ArgumentException($"Column '{numeric[j].Name}' holds {value} at row {r}.", nameof(customers));
                numbers[r++ * numeric.Count + j] = (float)value;
            }
            if (missing > 0) counts[numeric[j].Name] = missing;
        }
        for (int j = 0; j < categorical.Count; j++)
        {
            var column = Find(customers, categorical[j]);
            var lookup = categorical[j].Categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (long)x.i + 1, StringComparer.Ordinal);
            int r = 0, missing = 0;
            foreach (var text in Texts(column))
            {
                long code = text is not null && lookup.TryGetValue(text, out long found) ? found : 0;
                if (code == 0) missing++;
                codes[r++ * categorical.Count + j] = code;
            }
            if (missing > 0) counts[categorical[j].Name] = missing;
        }
        filled = counts;
        return new FeatureMatrix(n, numeric.Select(c => c.Name).ToArray(), numbers,
            categorical.Select(c => new CategoricalFeature(c.Name, c.Categories.Count + 1, c.Categories)).ToArray(), codes);
    }

    /// <summary>The feature matrix of <paramref name="customers"/> (missing values filled as learned).</summary>
    public FeatureMatrix ToFeatures(DataFrame customers) => ToFeatures(customers, out _);

    private static DataFrameColumn Find(DataFrame frame, CustomerColumn expected)
    {
        var column = frame.Columns.FirstOrDefault(c => c.Name == expected.Name)
            ?? throw new ArgumentException($"The customer table has no column '{expected.Name}', which the segments were fitted on.", "customers");
        bool ok = expected.Kind == CategoryKind ? column.DataType == typeof(string) : IsNumber(column.DataType) || column.DataType == typeof(bool);
        if (!ok)
            throw new ArgumentException($"Column '{expected.Name}' holds {column.DataType.Name} values; the segments were fitted on it as {(expected.Kind == CategoryKind ? "text categories" : "numbers")}.", "customers");
        return column;
    }

    internal static bool IsNumber(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(int) || type == typeof(long) || type == typeof(short)
        || type == typeof(byte) || type == typeof(decimal) || type == typeof(sbyte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong);

    /// <summary>A number or yes/no column as doubles; missing as NaN, yes as 1.</summary>
    internal static IEnumerable<double> Numbers(DataFrameColumn column)
    {
        for (long r = 0; r < column.Length; r++)
        {
            yield return column[r] switch
            {
                null => double.NaN,
                bool b => b ? 1 : 0,
                IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
                var other => throw new ArgumentException($"Column '{column.Name}' holds '{other}' at row {r}, which is not a number."),
            };
        }
    }

    internal static IEnumerable<string?> Texts(DataFrameColumn column)
    {
        for (long r = 0; r < column.Length; r++) yield return column[r]?.ToString();
    }
}
