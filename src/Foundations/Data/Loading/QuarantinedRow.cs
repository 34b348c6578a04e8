namespace Foundations.Data;

/// <summary>A row set aside by <see cref="BadRows.Quarantine"/>: where it starts, why, and its text as it was in the file.</summary>
/// <param name="Line">The 1-based line of the file where the row starts.</param>
/// <param name="Reason">The reason category, such as "ragged row" or "wrong type" (the keys of <see cref="LoadReport.ReasonCounts"/>).</param>
/// <param name="Detail">The full explanation, naming the column and value at fault.</param>
/// <param name="RawText">The row exactly as in the file, without its line break.</param>
/// <param name="Column">The column at fault, when one is.</param>
/// <param name="Value">The value at fault, when one is.</param>
public sealed record QuarantinedRow(long Line, string Reason, string Detail, string RawText, string? Column = null, string? Value = null);
