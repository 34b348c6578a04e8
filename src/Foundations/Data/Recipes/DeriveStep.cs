using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Adds a column computed by a <see cref="Formula"/> (kept as text, so the fitted recipe saves and reloads it).</summary>
public sealed class DeriveStep(string column, Formula formula) : RecipeStep
{
    public string Column { get; } = column;
    public Formula Formula { get; } = formula;

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("Derive", new[] { Column });
        if (frame.Columns.IndexOf(Column) >= 0)
            throw new ArgumentException($"Derive: column '{Column}' already exists; choose a new name.", Column);
        foreach (var input in Formula.Columns)
        {
            if (input == context.Label)
                throw new ArgumentException($"Derive: the formula for '{Column}' reads the label '{input}', which would leak the answer into the features.", Column);
        }
        Formula.Evaluate(frame, $"Derive '{Column}'");
        return new FittedDerive(Column, Formula.Text);
    }

    public override string ToString() => $"Derive {Column} = {Formula.Text}";
}

/// <summary>Adds <see cref="Column"/> = <see cref="Formula"/> as a Double column (missing where an input is missing or the result is not finite).</summary>
public sealed record FittedDerive(string Column, string Formula) : FittedStep
{
    private readonly Data.Formula _parsed = Data.Formula.Parse(Formula);

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => _parsed.Columns;

    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
        FrameOps.Put(frame, storage.DoubleColumn(Column, _parsed.Evaluate(frame, $"Derive '{Column}'")));
    }

    public override string Describe() => $"Derive {Column} = {Formula}";
}
