using Foundations.Charts;
using Foundations.Interactive;
using Foundations.Patterns;
using Microsoft.Data.Analysis;
using System.Globalization;
using System.Text;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="DaySplit"/>.</summary>
internal static class DaySplitHtml
{
    public static string Render(DaySplit v) => Html.Escape(string.Create(CultureInfo.InvariantCulture,
        $"{v.Training.Count} training days ({v.Training[0]:yyyy-MM-dd} to {v.Training[^1]:yyyy-MM-dd}), {v.HeldOut.Count} held-out days ({v.HeldOut[0]:yyyy-MM-dd} to {v.HeldOut[^1]:yyyy-MM-dd})"));
}
