namespace Foundations.Interactive;

/// <summary>Display settings for notebooks and reports.</summary>
public static class NotebookDisplay
{
    /// <summary>Rows of a DataFrame shown in a notebook.</summary>
    public static int RowsShown { get; set; } = 10;

    /// <summary>
    /// Identifier columns (customer id, account number, name) are masked in rendered output unless this is set.
    /// Set it only where the reader may see personal data.
    /// </summary>
    public static bool ShowIdentifiers { get; set; }

    private static readonly HashSet<string> Marked = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Marks further columns as identifiers to mask.</summary>
    public static void MarkIdentifiers(params string[] columns)
    {
        lock (Marked) foreach (var c in columns) Marked.Add(c);
    }

    /// <summary>Whether a column of this name holds identifiers: id, *_id, account number, iban, name, email, phone, or marked.</summary>
    public static bool IsIdentifier(string column)
    {
        lock (Marked) if (Marked.Contains(column)) return true;
        var c = column.Trim().ToLowerInvariant();
        return c is "id" or "name" or "full_name" or "first_name" or "last_name" or "email" or "phone" or "iban" or "account_number" or "account_no"
               || c.EndsWith("_id", StringComparison.Ordinal) || c.EndsWith("_name", StringComparison.Ordinal) && c != "segment_name"
               || c.Contains("account_number", StringComparison.Ordinal);
    }

    /// <summary>An identifier value as rendered output shows it: masked unless <see cref="ShowIdentifiers"/> is set.</summary>
    public static string Identifier(string? value) => ShowIdentifiers ? value ?? "" : Mask(value);

    /// <summary>A masked form of an identifier value: its first character and a fixed-width mask.</summary>
    public static string Mask(string? value) => string.IsNullOrEmpty(value) ? "" : value[..1] + "•••••";
}
