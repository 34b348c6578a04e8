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

    /// <summary>Durations with their units (1yrs 11mon, 10+ years, 36 months), read as years.</summary>
    public bool Duration { get; init; }

    /// <summary>Numbers with a space (or a no-break space, or an apostrophe) between thousands: 1 234,56; 1'234.50.</summary>
    public bool ThousandsSpace { get; init; }

    /// <summary>Numbers some of which carry stray underscores around them (34847.84_, __10000__), read without them.</summary>
    public bool Underscores { get; init; }

    /// <summary>Words that stand for no value in a number column (HMDA's "Exempt"), read as missing and counted; empty for none.</summary>
    public IReadOnlyList<string> NoValueWords { get; init; } = [];

    /// <summary>Dates with the year last, day first (28/07/2019).</summary>
    public bool DayFirst { get; init; }

    /// <summary>Dates with the year last, month first (7/28/2019).</summary>
    public bool MonthFirst { get; init; }

    /// <summary>Dates with a two-digit year (Dec-11, 16-NOV-64), read by <see cref="FieldParsers.YearOf"/>.</summary>
    public bool TwoDigitYears { get; init; }

    /// <summary>
    /// The conventions as the words a model file saves ("dayFirst", "decimalComma", "currency:GBP"; words for no value
    /// are saved apart), in a fixed order; empty when nothing is unusual.
    /// </summary>
    public IReadOnlyList<string> Names()
    {
        var names = new List<string>();
        if (DecimalComma) names.Add("decimalComma");
        if (ThousandsComma) names.Add("thousandsComma");
        if (ThousandsSpace) names.Add("thousandsSpace");
        if (Percent) names.Add("percent");
        if (Accounting) names.Add("accounting");
        if (Currency is not null) names.Add(CurrencyPrefix + Currency);
        if (Duration) names.Add("duration");
        if (Underscores) names.Add("underscores");
        if (DayFirst) names.Add("dayFirst");
        if (MonthFirst) names.Add("monthFirst");
        if (TwoDigitYears) names.Add("twoDigitYears");
        return names;
    }

    private const string CurrencyPrefix = "currency:";

    /// <summary>The currencies a column can be written in (ISO codes), as the loader finds them.</summary>
    internal static readonly IReadOnlySet<string> Currencies = new HashSet<string>(StringComparer.Ordinal) { "GBP", "EUR", "USD", "JPY" };

    /// <summary>
    /// The conventions <paramref name="names"/> give a column of <paramref name="kind"/> ("number" or "date-time"), or
    /// null with the reason when they are not ones the loader writes for that kind (a forged or damaged model file).
    /// </summary>
    public static WrittenAs? FromNames(IReadOnlyList<string> names, string kind, out string? why)
    {
        why = null;
        var written = Plainly;
        bool number = kind == "number", date = kind == "date-time";
        foreach (var name in names)
        {
            switch (name)
            {
                case "decimalComma" when number: written = written with { DecimalComma = true }; break;
                case "thousandsComma" when number: written = written with { ThousandsComma = true }; break;
                case "thousandsSpace" when number: written = written with { ThousandsSpace = true }; break;
                case "percent" when number: written = written with { Percent = true }; break;
                case "accounting" when number: written = written with { Accounting = true }; break;
                case "duration" when number: written = written with { Duration = true }; break;
                case "underscores" when number: written = written with { Underscores = true }; break;
                case var c when number && c.StartsWith(CurrencyPrefix, StringComparison.Ordinal) && Currencies.Contains(c[CurrencyPrefix.Length..]):
                    written = written with { Currency = c[CurrencyPrefix.Length..] };
                    break;
                case "dayFirst" when date: written = written with { DayFirst = true }; break;
                case "monthFirst" when date: written = written with { MonthFirst = true }; break;
                case "twoDigitYears" when date: written = written with { TwoDigitYears = true }; break;
                default:
                    why = $"'{name}' is not a way the loader finds a {kind} column written";
                    return null;
            }
        }
        if (written.DecimalComma && written.ThousandsComma || written.ThousandsComma && written.ThousandsSpace || written.DayFirst && written.MonthFirst
            || written.Duration && (written.DecimalComma || written.ThousandsComma || written.Percent || written.Accounting || written.Currency is not null))
            why = $"{string.Join(" and ", names)} cannot both hold";
        else if (written.Names().Count != names.Count)
            why = $"{string.Join(", ", names)} names a convention twice";
        return why is null ? written : null;
    }
}
