using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>A first recipe for any table, chosen from its column types: the start of an analysis of a user's own data.</summary>
public static class RecipeSuggestion
{
    /// <summary>
    /// Prepares every column for a model of <paramref name="target"/>: drops <paramref name="exclude"/> (identifiers,
    /// columns known after the outcome), drops free text and dates, imputes numbers with the training median,
    /// turns categories into codes for embeddings (missing → the unseen code) and standardizes the numbers.
    /// Every choice shows in the recipe, so it can be read and changed.
    /// </summary>
    public static Recipe PrepareFor(this Recipe recipe, string target, params string[] exclude)
    {
        var frame = recipe.Data ?? throw new InvalidOperationException("PrepareFor needs data: start with Wrangle.From(frame).");
        if (frame.Columns.IndexOf(target) < 0)
            throw new ArgumentException($"Target '{target}' is not a column (columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}).", nameof(target));
        foreach (var e in exclude)
            if (frame.Columns.IndexOf(e) < 0)
                throw new ArgumentException($"Column '{e}' to exclude is not in the data (columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}).", nameof(exclude));
        var drop = new List<string>(exclude);
        var categories = new List<string>();
        var result = recipe.Label(target);
        foreach (var column in frame.Columns)
        {
            if (column.Name == target || exclude.Contains(column.Name)) continue;
            switch (ColumnTypes.Of(column))
            {
                case ColumnType.Text or ColumnType.DateTime:
                    drop.Add(column.Name);
                    break;
                case ColumnType.Category:
                    categories.Add(column.Name);
                    break;
                case ColumnType.Boolean:
                    if (column.NullCount > 0) result = result.Impute(column.Name, Impute.MostFrequent);
                    break;
                default:
                    if (column.NullCount > 0) result = result.Impute(column.Name, Impute.Median);
                    break;
            }
        }
        if (drop.Count > 0) result = result.Drop(drop.ToArray());
        if (categories.Count > 0) result = result.Categorize(categories.ToArray());
        return result.Standardize();
    }
}
