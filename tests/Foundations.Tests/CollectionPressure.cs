namespace Foundations.Tests;

/// <summary>
/// Collects garbage and runs finalisers in a loop on its own thread until disposed: what a loaded machine does at
/// random moments, done without pause, so that a native handle nothing keeps alive during a libtorch call is freed
/// under it (issue #15). Used by <c>CollectionPressureTests</c>, and for the whole run when FOUNDATIONS_COLLECTION_PRESSURE=1.
/// </summary>
internal sealed class CollectionPressure : IDisposable
{
    private volatile bool _stop;
    private readonly Thread _thread;
    private long _collections;

    public CollectionPressure()
    {
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref _collections);
            }
        }) { IsBackground = true, Name = "collection pressure" };
        _thread.Start();
    }

    /// <summary>Collections run so far.</summary>
    public long Collections => Interlocked.Read(ref _collections);

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
