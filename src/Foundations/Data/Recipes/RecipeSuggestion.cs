using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>A first recipe for any table, chosen from its column types: the start of an analysis of a user's own data.</summary>
public static class RecipeSuggestion
{
    /// <summary>
    /// Prepares every column for a model of <paramref name="target"/>: drops <paramref name="exclude"/> (identifiers,
    /// columns known after the outcome), drops free text, reads dates as decimal years, imputes numbers with the training median,
    /// leaves out columns with one value in every row (or none), turns categories into codes for embeddings (missing → the
    /// unseen code; a category with more than 50 values is kept only if it predicts a yes/no target out of sample) and
    /// standardizes the numbers.
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
        var drop = new List<string>();
        var categories = new List<string>();
        var manyValued = new List<string>();
        var constants = new List<string>();
        var result = recipe.Label(target);
        // What the user left out is said as such: a reviewer must not read another outcome as "free text".
        if (exclude.Length > 0)
            result = result.DropBecause("left out as asked: identifiers, other outcomes or columns known only after the outcome", exclude.Distinct().ToArray());
        foreach (var column in frame.Columns)
        {
            if (column.Name == target || exclude.Contains(column.Name)) continue;
            // Extracts often carry columns filled for every customer alike (Santander's 34 zeros); they tell a model nothing.
            if (ColumnTypes.Of(column) is not ColumnType.Text && HasAtMostOneValue(column))
            {
                constants.Add(column.Name);
                continue;
            }
            switch (ColumnTypes.Of(column))
            {
                case ColumnType.Text:
                    // The company a complaint names or a loan's lender: thousands of labels that repeat are a category,
                    // with values too rare to learn from sharing one code; free text and references are dropped.
                    if (ColumnTypes.IsManyValuedCategory(column)) manyValued.Add(column.Name);
                    else drop.Add(column.Name);
                    break;
                case ColumnType.DateTime:
                    // As hundreds of text values a date is noise; as a number it orders customers (an older first credit line).
                    result = result.ReadAsYearsBecause("a date; a model learns trends over time from it, so check the model on later customers", column.Name);
                    if (column.NullCount > 0) result = result.Impute(column.Name, Impute.Median, flagMissing: true);
                    break;
                case ColumnType.Category:
                    categories.Add(column.Name);
                    break;
                case ColumnType.Boolean:
                    if (column.NullCount > 0) result = result.Impute(column.Name, Impute.MostFrequent);
                    break;
                default:
                    // A code written as a number (98 late payments for "not applicable") becomes missing plus a flag, as
                    // the readiness check advises; a code the user already named is imputed too.
                    bool coded = recipe.Steps.OfType<CodeAsMissingStep>().Any(s => s.Column == column.Name);
                    var numbers = ColumnTypes.ToDoubles(column);
                    if (!coded && !IsRowNumber(column) && NumberCodes.Find(numbers) is { Count: > 0 } codes)
                    {
                        result = result.ReadAsMissingBecause(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                            "a code, not an amount: {0} far outside the other values, {1:G4} to {2:G4}", string.Join(", ", codes.Select(c => $"{c.Value:G} in {c.Rows:N0} rows")), codes[0].Low, codes[0].High),
                            column.Name, codes.Select(c => c.Value).ToArray());
                        coded = true;
                    }
                    // An applicant aged 144 is an entry error, as the readiness check says: read as missing (no flag:
                    // it says nothing of the customer), unless so many rows lie outside that the unit is in doubt.
                    bool errors = false;
                    if (Readiness.NamesAgeInYears(column.Name) && Readiness.ImpossibleAges(numbers) is { Count: > 0 } impossible
                        && !recipe.Steps.OfType<OutsideAsMissingStep>().Any(s => s.Column == column.Name)
                        && impossible.Sum(a => (long)a.Rows) * 100 <= numbers.Count(v => !double.IsNaN(v)))
                    {
                        string values = string.Join(", ", impossible.Take(8).Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:G} in {1:N0} row{2}", a.Value, a.Rows, a.Rows == 1 ? "" : "s")))
                            + (impossible.Count > 8 ? $" and {impossible.Count - 8} more values" : "");
                        result = result.ReadAsMissingOutsideBecause($"a person's age: {values}, outside 0 to {Readiness.OldestAge} years, are entry errors", column.Name, 0, Readiness.OldestAge);
                        errors = true;
                    }
                    // A gap may follow the outcome (a rate blank for declined loans): the flag keeps it visible to every
                    // model, not only to the scorecard's missing bin. A coded column already has its _is_code flag.
                    if (column.NullCount > 0 || coded || errors) result = result.Impute(column.Name, Impute.Median, flagMissing: column.NullCount > 0 && !coded);
                    break;
            }
        }
        if (drop.Count > 0)
            result = result.DropBecause("text that is neither a category nor numbers: free text, references, or numbers mixed with words, which a model cannot read as they are", drop.ToArray());
        if (constants.Count > 0)
            result = result.DropBecause("one value in every row that has one (or no value at all): it cannot tell one customer from another", constants.ToArray());
        // A row number exported with the data (pandas' index 0, 1, 2, …, R's row names 1, 2, 3, …, often under an
        // empty header) tells a model nothing about the customer but lets it memorise the rows, as PyCaret also drops.
        var rowNumbers = frame.Columns.Where(c => c.Name != target && !drop.Contains(c.Name) && !exclude.Contains(c.Name) && IsRowNumber(c)).Select(c => c.Name).ToArray();
        if (rowNumbers.Length > 0)
            result = result.DropBecause("a row number: it counts up down the file from 0 or 1 (with gaps where rows were taken out), so it describes the file, not the customer", rowNumbers);
        categories.RemoveAll(rowNumbers.Contains);
        // A category with hundreds of values shows differences in its own rates by chance alone: it must predict the
        // outcome on training customers it was not learned from, or the models would learn its noise.
        if (categories.Count > 0) result = result.CategorizeIfPredictive(categories);
        if (manyValued.Count > 0) result = result.CategorizeIfPredictive(manyValued, ColumnTypes.ManyValuedMinCount);
        return result.Standardize();
    }

    /// <summary>True when the column's present values are all equal, or it has none.</summary>
    private static bool HasAtMostOneValue(DataFrameColumn column)
    {
        object? first = null;
        for (long r = 0; r < column.Length; r++)
        {
            var value = column[r];
            if (value is null) continue;
            if (first is null) first = value;
            else if (!first.Equals(value)) return false;
        }
        return true;
    }

    /// <summary>Whole numbers 0, 1, 2, … or 1, 2, 3, … in row order, with no gaps (at least 20 rows).</summary>
    private static bool IsRowNumber(DataFrameColumn column)
    {
        if (ColumnTypes.Of(column) is not (ColumnType.Int32 or ColumnType.Int64) || column.NullCount > 0 || column.Length < 20) return false;
        var c = System.Globalization.CultureInfo.InvariantCulture;
        long first = Convert.ToInt64(column[0], c), previous = first;
        if (first < 0) return false;
        for (long r = 1; r < column.Length; r++)
        {
            long value = Convert.ToInt64(column[r], c);
            if (value <= previous) return false;
            previous = value;
        }
        // Rows set aside before (no outcome yet, a filter in the export) leave gaps: the count still starts at the top of
        // the file, within a few of its average steps, and steps by little on average. A running id from 10001 does not.
        double step = (double)(previous - first) / (column.Length - 1);
        return step <= 10 && first <= 1 + 3 * step;
    }
}
