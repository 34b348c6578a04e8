using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Frame plumbing the data layer shares: row selection, non-mutating column replacement, readable column checks.</summary>
internal static class FrameOps
{
    /// <summary>The rows at <paramref name="rows"/>, in that order, as a new frame (the input is not changed).</summary>
    public static DataFrame Take(DataFrame frame, IReadOnlyList<int> rows)
    {
        var indices = new Int32DataFrameColumn("rows", rows.Select(r => (int?)r));
        return new DataFrame(frame.Columns.Select(c => NoValueWords.Carry(c, WrittenConventions.Carry(c, c.Clone(indices)))));
    }

    /// <summary>A shallow copy of the frame's column list (columns are shared, never mutated by the data layer).</summary>
    public static DataFrame Copy(DataFrame frame) => new(frame.Columns.ToList());

    /// <summary>The column called <paramref name="name"/>, or a clear error naming it and the columns there are.</summary>
    public static DataFrameColumn Column(DataFrame frame, string name, string step)
    {
        int i = frame.Columns.IndexOf(name);
        if (i < 0)
            throw new ArgumentException($"{step}: column '{name}' is not in the frame (columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}).", name);
        return frame.Columns[i];
    }

    /// <summary>
    /// The column <paramref name="name"/> for a fitted step that learned it as numbers: a column of another kind here (a
    /// scored file whose amounts were read as text) is an error naming the step and the column.
    /// </summary>
    public static DataFrameColumn FittedNumberColumn(DataFrame frame, string name, string step) =>
        NumbersAsFitted(Column(frame, name, step), name, step);

    /// <summary><paramref name="column"/> itself when it holds numbers; otherwise the error <see cref="FittedNumberColumn"/> gives.</summary>
    public static DataFrameColumn NumbersAsFitted(DataFrameColumn column, string name, string step) => ColumnTypes.IsNumeric(column) ? column
        : throw new ArgumentException($"{step}: column '{name}' is {Family(column)} here, but the recipe was fitted with numbers in it.", name);

    /// <summary>The column <paramref name="name"/> for a step that treats it as categories: text, booleans or whole numbers.</summary>
    public static DataFrameColumn CategoryColumn(DataFrame frame, string name, string step)
    {
        var column = Column(frame, name, step);
        if (column.DataType == typeof(double) || column.DataType == typeof(float))
            throw new ArgumentException($"{step}: column '{name}' holds fractional numbers; categories must be text, booleans or whole numbers.", name);
        return column;
    }

    /// <summary>Replaces (or appends) a column by name, keeping the column order.</summary>
    public static void Put(DataFrame frame, DataFrameColumn column)
    {
        int i = frame.Columns.IndexOf(column.Name);
        if (i >= 0) frame.Columns[i] = column;
        else frame.Columns.Add(column);
    }

    /// <summary>The column's values as <see cref="Keys"/> gives them, without copying a text column.</summary>
    public static IEnumerable<string?> KeySequence(DataFrameColumn column) => column as StringDataFrameColumn ?? (IEnumerable<string?>)Keys(column);

    /// <summary>The column's values as invariant strings (null when missing); how categories are keyed whatever the column type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string?[] Keys(DataFrameColumn column)
    {
        var keys = new string?[column.Length];
        switch (column)
        {
            case StringDataFrameColumn s:
                { long k = 0; foreach (var v in s) keys[k++] = v; return keys; }
            case PrimitiveDataFrameColumn<bool> b:
                { long k = 0; foreach (var v in b) keys[k++] = v is bool x ? (x ? "true" : "false") : null; return keys; }
        }
        for (long r = 0; r < column.Length; r++)
            keys[r] = column[r] switch
            {
                null => null,
                double d when double.IsNaN(d) => null,
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                var o => o.ToString(),
            };
        return keys;
    }

    /// <summary>The broad kind a recipe checks at apply time: ints and doubles are interchangeable, text is text.</summary>
    public static string Family(DataFrameColumn column) =>
        column is StringDataFrameColumn || column.DataType == typeof(string) ? "text"
        : column.DataType == typeof(bool) ? "boolean"
        : column.DataType == typeof(DateTime) ? "date-time"
        : ColumnTypes.IsNumeric(column) ? "number"
        : column.DataType.Name;
}
