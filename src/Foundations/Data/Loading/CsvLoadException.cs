namespace Foundations.Data;

/// <summary>A CSV file could not be loaded: the message names the file, the line, the column and the value at fault.</summary>
public sealed class CsvLoadException : FormatException
{
    public CsvLoadException(string message, string file, long line = 0, string? column = null, string? value = null, string? reason = null, Exception? inner = null)
        : base(message, inner)
    {
        File = file;
        Line = line;
        Column = column;
        Value = value;
        Reason = reason ?? message;
    }

    /// <summary>The file (or source name) being loaded.</summary>
    public string File { get; }

    /// <summary>The 1-based line where the bad row starts; 0 when the problem is not tied to a row.</summary>
    public long Line { get; }

    /// <summary>The column at fault, when one is.</summary>
    public string? Column { get; }

    /// <summary>The value at fault, when one is.</summary>
    public string? Value { get; }

    /// <summary>The reason category (as counted in <see cref="LoadReport.ReasonCounts"/>).</summary>
    public string Reason { get; }
}
