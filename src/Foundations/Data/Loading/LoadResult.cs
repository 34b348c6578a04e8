using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>A loaded frame with its <see cref="LoadReport"/>; deconstructs as <c>var (frame, report) = Csv.Load(...)</c>.</summary>
public sealed class LoadResult
{
    internal LoadResult(DataFrame frame, LoadReport report)
    {
        Frame = frame;
        Report = report;
    }

    /// <summary>The typed frame (bad rows left out only under <see cref="BadRows.Quarantine"/>, and counted in the report).</summary>
    public DataFrame Frame { get; }

    /// <summary>What happened while loading.</summary>
    public LoadReport Report { get; }

    /// <summary>Deconstructs into the frame and the report.</summary>
    public void Deconstruct(out DataFrame frame, out LoadReport report)
    {
        frame = Frame;
        report = Report;
    }


    public override string ToString() => Report.ToString();
}
