using TorchSharp;

namespace Foundations;

/// <summary>The kit's root: the seed and the compute device, set once at the top of a notebook.</summary>
public static class Kit
{
    private static int _seed = 42;

    /// <summary>The seed every fit, split, shuffle and network initialisation uses unless given its own.</summary>
    public static int Seed => _seed;

    /// <summary>Sets the seed once for the whole analysis (same seed, same result).</summary>
    public static void UseSeed(int seed) => _seed = seed;

    /// <summary>
    /// <paramref name="name"/> as a file name on every system a notebook may run on: the characters Windows refuses
    /// (&lt; &gt; : " / \ | ? * and control characters) become '_', and trailing dots and spaces go. A target such as
    /// CFPB's "Consumer disputed?" names its model file "Consumer disputed_.fnd".
    /// </summary>
    public static string FileNameFor(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var safe = new string(name.Select(ch => ch < ' ' || "<>:\"/\\|?*".Contains(ch) ? '_' : ch).ToArray()).TrimEnd('.', ' ');
        return safe.Length == 0 ? "_" : safe;
    }

    /// <summary>The device training runs on: CUDA when a GPU and the CUDA backend are present, else the CPU.</summary>
    public static torch.Device Device => torch.cuda.is_available() ? torch.CUDA : torch.CPU; // as Training.Devices.Auto: the root references no layer above it
}
