namespace Foundations.Data;

/// <summary>
/// How a column writes its numbers or dates when not plainly (13.56%, 7,5, 69,549.00, £5, (1,234.56), 28/07/2019): the
/// conventions inference found in its first rows, which its builder then reads every row with.
/// </summary>
internal sealed record WrittenAs
{
    /// <summary>Nothing unusual: numbers with a '.' before decimals, dates in ISO 8601.</summary>
    public static readonly WrittenAs Plainly = new();

    /// <summary>Numbers with a decimal comma (7,5; 1.234,56).</summary>
    public bool DecimalComma { get; init; }

    /// <summary>Numbers as percentages (13.56%), read as the number before the sign.</summary>
    public bool Percent { get; init; }

    /// <summary>Numbers with ',' between thousands (69,549.00).</summary>
    public bool ThousandsComma { get; init; }

    /// <summary>Amounts with this currency (GBP for £69,549.00), which is dropped; null for none.</summary>
    public string? Currency { get; init; }

    /// <summary>Negative amounts as accounts write them: (1,234.56), £(5), 1.234,56-.</summary>
    public bool Accounting { get; init; }

    /// <summary>Words that stand for no value in a number column (HMDA's "Exempt"), read as missing and counted; empty for none.</summary>
    public IReadOnlyList<string> NoValueWords { get; init; } = [];

    /// <summary>Dates with the year last, day first (28/07/2019).</summary>
    public bool DayFirst { get; init; }

    /// <summary>Dates with the year last, month first (7/28/2019).</summary>
    public bool MonthFirst { get; init; }

    /// <summary>Dates with a two-digit year (Dec-11, 16-NOV-64), read by <see cref="FieldParsers.YearOf"/>.</summary>
    public bool TwoDigitYears { get; init; }
}
