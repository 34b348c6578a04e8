using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// The kit's rule for personal data in anything it shows or writes for a reader: identifier columns (customer id,
/// account number, name, anything marked) are masked unless <see cref="ShowIdentifiers"/> is set. Data policy, so the
/// core applies it (load reports, profiles, recipes, monitoring references); the notebook layer renders with it.
/// </summary>
public static class Disclosure
{
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

    /// <summary>Whether a column of this name holds identifiers or other personal data (see <see cref="PersonalData.IsPersonalName"/>), or was marked.</summary>
    public static bool IsIdentifier(string column)
    {
        lock (Marked) if (Marked.Contains(column)) return true;
        return PersonalData.IsPersonalName(column);
    }

    /// <summary>Whether a column holds identifiers or other personal data, by its name, by its values, or because it was marked.</summary>
    public static bool IsIdentifier(DataFrameColumn column)
    {
        lock (Marked) if (Marked.Contains(column.Name)) return true;
        return PersonalData.IsPersonal(column);
    }

    /// <summary>Whether rendered output must mask <paramref name="column"/>: it holds personal data and <see cref="ShowIdentifiers"/> is off.</summary>
    public static bool Masks(DataFrameColumn column) => !ShowIdentifiers && IsIdentifier(column);

    /// <summary>Free text as rendered output shows it: personal-looking values inside it masked unless <see cref="ShowIdentifiers"/> is set.</summary>
    public static string Text(string? text) => ShowIdentifiers ? text ?? "" : PersonalData.MaskWithin(text ?? "");

    /// <summary>An identifier value as rendered output shows it: masked unless <see cref="ShowIdentifiers"/> is set.</summary>
    public static string Identifier(string? value) => ShowIdentifiers ? value ?? "" : Mask(value);

    /// <summary>A masked form of an identifier value: its first character and a fixed-width mask.</summary>
    public static string Mask(string? value) => string.IsNullOrEmpty(value) ? "" : value[..1] + "•••••";
}
