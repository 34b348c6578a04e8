using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>How many rows had one value of the outcome column (null: no value recorded).</summary>
public sealed record OutcomeCount(string? Value, long Rows);

/// <summary>
/// The rows whose outcome is known, and every other row counted by its value. Only a known yes or no can teach or test
/// a model: in a loan book, a loan still running ("Current") or a value nobody recorded is neither, and credit teams set
/// such "indeterminate" rows aside rather than calling them good. Build it with
/// <see cref="Of(DataFrame, string, string?, string[])"/>; it never changes the frame it was given.
/// </summary>
public sealed class KnownOutcomes
{
    private KnownOutcomes(DataFrame rows, string target, IReadOnlyList<string> positiveLabels, IReadOnlyList<string> negativeLabels,
        IReadOnlyList<OutcomeCount> kept, IReadOnlyList<OutcomeCount> setAside, long rowsRead)
    {
        Rows = rows;
        Target = target;
        PositiveLabels = positiveLabels;
        NegativeLabels = negativeLabels;
        Kept = kept;
        SetAside = setAside;
        RowsRead = rowsRead;
    }

    /// <summary>The rows with a known outcome, in their original order, with every column.</summary>
    public DataFrame Rows { get; }
    /// <summary>The outcome column.</summary>
    public string Target { get; }
    /// <summary>
    /// The value that means "it happened" as <see cref="Rows"/> write it: the first of <see cref="PositiveLabels"/> (null:
    /// the column is already 0/1 or true/false). Pass it on to the models.
    /// </summary>
    public string? PositiveLabel => PositiveLabels.Count > 0 ? PositiveLabels[0] : null;
    /// <summary>
    /// Every value that means "it happened" (a loan book's "Chargedoff" and "Defaulted"); when several are named,
    /// <see cref="Rows"/> writes each of them as the first, so a model sees two outcomes. Empty for a 0/1 or true/false column.
    /// </summary>
    public IReadOnlyList<string> PositiveLabels { get; }
    /// <summary>
    /// The values that mean "it did not happen"; empty: every value but the positive one. When several are named, <see cref="Rows"/>
    /// writes each of them as the first, so a model sees two outcomes.
    /// </summary>
    public IReadOnlyList<string> NegativeLabels { get; }
    /// <summary>Rows kept, per outcome value.</summary>
    public IReadOnlyList<OutcomeCount> Kept { get; }
    /// <summary>Rows set aside, per value (null: no value recorded), most first.</summary>
    public IReadOnlyList<OutcomeCount> SetAside { get; }
    /// <summary>Rows in the frame given; <c>RowsRead = RowsKept + RowsSetAside</c>.</summary>
    public long RowsRead { get; }
    public long RowsKept => Kept.Sum(k => k.Rows);
    public long RowsSetAside => SetAside.Sum(s => s.Rows);

    /// <summary>
    /// Keeps the rows of <paramref name="frame"/> whose <paramref name="target"/> has a value and, when
    /// <paramref name="negativeLabels"/> are named, only those equal to <paramref name="positiveLabel"/> or to one of them
    /// (a loan book: positive "Charged Off", negative "Fully Paid"; "Current" and "Late" set aside). Values are compared
    /// as written (numbers in invariant form). A label that never occurs is refused, naming the values that do.
    /// </summary>
    public static KnownOutcomes Of(DataFrame frame, string target, string? positiveLabel = null, params string[] negativeLabels) =>
        Of(frame, target, string.IsNullOrWhiteSpace(positiveLabel) ? Array.Empty<string>() : new[] { positiveLabel }, negativeLabels ?? Array.Empty<string>());

    /// <summary>
    /// As <see cref="Of(DataFrame, string, string?, string[])"/>, with several values that mean "it happened" (a loan book's
    /// "Chargedoff" and "Defaulted"; a bank's "Default" and "Written off"): they are one outcome to a model, written as the
    /// first in the rows kept. With no <paramref name="negativeLabels"/>, the one other value means no; a column holding
    /// several others (a credit score's "Good" and "Standard" beside "Poor", a loan book's "Current") must name them.
    /// </summary>
    public static KnownOutcomes Of(DataFrame frame, string target, IReadOnlyList<string> positiveLabels, IReadOnlyList<string> negativeLabels) =>
        Of(frame, target, positiveLabels, negativeLabels, forModels: true);

