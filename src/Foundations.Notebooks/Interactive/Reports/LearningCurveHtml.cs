using System.Globalization;
using Foundations.Charts;
using Foundations.Patterns;

namespace Foundations.Interactive;

/// <summary>The learning curve as HTML: a table of mean AUC with its interval per size and start, and the plain-words lines.</summary>
internal static class LearningCurveHtml
{
    public static string Render(LearningCurve curve)
    {
        var c = CultureInfo.InvariantCulture;
        var starts = curve.Starts;
        var headers = new[] { "labelled customers" }.Concat(starts.Select(LearningCurveChart.Name)).ToArray();
        var rows = curve.Sizes.Select(n => new object?[] { n == curve.PoolRows ? $"{n.ToString("#,0", c)} (all)" : n.ToString("#,0", c) }
            .Concat(starts.Select(s => (object?)Cell(curve[n, s], c))));
        string caption = string.Create(c, $"Test AUC for {curve.Target} on the same {curve.TestRows:N0} customers ({curve.TestEvents:N0} events): mean of {curve.Seeds} seed(s), " +
            $"95% interval mean ± t·s/√seeds in brackets. The encoder learned from the {curve.PoolRows:N0} pool customers without their labels.");
        return Html.Table(headers, rows, caption)
             + "<ul>" + string.Concat(curve.InWords().Select(line => $"<li>{Html.Escape(line)}</li>")) + "</ul>";
    }

    private static string Cell(CurvePoint p, CultureInfo c) =>
        p.Aucs.Count > 1 ? $"{p.Mean.ToString("0.000", c)} [{p.Low.ToString("0.000", c)}–{p.High.ToString("0.000", c)}]" : p.Mean.ToString("0.000", c);
}
