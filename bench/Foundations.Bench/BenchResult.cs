using System.Text.Json.Serialization;

namespace Foundations.Bench;

/// <summary>
/// One line of results.json: our figure beside the peer's on the same input in the same run. Where the reference is
/// the machine's limit (peak matmul GFLOP/s), <see cref="Peer"/> holds that limit and the ratio is ours / limit.
/// </summary>
public sealed record BenchResult(
    [property: JsonPropertyName("benchmark")] string Benchmark,
    [property: JsonPropertyName("ours")] double Ours,
    [property: JsonPropertyName("peer")] double Peer,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("higherIsBetter")] bool HigherIsBetter,
    [property: JsonPropertyName("target")] double? Target,
    [property: JsonIgnore] string PeerName = "",
    [property: JsonIgnore] string Note = "")
{
    /// <summary>Ours relative to the peer, oriented so that above 1 is better than the peer.</summary>
    [JsonPropertyName("ratio")]
    public double Ratio => Peer == 0 ? double.NaN : HigherIsBetter ? Ours / Peer : Peer / Ours;

    /// <summary>Whether the ratio reaches the target (no target: always true).</summary>
    [JsonIgnore]
    public bool MeetsTarget => Target is null || Ratio >= Target;
}
