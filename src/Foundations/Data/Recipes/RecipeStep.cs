using System.Text.Json.Serialization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>One step of a <see cref="Recipe"/> as written: settings only. Fitting it on training rows gives a <see cref="FittedStep"/>.</summary>
public abstract class RecipeStep
{
    /// <summary>Learns what the step needs from <paramref name="frame"/> (the training rows, as the earlier steps left them).</summary>
    internal abstract FittedStep Fit(DataFrame frame, FitContext context);

    /// <summary>The step as a short line ("Impute income with the median").</summary>
    public abstract override string ToString();
}

/// <summary>What fitting knows beyond the frame: the label (never touched), each row's customer, and the columns earlier steps turned into codes or indicators.</summary>
internal sealed class FitContext(string? label, int[]? groups = null)
{
    public string? Label { get; } = label;
    /// <summary>Each training row's customer when the file holds several rows per customer (a split with groupBy); null: one row each.</summary>
    public int[]? Groups { get; } = groups;
    public HashSet<string> CodeColumns { get; } = new(StringComparer.Ordinal);
    public HashSet<string> IndicatorColumns { get; } = new(StringComparer.Ordinal);

    public void RejectLabel(string step, IEnumerable<string> columns)
    {
        foreach (var c in columns)
            if (c == Label)
                throw new ArgumentException($"{step}: '{c}' is the label, and recipe steps never change the label.", c);
    }
}

/// <summary>
/// A step with what it learned on the training rows (medians, means and standard deviations, vocabularies). Immutable;
/// applying it only reads that state, so test and new data are transformed exactly as the training rows were.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "step")]
[JsonDerivedType(typeof(FittedDrop), "drop")]
[JsonDerivedType(typeof(FittedImpute), "impute")]
[JsonDerivedType(typeof(FittedCategorize), "categorize")]
[JsonDerivedType(typeof(FittedOneHot), "one_hot")]
[JsonDerivedType(typeof(FittedStandardize), "standardize")]
[JsonDerivedType(typeof(FittedDerive), "derive")]
[JsonDerivedType(typeof(FittedCodeAsMissing), "code_as_missing")]
[JsonDerivedType(typeof(FittedOutsideAsMissing), "outside_as_missing")]
[JsonDerivedType(typeof(FittedDateAsYears), "date_as_years")]
public abstract record FittedStep
{
    /// <summary>The columns this step reads (each must be present when it is applied).</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<string> Reads { get; }

    /// <summary>The columns this step removes (a removed column that no earlier step reads need not be present when applied).</summary>
    [JsonIgnore]
    public virtual IReadOnlyList<string> Removes => [];

    /// <summary>
    /// Applies the step to <paramref name="frame"/> in place: the frame's column list changes, no column's data does.
    /// The columns it creates live in <paramref name="storage"/>.
    /// </summary>
    internal abstract void Apply(DataFrame frame, ColumnStorage storage);

    /// <summary>The step and what it learned, in one line.</summary>
    public abstract string Describe();

    /// <summary>What does not agree inside a step read from a file (lists of different lengths, a category twice); null when sound.</summary>
    internal virtual string? Inconsistency => null;

    /// <summary>For <see cref="Inconsistency"/>: lists that must run side by side, and vocabularies that must not repeat a category.</summary>
    private protected static string? Mismatch(int columns, IReadOnlyList<IReadOnlyList<string>>? categories)
    {
        if (categories is null || categories.Count != columns) return $"has {columns} columns but {categories?.Count ?? 0} lists of categories";
        for (int i = 0; i < columns; i++)
            if (categories[i] is null || categories[i].Distinct(StringComparer.Ordinal).Count() != categories[i].Count)
                return $"lists no categories, or one category twice, for its column {i + 1}";
        return null;
    }
}
