using System.Net;

namespace Foundations.Interactive;

/// <summary>Small HTML building blocks shared by every formatter; all text from data goes through <see cref="Escape"/>.</summary>
public static class Html
{
    /// <summary>HTML-escapes text from data (a customer called &lt;script&gt; shows as text).</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
