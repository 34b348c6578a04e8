using System.Globalization;

namespace Foundations.Patterns;

/// <summary>
/// Which column of a bank's own transactions file holds each fact the monitor reads. The defaults are the columns of
/// data-samples/transactions.csv. A fact the file does not have is an empty name: the monitor then does without it
/// (an account never has a "new" channel, the share of the balance moved is 0) and the stream says so. A named column
/// must be in the file, except the evaluation truth (<see cref="Incident"/>, <see cref="IncidentKind"/>) and
/// <see cref="TransactionId"/> under their default names, which live data may lack.
/// </summary>
public sealed record TransactionColumns
{
    /// <summary>The sample bank's columns.</summary>
    public static readonly TransactionColumns Default = new();

    /// <summary>When the transaction happened (required).</summary>
    public string Time { get; init; } = "timestamp";

    /// <summary>
    /// How <see cref="Time"/> is written: empty for date-times as usually written (ISO 8601 and the like); a .NET
    /// format such as <c>yyMMdd</c> or <c>dd/MM/yyyy HH:mm</c>; or <c>seconds</c>, <c>minutes</c>, <c>hours</c> or
    /// <c>days</c> for a number counted from the start of the data (day 1 begins at <see cref="CountedFrom"/>).
    /// </summary>
    public string TimeFormat { get; init; } = "";

    /// <summary>The account (or card) whose history each transaction is measured against (required).</summary>
    public string Account { get; init; } = "customer_id";

    /// <summary>How much moved (required; positive, or signed when <see cref="Direction"/> is this same column).</summary>
    public string Amount { get; init; } = "amount";

    /// <summary>
    /// Money out or in: a column whose values are listed in <see cref="MoneyOut"/> and <see cref="MoneyIn"/>; the
    /// <see cref="Amount"/> column itself when its sign says it (negative: money out); or empty when every transaction
    /// is a payment out (card files).
    /// </summary>
    public string Direction { get; init; } = "direction";

    /// <summary>The <see cref="Direction"/> values that mean money out of the account.</summary>
    public IReadOnlyList<string> MoneyOut { get; init; } = new[] { "debit" };

    /// <summary>The <see cref="Direction"/> values that mean money into the account; any other value is set aside.</summary>
    public IReadOnlyList<string> MoneyIn { get; init; } = new[] { "credit" };

    /// <summary>How the payment was made (online, card present, branch…); empty if the file has none.</summary>
    public string Channel { get; init; } = "channel";

    /// <summary>What was bought or the kind of operation; empty if the file has none.</summary>
    public string MerchantCategory { get; init; } = "merchant_category";

    /// <summary>Where; empty if the file has none.</summary>
    public string Country { get; init; } = "country";

    /// <summary>The account's balance after the transaction; empty if the file has none.</summary>
    public string BalanceAfter { get; init; } = "balance_after";

    /// <summary>
    /// The investigators' verdict: which transactions were real incidents (fraud, takeover). The agent learns from it
    /// and the evaluation counts it; it is never an input. Empty or absent: live data with no verdicts yet.
    /// </summary>
    public string Incident { get; init; } = "is_anomaly";

    /// <summary>The <see cref="Incident"/> values that mean "an incident"; empty: 1/0 or true/false, anything else set aside.</summary>
    public IReadOnlyList<string> IncidentValues { get; init; } = Array.Empty<string>();

    /// <summary>What kind of incident it was (shown in replays); optional.</summary>
    public string IncidentKind { get; init; } = "anomaly_type";

    /// <summary>The transaction's identifier (shown in decisions); optional: the line or row number stands in.</summary>
    public string TransactionId { get; init; } = "transaction_id";

    /// <summary>
    /// These columns with some renamed, from "yours=kit" pairs separated by commas, the kit names being those of
    /// data-samples/transactions.csv: <c>acct=customer_id,booked_at=timestamp</c>. An empty left side says the file has
    /// no such column: <c>=channel,=country</c>.
    /// </summary>
    public TransactionColumns Renaming(string pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var columns = this;
        foreach (var pair in pairs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
                throw new ArgumentException($"renameColumns: '{pair}' is not yours=kit (or =kit for a column the file does not have).", nameof(pairs));
            string yours = parts[0];
            columns = parts[1] switch
            {
                "timestamp" => columns with { Time = yours },
                "customer_id" => columns with { Account = yours },
                "amount" => columns with { Amount = yours },
                "direction" => columns with { Direction = yours },
                "channel" => columns with { Channel = yours },
                "merchant_category" => columns with { MerchantCategory = yours },
                "country" => columns with { Country = yours },
                "balance_after" => columns with { BalanceAfter = yours },
                "is_anomaly" => columns with { Incident = yours },
                "anomaly_type" => columns with { IncidentKind = yours },
                "transaction_id" => columns with { TransactionId = yours },
                _ => throw new ArgumentException(
                    $"renameColumns: '{pair}' names '{parts[1]}', which is not one of the kit's columns (timestamp, customer_id, amount, direction, channel, " +
                    "merchant_category, country, balance_after, is_anomaly, anomaly_type, transaction_id).", nameof(pairs)),
            };
        }
        return columns;
    }

