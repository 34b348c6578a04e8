using TorchSharp;

namespace Foundations.Training;

/// <summary>
/// libtorch has one global random generator. Two trainings seeding and drawing from it at once (parallel tests, two
/// notebook cells on threads) would interleave their draws and lose "same seed, same result". Every seeded piece of
/// torch work in the kit holds this gate while it runs.
/// </summary>
public static class TorchRandomness
{
    private static readonly object Gate = new();

    /// <summary>Takes the gate and seeds libtorch; dispose to release it (on the same thread).</summary>
    public static Scope Seeded(int seed)
    {
        System.Threading.Monitor.Enter(Gate); // spelled out: Foundations.Monitor is the monitoring layer
        torch.manual_seed(seed);
        return new Scope();
    }

    /// <summary>
    /// Takes the gate without seeding. Building a network draws its first weights from libtorch's generator, even one
    /// built only to load saved weights into; held here, such a draw waits for a seeded training instead of shifting it.
    /// </summary>
    public static Scope Held()
    {
        System.Threading.Monitor.Enter(Gate);
        return new Scope();
    }

    /// <summary>Releases the gate when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        public void Dispose() => System.Threading.Monitor.Exit(Gate);
    }
}
