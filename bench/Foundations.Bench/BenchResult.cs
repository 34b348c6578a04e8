using System.Text.Json.Serialization;

namespace Foundations.Bench;

/// <summary>
/// One line of results.json: our figure beside the peer's on the same input in the same run. Where the reference is
/// the machine's limit (peak matmul GFLOP/s), <see cref="Peer"/> holds that limit and the ratio is ours / limit.
/// </summary>
public sealed record BenchResult(
    [property: JsonPropertyName("benchmark")] string Benchmark,
    [property: JsonPropertyName("ours")] double Ours,
    [property: JsonIgnore] double Peer,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("higherIsBetter")] bool HigherIsBetter,
    [property: JsonPropertyName("target")] double? Target,
    [property: JsonIgnore] string PeerName = "",
    [property: JsonIgnore] string Note = "")
{
    /// <summary>Why the peer has no figure (it failed on this input); then <see cref="Peer"/> and the ratio are NaN (null in results.json).</summary>
    [JsonPropertyName("peerError")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PeerError { get; init; }

    /// <summary>A row for an input the peer could not handle: our figure, and the peer's error instead of a number.</summary>
    public static BenchResult PeerFailed(string benchmark, double ours, string unit, bool higherIsBetter, string peerName, string error, string note = "") =>
        new(benchmark, ours, double.NaN, unit, higherIsBetter, null, peerName, note) { PeerError = error };

    /// <summary>The peer's figure as written to results.json: null when the peer failed.</summary>
    [JsonPropertyName("peer")]
    public double? PeerFigure => double.IsNaN(Peer) ? null : Peer;

    /// <summary>The ratio as written to results.json: null when the peer failed.</summary>
    [JsonPropertyName("ratio")]
    public double? RatioFigure => double.IsNaN(Ratio) ? null : Ratio;

    /// <summary>Ours relative to the peer, oriented so that above 1 is better than the peer.</summary>
    [JsonIgnore]
    public double Ratio => Peer == 0 ? double.NaN : HigherIsBetter ? Ours / Peer : Peer / Ours;

    /// <summary>Whether the ratio reaches the target (no target: always true).</summary>
    [JsonIgnore]
    public bool MeetsTarget => PeerError is null && (Target is null || Ratio >= Target);
}
