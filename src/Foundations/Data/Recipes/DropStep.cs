using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Drops columns that are not features (identifiers, names, free text).</summary>
public sealed class DropStep(IReadOnlyList<string> columns) : RecipeStep
{
    public IReadOnlyList<string> Columns { get; } = columns;
    /// <summary>Why the columns are dropped, when the kit chose it (shown in the recipe); null when the user named them.</summary>
    public string? Reason { get; init; }

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("Drop", Columns);
        foreach (var c in Columns) FrameOps.Column(frame, c, "Drop");
        return new FittedDrop(Columns.ToArray(), Reason);
    }

    public override string ToString() => $"Drop {string.Join(", ", Columns)}" + (Reason is null ? "" : $" ({Reason})");
}

/// <summary>Drops the named columns; at apply time a dropped column may be absent (new data need not carry it).</summary>
public sealed record FittedDrop(IReadOnlyList<string> Columns, string? Reason = null) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => Array.Empty<string>();

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Removes => Columns;

    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
        foreach (var c in Columns)
            if (frame.Columns.IndexOf(c) >= 0) frame.Columns.Remove(c);
    }

    public override string Describe() => $"Drop {string.Join(", ", Columns)}" + (Reason is null ? "" : $" ({Reason})");
}
