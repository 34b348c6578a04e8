using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Interactive;

/// <summary>Display settings for notebooks and reports; the identifier rules themselves are the core's <see cref="Disclosure"/>.</summary>
public static class NotebookDisplay
{
    /// <summary>Rows of a DataFrame shown in a notebook.</summary>
    public static int RowsShown { get; set; } = 10;

    /// <summary>
    /// Identifier columns (customer id, account number, name) are masked in rendered output unless this is set.
    /// Set it only where the reader may see personal data.
    /// </summary>
    public static bool ShowIdentifiers { get => Disclosure.ShowIdentifiers; set => Disclosure.ShowIdentifiers = value; }

    /// <summary>Marks further columns as identifiers to mask.</summary>
    public static void MarkIdentifiers(params string[] columns) => Disclosure.MarkIdentifiers(columns);

    /// <summary>Whether a column of this name holds identifiers or other personal data, or was marked.</summary>
    public static bool IsIdentifier(string column) => Disclosure.IsIdentifier(column);

    /// <summary>Whether a column holds identifiers or other personal data, by its name, by its values, or because it was marked.</summary>
    public static bool IsIdentifier(DataFrameColumn column) => Disclosure.IsIdentifier(column);

    /// <summary>Whether rendered output must mask <paramref name="column"/>.</summary>
    public static bool Masks(DataFrameColumn column) => Disclosure.Masks(column);

    /// <summary>Free text as rendered output shows it: personal-looking values inside it masked unless identifiers are shown.</summary>
    public static string Text(string? text) => Disclosure.Text(text);

    /// <summary>An identifier value as rendered output shows it: masked unless identifiers are shown.</summary>
    public static string Identifier(string? value) => Disclosure.Identifier(value);

    /// <summary>A masked form of an identifier value: its first character and a fixed-width mask.</summary>
    public static string Mask(string? value) => Disclosure.Mask(value);
}
