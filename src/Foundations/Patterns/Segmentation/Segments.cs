namespace Foundations.Patterns;

/// <summary>How many segments to find: a fixed number, or the best by silhouette among the stable k of a range.</summary>
public sealed record SegmentCount
{
    private SegmentCount(int smallest, int largest, bool automatic, int fixedK = 0)
    {
        Smallest = smallest;
        Largest = largest;
        Automatic = automatic;
        Fixed = fixedK;
    }

    /// <summary>The smallest k tried.</summary>
    public int Smallest { get; }
    /// <summary>The largest k tried (inclusive).</summary>
    public int Largest { get; }
    /// <summary>Whether k is chosen by silhouette and stability (true) or fixed (false).</summary>
    public bool Automatic { get; }

    /// <summary>The fixed k (0 when chosen automatically).</summary>
    public int Fixed { get; }

    /// <summary>Every k that will be clustered and scored (a fixed k, plus any range asked for to draw the curve).</summary>
    public IEnumerable<int> Candidates => Enumerable.Range(Smallest, Largest - Smallest + 1).Union(Fixed > 0 ? new[] { Fixed } : Array.Empty<int>()).OrderBy(k => k);

    /// <summary>
    /// Keeps this fixed k but also clusters and scores every k in <paramref name="range"/> (both ends included), so the
    /// silhouette and elbow curves show how the choice compares; those other k are clustered with at most 3 restarts.
    /// </summary>
    public SegmentCount WithCurve(Range range)
    {
        if (Automatic) throw new InvalidOperationException("Segments.Auto already scores every k in its range; WithCurve is for a fixed k.");
        var curve = Segments.Auto(range);
        return new SegmentCount(curve.Smallest, curve.Largest, false, Fixed);
    }

    internal static SegmentCount Range(int smallest, int largest)
    {
        if (smallest < 2) throw new ArgumentOutOfRangeException("k", smallest, "Segments.Auto needs at least 2 segments at the low end (silhouette is undefined for one).");
        if (largest < smallest) throw new ArgumentOutOfRangeException("k", largest, $"Segments.Auto's range ends ({largest}) before it starts ({smallest}).");
        return new SegmentCount(smallest, largest, true);
    }

    internal static SegmentCount Given(int k)
    {
        if (k < 2) throw new ArgumentOutOfRangeException("k", k, "k must be at least 2 segments (use Segments.Auto to choose it).");
        return new SegmentCount(k, k, false, k);
    }

    public override string ToString() => Automatic ? $"chosen among {Smallest}–{Largest} by silhouette and stability" : $"{Fixed} (fixed)";
}

/// <summary>Choices for the number of segments: <c>Segments.Auto(2..10)</c> or <c>Segments.Exactly(5)</c>.</summary>
public static class Segments
{
    /// <summary>
    /// Tries every k in the range, both ends included (2..10 tries 2 through 10), and keeps the best silhouette among
    /// the k whose segments come back in resamples (<see cref="SegmentStability.Choose"/>).
    /// </summary>
    public static SegmentCount Auto(Range range)
    {
        if (range.Start.IsFromEnd || range.End.IsFromEnd)
            throw new ArgumentOutOfRangeException(nameof(range), range, "Give k as plain numbers, for example Segments.Auto(2..10).");
        return SegmentCount.Range(range.Start.Value, range.End.Value);
    }

    /// <summary>Tries every k from 2 to 10 and keeps the best silhouette among the stable ones.</summary>
    public static SegmentCount Auto() => SegmentCount.Range(2, 10);

    /// <summary>Exactly <paramref name="k"/> segments.</summary>
    public static SegmentCount Exactly(int k) => SegmentCount.Given(k);

    /// <summary>
    /// The notebooks' parameter: chosen automatically among 2–10 (silhouette and stability) when <paramref name="k"/> is 0, else exactly
    /// <paramref name="k"/> segments with the curves for 2–10 drawn beside it.
    /// </summary>
    public static SegmentCount ExactlyOrAuto(int k) => k == 0 ? Auto() : Exactly(k).WithCurve(2..Math.Max(10, k));
}
