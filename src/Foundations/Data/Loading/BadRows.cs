namespace Foundations.Data;

/// <summary>What the loader does with a row it cannot read as the columns say.</summary>
public enum BadRows
{
    /// <summary>Stop at the first bad row with an error naming the file, line, column and value (the default).</summary>
    Fail,
    /// <summary>Set bad rows aside with their line and reason (see <see cref="LoadReport.Quarantined"/>) and load the rest.</summary>
    Quarantine,
}