    private static KnownOutcomes Of(DataFrame frame, string target, IReadOnlyList<string> positiveLabels, IReadOnlyList<string> negativeLabels, bool forModels)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(positiveLabels);
        ArgumentNullException.ThrowIfNull(negativeLabels);
        if (frame.Columns.IndexOf(target) < 0)
            throw new ArgumentException($"Target '{target}' is not a column (columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}).", nameof(target));
        var positives = positiveLabels.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal).ToArray();
        var negatives = negativeLabels.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToArray();
        string? positiveLabel = positives.FirstOrDefault();
        if (negatives.Length > 0 && positiveLabel is null)
            throw new ArgumentException("negativeLabels need positiveLabel: name the value that means \"it happened\" as well.", nameof(positiveLabels));
        if (positives.Intersect(negatives, StringComparer.Ordinal).FirstOrDefault() is { } both)
            throw new ArgumentException($"'{both}' is named both as positiveLabel and in negativeLabels.", nameof(negativeLabels));

        var column = frame.Columns[target];
        int n = checked((int)frame.Rows.Count);
        var values = new string?[n];
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        for (int r = 0; r < n; r++)
        {
            values[r] = ValueAt(column, r);
            if (values[r] is { } v) counts[v] = counts.GetValueOrDefault(v) + 1;
            else missing++;
        }
        // A file may write its values with a space after each comma (' Approved', ' Rejected'): invisible in a message, and
        // trimmed from a notebook's parameters. A label that matches exactly one value but for surrounding spaces names it.
        string Resolve(string label) => counts.ContainsKey(label) ? label
            : counts.Keys.Where(k => k.Trim() == label.Trim()).Take(2).ToList() is [var only] ? only : label;
        positives = positives.Select(Resolve).Distinct(StringComparer.Ordinal).ToArray();
        negatives = negatives.Select(Resolve).Distinct(StringComparer.Ordinal).ToArray();
        positiveLabel = positives.FirstOrDefault();
        string seen = string.Join(", ", counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(12).Select(kv => $"'{kv.Key}'"));
        // A text outcome ("Yes"/"No", "Attrited Customer") does not say which value is the event; a model would stop on it
        // at training, minutes later. Ask now, suggesting the rarer value (events usually are).
        if (positiveLabel is null && counts.Count > 0 && !ColumnTypes.IsNumeric(column) && column.DataType != typeof(bool))
        {
            string rarest = counts.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
            string withCounts = string.Join(", ", counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(12)
                .Select(kv => string.Create(CultureInfo.InvariantCulture, $"'{kv.Key}' {kv.Value:N0}")));
            throw new ArgumentException($"'{target}' holds text ({withCounts}): pass positiveLabel to say which value means the event happened (for example positiveLabel: \"{rarest}\"), and negativeLabels for the values that mean it did not when others, such as a loan still running, should be set aside.", nameof(positiveLabel));
        }
        foreach (var positive in positives)
            if (!counts.ContainsKey(positive))
                throw new ArgumentException($"positiveLabel '{positive}' never occurs in '{target}' (values: {seen}).", nameof(positiveLabels));
        foreach (var negative in negatives)
            if (!counts.ContainsKey(negative))
                throw new ArgumentException($"negativeLabels: '{negative}' never occurs in '{target}' (values: {seen}).", nameof(negativeLabels));

        // A model learns yes against no: with several other values and none named, say so now, not at training minutes later.
        var others = counts.Where(kv => !positives.Contains(kv.Key, StringComparer.Ordinal)).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        if (forModels && positiveLabel is not null && negatives.Length == 0 && others.Count > 1)
        {
            string listed = string.Join(", ", others.Take(12).Select(kv => string.Create(CultureInfo.InvariantCulture, $"'{kv.Key}' {kv.Value:N0}")));
            string example = string.Join(",", others.Take(3).Select(kv => kv.Key));
            string argument = example.Any(char.IsWhiteSpace) || example.IndexOfAny("()&;|<>'\"".ToCharArray()) >= 0 ? $"\"negativeLabels={example}\"" : $"negativeLabels={example}";
            throw new ArgumentException($"'{target}' holds {others.Count} values besides {string.Join(" and ", positives.Select(p => $"'{p}'"))} ({listed}): a model learns yes against no, so name the values that mean it did not happen in negativeLabels (for example negativeLabels: \"{example}\"; foundations run: -p {argument}). Rows with any other value, such as a loan still running, are then set aside and counted.", nameof(negativeLabels));
        }

        bool Known(string? v) => v is not null && (negatives.Length == 0 || positives.Contains(v, StringComparer.Ordinal) || negatives.Contains(v, StringComparer.Ordinal));
        var indices = Enumerable.Range(0, n).Where(r => Known(values[r])).ToList();
        var rows = indices.Count == n ? frame : FrameOps.Take(frame, indices);
        if (positives.Length > 1) rows = WithValuesAsFirst(rows, target, positives);
        if (negatives.Length > 1) rows = WithValuesAsFirst(rows, target, negatives);

        var ordered = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var kept = ordered.Where(kv => Known(kv.Key)).Select(kv => new OutcomeCount(kv.Key, kv.Value)).ToList();
        var setAside = ordered.Where(kv => !Known(kv.Key)).Select(kv => new OutcomeCount(kv.Key, kv.Value)).ToList();
        if (missing > 0) setAside.Add(new OutcomeCount(null, missing));
        if (kept.Count == 0)
            throw new ArgumentException($"No row of '{target}' has a known outcome ({n:N0} rows; values: {(seen.Length == 0 ? "none" : seen)}).", nameof(target));
        return new KnownOutcomes(rows, target, positives, negatives, kept, setAside, n);
    }

    /// <summary>
    /// Every row of <paramref name="frame"/>, with <paramref name="target"/> as 1 (the <paramref name="positiveLabel"/>),
    /// 0 (one of <paramref name="negativeLabels"/>, or any other value when none are named) and NaN (no value, or a value
    /// that is no outcome yet): for views that keep every customer but count rates of a text outcome, such as segments.
    /// </summary>
    public static DataFrame AsFlags(DataFrame frame, string target, string positiveLabel, params string[] negativeLabels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(positiveLabel);
        return AsFlags(frame, target, new[] { positiveLabel }, negativeLabels ?? Array.Empty<string>());
    }

    /// <summary>As <see cref="AsFlags(DataFrame, string, string, string[])"/>, with several values that mean "it happened".</summary>
    public static DataFrame AsFlags(DataFrame frame, string target, IReadOnlyList<string> positiveLabels, IReadOnlyList<string> negativeLabels)
    {
        var known = Of(frame, target, positiveLabels, negativeLabels, forModels: false);   // the same checks and messages; every other value is a no
        if (known.PositiveLabels.Count == 0) throw new ArgumentException("AsFlags needs positiveLabel: the value that means \"it happened\".", nameof(positiveLabels));
        var column = frame.Columns[target];
        var flags = new double[column.Length];
        for (int r = 0; r < flags.Length; r++)
            flags[r] = ValueAt(column, r) is not { } v ? double.NaN
                : known.PositiveLabels.Contains(v) ? 1
                : known.NegativeLabels.Count == 0 || known.NegativeLabels.Contains(v) ? 0
                : double.NaN;
        var result = frame.Clone();
        result.Columns[result.Columns.IndexOf(target)] = new DoubleDataFrameColumn(target, flags);
        return result;
    }

    /// <summary>
    /// Several values for one outcome (a mortgage "originated" and "approved, not accepted"; a loan "charged off" and
    /// "defaulted") are one outcome to a model, which learns yes against no: they are written as the first named, in a
    /// copy of the outcome column (other columns are shared).
    /// </summary>
    private static DataFrame WithValuesAsFirst(DataFrame rows, string target, string[] values)
    {
        var column = rows.Columns[target].Clone();
        object? first = null;
        for (long r = 0; r < column.Length && first is null; r++)
            if (ValueAt(column, r) == values[0]) first = column[r];
        for (long r = 0; r < column.Length; r++)
            if (ValueAt(column, r) is { } v && v != values[0] && values.Contains(v, StringComparer.Ordinal))
                column[r] = first;
        return new DataFrame(rows.Columns.Select(c => c.Name == target ? column : c));
    }

    private static string? ValueAt(DataFrameColumn column, long r) => column[r] switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s,
        double d when double.IsNaN(d) => null,
        float f when float.IsNaN(f) => null,
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    /// <summary>One sentence: rows kept and set aside, by value.</summary>
    public override string ToString()
    {
        static string Name(string? v) => v is null ? "no value" : $"'{v}'";
        string kept = string.Join(", ", Kept.Select(k => $"{Name(k.Value)} {k.Rows:N0}"));
        string text = string.Format(CultureInfo.InvariantCulture, "Outcome '{0}': {1:N0} of {2:N0} rows have a known outcome ({3})", Target, RowsKept, RowsRead, kept);
        if (PositiveLabels.Count > 1)
            text += string.Format(CultureInfo.InvariantCulture, "; {0} all mean yes and are written '{1}' in the rows kept", string.Join(", ", PositiveLabels.Select(v => $"'{v}'")), PositiveLabels[0]);
        if (NegativeLabels.Count > 1)
            text += string.Format(CultureInfo.InvariantCulture, "; {0} all mean no and are written '{1}' in the rows kept", string.Join(", ", NegativeLabels.Select(v => $"'{v}'")), NegativeLabels[0]);
        return RowsSetAside == 0
            ? text + "; none set aside."
            : text + string.Format(CultureInfo.InvariantCulture, "; {0:N0} set aside, neither yes nor no: {1}.", RowsSetAside, string.Join(", ", SetAside.Select(s => $"{Name(s.Value)} {s.Rows:N0}")));
    }
}