    /// <summary>Where a number of <see cref="TimeFormat"/> units is counted from: midnight UTC, 1 January 2000.</summary>
    public static readonly DateTime CountedFrom = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Units = { "seconds", "minutes", "hours", "days" };

    /// <summary>Whether <see cref="Time"/> is a number of units rather than a date.</summary>
    internal bool TimeIsCounted => DaysPer(TimeFormat) is not null;

    /// <summary>How many days one unit of a counted time format is (seconds → 1/86,400); null when the format is a date format.</summary>
    internal static double? DaysPer(string format) => format.Trim().ToLowerInvariant() switch
    {
        "seconds" => 1.0 / 86_400,
        "minutes" => 1.0 / 1_440,
        "hours" => 1.0 / 24,
        "days" => 1.0,
        _ => null,
    };

    /// <summary>The facts the monitor does without, in plain words, for the stream's summary.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> FactsMissing =>
        new (string Column, string Fact)[]
        {
            (Direction, "direction (every transaction is money out)"), (Channel, "channel"), (MerchantCategory, "merchant category"),
            (Country, "country"), (BalanceAfter, "balance (share of balance moved)"),
        }.Where(p => p.Column.Trim().Length == 0).Select(p => p.Fact).ToArray();

    /// <summary>
    /// Finds each named column in <paramref name="header"/>; throws naming every column that is not there. With
    /// <paramref name="verdictsOptional"/> the verdict columns may be absent whatever their names: a batch to review
    /// has no verdicts yet.
    /// </summary>
    internal ColumnPositions Locate(IReadOnlyList<string> header, string where, bool verdictsOptional = false)
    {
        Validate();
        var missing = new List<string>();
        int Find(string name, bool optionalUnderDefault, string defaultName)
        {
            name = name.Trim();
            if (name.Length == 0) return -1;
            int at = -1;
            for (int i = 0; i < header.Count; i++)
                if (string.Equals(header[i].Trim(), name, StringComparison.Ordinal)) { at = i; break; }
            if (at < 0 && !(optionalUnderDefault && name == defaultName)) missing.Add(name);
            return at;
        }
        var d = Default;
        var positions = new ColumnPositions(
            Find(Time, false, d.Time), Find(Account, false, d.Account), Find(Amount, false, d.Amount),
            Find(Direction, false, d.Direction), Find(Channel, false, d.Channel), Find(MerchantCategory, false, d.MerchantCategory),
            Find(Country, false, d.Country), Find(BalanceAfter, false, d.BalanceAfter), Find(Incident, true, verdictsOptional ? Incident.Trim() : d.Incident),
            Find(IncidentKind, true, verdictsOptional ? IncidentKind.Trim() : d.IncidentKind), Find(TransactionId, true, d.TransactionId),
            DirectionFromSign: Direction.Trim().Length > 0 && Direction.Trim() == Amount.Trim());
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"{where}: the header lacks column(s) {string.Join(", ", missing)}; it has {string.Join(", ", header)}. " +
                "Name the columns that hold these facts (TransactionColumns, or the notebook's *Column parameters), " +
                "or leave a fact empty if the file has none.");
        return positions;
    }

    /// <summary>Throws naming the setting that cannot work (an empty required column, an unreadable time format, a value both out and in).</summary>
    internal void Validate()
    {
        foreach (var (value, name) in new[] { (Time, nameof(Time)), (Account, nameof(Account)), (Amount, nameof(Amount)) })
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"TransactionColumns.{name} must name a column: the monitor cannot work without it.", name);
        string format = TimeFormat.Trim();
        if (format.Length > 0 && !TimeIsCounted)
        {
            // A usable format writes and reads back at least the year and the month of a date.
            var probe = new DateTime(2013, 11, 27, 21, 45, 36, DateTimeKind.Utc);
            bool usable;
            try
            {
                usable = format.Contains('y') && format.Contains('M') &&
                    DateTime.TryParseExact(probe.ToString(format, CultureInfo.InvariantCulture), format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var back) &&
                    back.Year == probe.Year && back.Month == probe.Month;
            }
            catch (FormatException) { usable = false; }
            if (!usable)
                throw new ArgumentException($"TransactionColumns.TimeFormat '{TimeFormat}' is neither a date format with year and month (such as yyMMdd or dd/MM/yyyy HH:mm) nor one of {string.Join(", ", Units)}.", nameof(TimeFormat));
        }
        bool directionColumn = Direction.Trim().Length > 0 && Direction.Trim() != Amount.Trim();
        if (directionColumn && MoneyOut.Count == 0)
            throw new ArgumentException("TransactionColumns.MoneyOut must list the direction values that mean money out.", nameof(MoneyOut));
        var both = MoneyOut.Select(v => v.Trim()).Intersect(MoneyIn.Select(v => v.Trim()), StringComparer.OrdinalIgnoreCase).ToArray();
        if (both.Length > 0)
            throw new ArgumentException($"TransactionColumns: {string.Join(", ", both)} is listed both as money out and as money in.", nameof(MoneyIn));
    }
}

/// <summary>Where each fact is in a file's header; −1 when the file does not have it.</summary>
internal readonly record struct ColumnPositions(
    int Time, int Account, int Amount, int Direction, int Channel, int MerchantCategory, int Country, int BalanceAfter,
    int Incident, int IncidentKind, int TransactionId, bool DirectionFromSign);
