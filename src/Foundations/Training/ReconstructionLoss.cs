using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>
/// The reconstruction loss the kit's customer autoencoders share (segmentation's and the reuse encoder): squared error
/// for numbers and cross-entropy for each category, each weighted per value (1 = scored, 0 = not; masked training
/// scores only the hidden values) and averaged per input column, so a wide category counts as much as a number.
/// </summary>
internal static class ReconstructionLoss
{
    /// <summary>
    /// The loss of <paramref name="output"/> (numbers first, then each category's logits, <paramref name="cardinalities"/>
    /// wide) against <paramref name="numeric"/> and <paramref name="codes"/>.
    /// </summary>
    public static Tensor Of(Tensor output, Tensor numeric, Tensor codes, Tensor numericWeight, Tensor codeWeight, IReadOnlyList<int> cardinalities)
    {
        int numericCount = (int)numeric.shape[1];
        var total = zeros(1, device: output.device).sum();
        if (numericCount > 0)
        {
            var squared = (output.narrow(1, 0, numericCount) - numeric).Squared() * numericWeight;
            total = total.Plus((squared.sum(dim: 0) / numericWeight.sum(dim: 0).AtLeast(1)).sum());
        }
        int offset = numericCount;
        for (int j = 0; j < cardinalities.Count; j++)
        {
            var weight = codeWeight.select(1, j);
            var entropy = nn.functional.cross_entropy(output.narrow(1, offset, cardinalities[j]), codes.select(1, j), reduction: nn.Reduction.None);
            total = total.Plus((entropy * weight).sum() / weight.sum().AtLeast(1));
            offset += cardinalities[j];
        }
        return total.DividedBy(numericCount + cardinalities.Count);
    }
}
