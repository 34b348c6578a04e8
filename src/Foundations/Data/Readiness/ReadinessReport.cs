using System.Text;

namespace Foundations.Data;

/// <summary>Whether a table is ready for a model: one traffic light per check, with evidence, what to do, and a plain-language summary.</summary>
public sealed class ReadinessReport
{
    internal ReadinessReport(string target, long rows, int features, string positiveLabel, IReadOnlyList<ReadinessCheck> checks, long? testRows = null)
    {
        Target = target;
        Rows = rows;
        Features = features;
        PositiveLabel = positiveLabel;
        TestRows = testRows;
        // Red first, then amber, then green, keeping the order of the checks within a light.
        Checks = checks.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Light).ThenBy(x => x.i).Select(x => x.c).ToList();
        Summary = Explain();
    }

    /// <summary>The label column the table is checked for.</summary>
    public string Target { get; }

    /// <summary>Rows checked (the train part when a test part was given).</summary>
    public long Rows { get; }

    /// <summary>Rows of the test part, when one was given.</summary>
    public long? TestRows { get; }

    /// <summary>Candidate feature columns (every column but the target and those left out).</summary>
    public int Features { get; }

    /// <summary>The label value treated as the event (1) in the checks that need one.</summary>
    public string PositiveLabel { get; }

    /// <summary>Every check, red first, then amber, then green.</summary>
    public IReadOnlyList<ReadinessCheck> Checks { get; }

    /// <summary>Checks that need action before training.</summary>
    public int Red => Checks.Count(c => c.Light == Light.Red);

    /// <summary>Checks worth a look before training.</summary>
    public int Amber => Checks.Count(c => c.Light == Light.Amber);

    /// <summary>The worst light of all checks.</summary>
    public Light Overall => Checks.Count == 0 ? Light.Green : Checks.Max(c => c.Light);

    /// <summary>A paragraph for a reader who does not build models.</summary>
    public string Summary { get; }

    /// <summary>The checks that concern column <paramref name="column"/>.</summary>
    public IReadOnlyList<ReadinessCheck> For(string column) => Checks.Where(c => c.Concerns(column)).ToList();

    /// <summary>The checks called <paramref name="name"/> (for example "Identifier-like column").</summary>
    public IReadOnlyList<ReadinessCheck> Named(string name) => Checks.Where(c => c.Name == name).ToList();

    /// <summary>Columns flagged as identifiers (row keys, names, references) rather than features.</summary>
    public IReadOnlyList<string> Identifiers => Named(Readiness.IdentifierCheck).SelectMany(c => c.Columns).Distinct().ToList();

    private string Explain()
    {
        var sb = new StringBuilder();
        sb.Append($"We checked {Rows:N0} rows{(TestRows is long t ? $" (and {t:N0} test rows)" : "")} and {Features} possible inputs for predicting '{Target}'. ");
        int red = Red, amber = Amber;
        if (red == 0 && amber == 0)
            sb.Append("Nothing stands in the way of training a model: every check is green.");
        else
        {
            if (red > 0)
            {
                sb.Append($"{red} {(red == 1 ? "problem needs" : "problems need")} fixing before a model can be trusted: ");
                sb.Append(string.Join("; ", Checks.Where(c => c.Light == Light.Red).Take(4).Select(Plain)));
                sb.Append(". ");
            }
            if (amber > 0)
                sb.Append($"{amber} {(amber == 1 ? "point is" : "points are")} worth a look but need not stop the work{(red == 0 ? "" : " once those are fixed")}: ")
                  .Append(string.Join("; ", Checks.Where(c => c.Light == Light.Amber).Take(4).Select(Plain)))
                  .Append(amber > 4 ? $"; and {amber - 4} more" : "")
                  .Append(". ");
            sb.Append(red > 0
                ? "A model trained before the red points are fixed may look excellent on paper and fail on real customers."
                : "A model can be trained; the amber points say where it could mislead.");
        }
        return sb.ToString().Trim();
    }

    private static string Plain(ReadinessCheck c) =>
        c.Columns.Count == 0 ? c.Name.ToLowerInvariant() : $"{c.Name.ToLowerInvariant()} ({string.Join(", ", c.Columns.Take(3))}{(c.Columns.Count > 3 ? ", ..." : "")})";


    internal static string AreaName(ReadinessArea area) => area switch
    {
        ReadinessArea.SizeAndShape => "Size and shape",
        ReadinessArea.TrainTest => "Train/test",
        _ => area.ToString(),
    };

    public override string ToString() =>
        $"Readiness of '{Target}': {Red} red, {Amber} amber, {Checks.Count - Red - Amber} green.{Environment.NewLine}{Summary}{Environment.NewLine}" +
        string.Join(Environment.NewLine, Checks.Where(c => c.Light != Light.Green).Select(c => c.ToString()));
}
