namespace Foundations.Patterns.Segmentation;

/// <summary>How many segments to find: a fixed number, or the best by silhouette over a range.</summary>
public sealed record SegmentCount
{
    private SegmentCount(int smallest, int largest, bool automatic)
    {
        Smallest = smallest;
        Largest = largest;
        Automatic = automatic;
    }

    /// <summary>The smallest k tried.</summary>
    public int Smallest { get; }
    /// <summary>The largest k tried (inclusive).</summary>
    public int Largest { get; }
    /// <summary>Whether k is chosen by silhouette (true) or fixed (false).</summary>
    public bool Automatic { get; }

    /// <summary>Every k that will be tried.</summary>
    public IEnumerable<int> Candidates => Enumerable.Range(Smallest, Largest - Smallest + 1);

    internal static SegmentCount Range(int smallest, int largest)
    {
        if (smallest < 2) throw new ArgumentOutOfRangeException("k", smallest, "Segments.Auto needs at least 2 segments at the low end (silhouette is undefined for one).");
        if (largest < smallest) throw new ArgumentOutOfRangeException("k", largest, $"Segments.Auto's range ends ({largest}) before it starts ({smallest}).");
        return new SegmentCount(smallest, largest, true);
    }

    internal static SegmentCount Fixed(int k)
    {
        if (k < 2) throw new ArgumentOutOfRangeException("k", k, "k must be at least 2 segments (use Segments.Auto to choose it).");
        return new SegmentCount(k, k, false);
    }

    public override string ToString() => Automatic ? $"chosen by silhouette among {Smallest}–{Largest}" : $"{Smallest} (fixed)";
}

/// <summary>Choices for the number of segments: <c>Segments.Auto(2..10)</c> or <c>Segments.Exactly(5)</c>.</summary>
public static class Segments
{
    /// <summary>Tries every k in the range, both ends included (2..10 tries 2 through 10), and keeps the best silhouette.</summary>
    public static SegmentCount Auto(Range range)
    {
        if (range.Start.IsFromEnd || range.End.IsFromEnd)
            throw new ArgumentOutOfRangeException(nameof(range), range, "Give k as plain numbers, for example Segments.Auto(2..10).");
        return SegmentCount.Range(range.Start.Value, range.End.Value);
    }

    /// <summary>Tries every k from 2 to 10 and keeps the best silhouette.</summary>
    public static SegmentCount Auto() => SegmentCount.Range(2, 10);

    /// <summary>Exactly <paramref name="k"/> segments.</summary>
    public static SegmentCount Exactly(int k) => SegmentCount.Fixed(k);

    /// <summary>Exactly <paramref name="k"/> segments, or chosen automatically among 2–10 when <paramref name="k"/> is 0 (the notebooks' parameter).</summary>
    public static SegmentCount ExactlyOrAuto(int k) => k == 0 ? Auto() : Exactly(k);
}
