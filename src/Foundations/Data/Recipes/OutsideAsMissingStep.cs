using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Reads the values of a number column outside a possible range as missing (an applicant aged 144, an age of -1):
/// entry errors, not customers. Unlike a code (<see cref="CodeAsMissingStep"/>) no flag keeps them, since an entry error
/// says nothing about the customer; and the range, not the values seen, is what is saved, so a new batch's 150 is read
/// as missing too. Impute the column afterwards (PrepareFor does).
/// </summary>
public sealed class OutsideAsMissingStep(string column, double lowest, double highest) : RecipeStep
{
    public string Column { get; } = column;
    public double Lowest { get; } = lowest;
    public double Highest { get; } = highest;
    /// <summary>Why, when the kit chose it (shown in the recipe); null when the user named the range.</summary>
    public string? Reason { get; init; }

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("ReadAsMissingOutside", new[] { Column });
        var c = FrameOps.Column(frame, Column, "ReadAsMissingOutside");
        if (!ColumnTypes.IsNumeric(c))
            throw new ArgumentException($"ReadAsMissingOutside: column '{Column}' is {FrameOps.Family(c)}; a range applies to number columns only.", Column);
        return new FittedOutsideAsMissing(Column, Lowest, Highest, Reason);
    }

    public override string ToString() => FittedOutsideAsMissing.Text(Column, Lowest, Highest, Reason);
}

/// <summary>Sets the values of <see cref="Column"/> below <see cref="Lowest"/> or above <see cref="Highest"/> to missing (a Double column).</summary>
public sealed record FittedOutsideAsMissing(string Column, double Lowest, double Highest, string? Reason = null) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => new[] { Column };

    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
        var column = FrameOps.FittedNumberColumn(frame, Column, "ReadAsMissingOutside");
        var valuesStorage = storage.DoublesOf(column);
        var values = ColumnStorage.AsDoubles(valuesStorage);
        for (int i = 0; i < values.Length; i++)
            if (values[i] < Lowest || values[i] > Highest) values[i] = double.NaN;
        FrameOps.Put(frame, ColumnStorage.DoubleColumn(Column, valuesStorage));
    }

    public override string Describe() => Text(Column, Lowest, Highest, Reason);

    // A model file's range that lets nothing through would read every value as missing.
    internal override string? Inconsistency => Lowest <= Highest ? null : string.Format(CultureInfo.InvariantCulture,
        "gives a possible range whose lowest value {0:G} lies above its highest {1:G}", Lowest, Highest);

    internal static string Text(string column, double lowest, double highest, string? reason)
    {
        // A side left open is saved as the largest finite value: said as no bound at all.
        var c = CultureInfo.InvariantCulture;
        string outside = lowest == double.MinValue && highest == double.MaxValue ? "nothing (no bound given)"
            : lowest == double.MinValue ? string.Format(c, "above {0:G}", highest)
            : highest == double.MaxValue ? string.Format(c, "below {0:G}", lowest)
            : string.Format(c, "below {0:G} or above {1:G}", lowest, highest);
        return $"Read {column} {outside} as missing" + (reason is null ? "" : $" ({reason})");
    }
}
