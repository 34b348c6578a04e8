using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Patterns;

/// <summary>A column of the customer table that does not enter the segmentation, and why.</summary>
public sealed record LeftOutColumn(string Name, string Reason);

/// <summary>
/// The default preparation when a customer table is segmented directly: a data-layer recipe (<see cref="Wrangle"/>)
/// that drops identifiers, excluded columns, free text and dates, fills missing numbers with the training median,
/// and turns category columns into codes for embeddings. Fitted once; saved inside the model and re-applied to new customers.
/// </summary>
internal static class CustomerRecipe
{
    public static (FittedRecipe Recipe, IReadOnlyList<LeftOutColumn> LeftOut, IReadOnlyDictionary<string, int> Filled) Fit(
        DataFrame customers, IReadOnlyList<string> idColumns, IReadOnlyList<string> excludeColumns, IReadOnlyDictionary<string, string>? reasons = null)
    {
        var names = customers.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (list, parameter) in new[] { (idColumns, "idColumns"), (excludeColumns, "excludeColumns") })
            foreach (var name in list)
                if (!names.Contains(name))
                    throw new ArgumentException($"{parameter} names '{name}', which is not a column of the customer table (columns: {string.Join(", ", names)}).", parameter);
        if (customers.Rows.Count < 2) throw new ArgumentException($"The customer table has {customers.Rows.Count} rows; segmentation needs at least 2.", nameof(customers));

        var leftOut = new List<LeftOutColumn>();
        var filled = new Dictionary<string, int>(StringComparer.Ordinal);
        var impute = new List<(string Column, Impute How)>();
        var categories = new List<string>();
        foreach (var column in customers.Columns)
        {
            if (idColumns.Contains(column.Name)) { leftOut.Add(new(column.Name, "identifier")); continue; }
            if (excludeColumns.Contains(column.Name)) { leftOut.Add(new(column.Name, reasons?.GetValueOrDefault(column.Name) ?? "excluded")); continue; }
            if (column.Length > 0 && column.NullCount == column.Length) { leftOut.Add(new(column.Name, "every value is missing")); continue; }
            switch (ColumnTypes.Of(column))
            {
                case ColumnType.Int32 or ColumnType.Int64 or ColumnType.Double:
                    // Every number gets a median, even without gaps today: new customers may arrive with gaps.
                    impute.Add((column.Name, Impute.Median));
                    if (column.NullCount > 0) filled[column.Name] = (int)column.NullCount;
                    break;
                case ColumnType.Boolean:
                    if (column.NullCount > 0) { impute.Add((column.Name, Impute.MostFrequent)); filled[column.Name] = (int)column.NullCount; }
                    break;
                case ColumnType.Category:
                    categories.Add(column.Name); // missing and unseen values get code 0
                    break;
                case ColumnType.Text:
                    leftOut.Add(new(column.Name, "free text or an identifier (too many distinct values to be a category)"));
                    break;
                default:
                    leftOut.Add(new(column.Name, $"{column.DataType.Name} values are not used for segmentation"));
                    break;
            }
        }
        if (impute.Count == 0 && categories.Count == 0 && customers.Columns.All(c => leftOut.Any(l => l.Name == c.Name)))
            throw new ArgumentException("No column of the customer table can be used for segmentation: " + string.Join("; ", leftOut.Select(l => $"{l.Name}: {l.Reason}")), nameof(customers));

        var recipe = Wrangle.From(customers);
        if (leftOut.Count > 0) recipe = recipe.Drop(leftOut.Select(l => l.Name).ToArray());
        foreach (var (column, how) in impute) recipe = recipe.Impute(column, how);
        if (categories.Count > 0) recipe = recipe.Categorize(categories.ToArray());
        return (recipe.Fit(), leftOut, filled);
    }
}
