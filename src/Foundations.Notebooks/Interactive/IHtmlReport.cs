namespace Foundations.Interactive;

/// <summary>
/// A result of the kit that renders itself as rich HTML. The notebook formatters register one formatter for this
/// interface, so every result shows as HTML with no extra call. Implementations escape every value from data
/// (see <see cref="Html"/>) and mask identifier columns unless told otherwise.
/// </summary>
public interface IHtmlReport
{
    /// <summary>Self-contained HTML (no external scripts or styles) that renders this result.</summary>
    string ToHtml();
}
