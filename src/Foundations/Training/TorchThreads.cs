using TorchSharp;

namespace Foundations.Training;

/// <summary>
/// Runs small tensor work on one CPU thread and restores the previous setting afterwards. A small network, autoencoder or
/// k-means on a few thousand rows gains nothing from several threads, but every operation then pays for
/// OpenMP's hand-offs, which on a busy 2-core machine made the sample notebook 7–30× slower (measured 5.8 s on one
/// thread against 41–203 s on two).
/// </summary>
/// <remarks>
/// libtorch's thread count is one setting for the whole process. Scopes on several threads (parallel tests, notebook
/// cells on threads) share it under a lock: the first scope in sets one thread, the last one out restores the count it
/// found. Without that, one scope's restore switched another's work back to two threads halfway through.
/// </remarks>
internal sealed class TorchThreads : IDisposable
{
    private static readonly object Gate = new();
    private static int _holders;
    private static int _restoreTo;
    private bool _holding;

    private TorchThreads(bool single)
    {
        if (!single) return;
        lock (Gate)
        {
            if (_holders++ == 0)
            {
                _restoreTo = torch.get_num_threads();
                if (_restoreTo > 1) torch.set_num_threads(1);
            }
        }
        _holding = true;
    }

    /// <summary>One thread while the returned scope lives, when <paramref name="small"/> (and the device is the CPU).</summary>
    public static TorchThreads SingleWhen(bool small, torch.Device device) => new(small && device.type == DeviceType.CPU);

    public void Dispose()
    {
        if (!_holding) return;
        _holding = false;
        lock (Gate)
            if (--_holders == 0 && _restoreTo > 1) torch.set_num_threads(_restoreTo);
    }
}
