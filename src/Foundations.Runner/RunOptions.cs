namespace Foundations.Runner;

/// <summary>What `foundations run` was asked to do.</summary>
public sealed record RunOptions
{
    public required IReadOnlyList<string> Notebooks { get; init; }
    public string OutputFolder { get; init; } = "reports";
    /// <summary>Parameters injected after the cell tagged "parameters" (papermill's convention).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>The reviewer version: code cells hidden in the HTML report.</summary>
    public bool NoInput { get; init; }
    public bool ContinueOnError { get; init; }
    /// <summary>Limit for one cell; null means none.</summary>
    public TimeSpan? CellTimeout { get; init; }
}

/// <summary>How one cell went.</summary>
public sealed record CellRecord(int Index, string Kind, string Status, double Seconds, string? Error);

/// <summary>Everything <c>&lt;notebook&gt;.run.json</c> holds about one run.</summary>
public sealed record RunRecord
{
    public required string Notebook { get; init; }
    public required string Status { get; init; } // succeeded, failed
    public string? FailedCell { get; init; }
    public string? Error { get; init; }
    public Dictionary<string, string> Parameters { get; init; } = new();
    public Dictionary<string, double?> Metrics { get; init; } = new();
    public List<string> Artifacts { get; init; } = new();
    public string? Seed { get; init; }
    public DateTime Start { get; init; }
    public DateTime End { get; init; }
    public double Seconds { get; init; }
    public double KernelStartSeconds { get; init; }
    public List<CellRecord> Cells { get; init; } = new();
    public Dictionary<string, string> Packages { get; init; } = new();
    public string? GitCommit { get; init; }
    public string Machine { get; init; } = "";
    public string Report { get; init; } = "";
    public string ExecutedNotebook { get; init; } = "";
}
