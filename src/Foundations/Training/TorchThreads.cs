using TorchSharp;

namespace Foundations.Training;

/// <summary>
/// Runs small tensor work on one CPU thread and restores the previous setting afterwards. A small network, autoencoder or
/// k-means on a few thousand rows gains nothing from several threads, but every operation then pays for
/// OpenMP's hand-offs, which on a busy 2-core machine made the sample notebook 7–30× slower (measured 5.8 s on one
/// thread against 41–203 s on two). Same results either way.
/// </summary>
internal sealed class TorchThreads : IDisposable
{
    private readonly int _previous;
    private readonly bool _changed;

    private TorchThreads(bool single)
    {
        _previous = torch.get_num_threads();
        _changed = single && _previous > 1;
        if (_changed) torch.set_num_threads(1);
    }

    /// <summary>One thread while the returned scope lives, when <paramref name="small"/> (and the device is the CPU).</summary>
    public static TorchThreads SingleWhen(bool small, torch.Device device) => new(small && device.type == DeviceType.CPU);

    public void Dispose()
    {
        if (_changed) torch.set_num_threads(_previous);
    }
}
