using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Reads a date column as a number: the date as a decimal year (1 July 2011 → 2011.50, Dec-2011 → 2011.92). A date
/// such as the first credit line then orders customers as a model can use, where as text it would be hundreds of
/// unrelated categories. Missing dates stay missing (impute afterwards; PrepareFor does).
/// </summary>
public sealed class DateAsYearsStep(string column) : RecipeStep
{
    public string Column { get; } = column;
    /// <summary>Why, when the kit chose it (shown in the recipe); null when the user asked for it.</summary>
    public string? Reason { get; init; }

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("ReadAsYears", new[] { Column });
        var c = FrameOps.Column(frame, Column, "ReadAsYears");
        if (c is not PrimitiveDataFrameColumn<DateTime>)
            throw new ArgumentException($"ReadAsYears: column '{Column}' is {FrameOps.Family(c)}; only date columns are read as years.", Column);
        return new FittedDateAsYears(Column, Reason);
    }

    public override string ToString() => FittedDateAsYears.Text(Column, Reason);
}

/// <summary>Replaces the dates in <see cref="Column"/> by decimal years (a Double column; missing stays missing).</summary>
public sealed record FittedDateAsYears(string Column, string? Reason = null) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => new[] { Column };

    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
        var column = FrameOps.Column(frame, Column, "ReadAsYears");
        // Checked on the type, not on a value, so that a recipe read from a file is checked on a frame of no rows too.
        if (column.DataType != typeof(DateTime))
            throw new ArgumentException($"ReadAsYears: column '{Column}' is {FrameOps.Family(column)} here, but the recipe was fitted with dates in it.", Column);
        int rows = (int)column.Length;
        var valuesStorage = storage.Doubles(rows);
        var values = ColumnStorage.AsDoubles(valuesStorage);
        for (int r = 0; r < rows; r++)
            values[r] = column[r] switch
            {
                null => double.NaN,
                var t => Years((DateTime)t),
            };
        FrameOps.Put(frame, ColumnStorage.DoubleColumn(Column, valuesStorage));
    }

    /// <summary>The year plus the share of it gone by: 2011-07-02T00:00 → 2011 + 182/365 ≈ 2011.499.</summary>
    public static double Years(DateTime t)
    {
        var start = new DateTime(t.Year, 1, 1, 0, 0, 0, t.Kind);
        double days = DateTime.IsLeapYear(t.Year) ? 366 : 365;
        return t.Year + (t - start).TotalDays / days;
    }

    /// <summary>The inverse, to the day: the date a decimal year falls on (2011.5 → 2011-07-02), for labels and sentences.</summary>
    public static DateTime Day(double years)
    {
        int year = (int)Math.Floor(years);
        double days = DateTime.IsLeapYear(year) ? 366 : 365;
        // A hair above the floor, so that a date's own decimal year (which rounding may leave a hair short) gives it back.
        return new DateTime(year, 1, 1).AddDays(Math.Floor((years - year) * days + 1e-6));
    }

    public override string Describe() => Text(Column, Reason);

    internal static string Text(string column, string? reason) =>
        $"Read {column} as a number: the date as a decimal year (2011-07-02 → 2011.50)" + (reason is null ? "" : $" ({reason})");
}
