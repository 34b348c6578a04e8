using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Reads code values of a number column (98 for "not applicable", 365243 for "not employed") as missing, and keeps
/// the fact in a 0/1 column <c>{column}_is_code</c>: the amount is no longer stretched by the code, and a model still
/// sees which customers had it. Impute the column afterwards (PrepareFor does).
/// </summary>
public sealed class CodeAsMissingStep(string column, IReadOnlyList<double> codes) : RecipeStep
{
    public string Column { get; } = column;
    public IReadOnlyList<double> Codes { get; } = codes;
    /// <summary>Why, when the kit chose it (shown in the recipe); null when the user named the codes.</summary>
    public string? Reason { get; init; }

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("ReadAsMissing", new[] { Column });
        var c = FrameOps.Column(frame, Column, "ReadAsMissing");
        if (!ColumnTypes.IsNumeric(c))
            throw new ArgumentException($"ReadAsMissing: column '{Column}' is {FrameOps.Family(c)}; codes are read as missing in number columns only.", Column);
        string flag = $"{Column}_is_code";
        if (frame.Columns.IndexOf(flag) >= 0)
            throw new ArgumentException($"ReadAsMissing: the flag column '{flag}' already exists; rename it first.", Column);
        return new FittedCodeAsMissing(Column, Codes.ToArray(), flag, Reason);
    }

    public override string ToString() => FittedCodeAsMissing.Text(Column, Codes, Reason);
}

/// <summary>Sets <see cref="Codes"/> in <see cref="Column"/> to missing (a Double column) and writes 1 in <see cref="Flag"/> where one was.</summary>
public sealed record FittedCodeAsMissing(string Column, IReadOnlyList<double> Codes, string Flag, string? Reason = null) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => new[] { Column };

    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
        var column = FrameOps.FittedNumberColumn(frame, Column, "ReadAsMissing");
        var valuesStorage = storage.DoublesOf(column);
        var values = ColumnStorage.AsDoubles(valuesStorage);
        int rows = values.Length;
        var flagStorage = storage.Doubles(rows);
        var flags = ColumnStorage.AsDoubles(flagStorage);
        for (int i = 0; i < rows; i++)
        {
            bool code = false;
            foreach (double c in Codes) code |= values[i] == c;
            flags[i] = code ? 1 : 0;
            if (code) values[i] = double.NaN;
        }
        FrameOps.Put(frame, ColumnStorage.DoubleColumn(Column, valuesStorage));
        frame.Columns.Insert(frame.Columns.IndexOf(Column) + 1, ColumnStorage.DoubleColumn(Flag, flagStorage));
    }

    public override string Describe() => Text(Column, Codes, Reason) + $"; {Flag} = 1 where it was";

    internal static string Text(string column, IEnumerable<double> codes, string? reason) =>
        $"Read {string.Join(", ", codes.Select(c => c.ToString("G", CultureInfo.InvariantCulture)))} in {column} as missing" + (reason is null ? "" : $" ({reason})");
}
