using System.Runtime.CompilerServices;
using TorchSharp;

namespace Foundations.Tests;

/// <summary>Process-wide settings of the test run, made once before any test.</summary>
internal static class TestProcess
{
#pragma warning disable CA2255 // must run before the first test touches libtorch
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialise()
    {
        // libtorch's thread count is one global setting, and a sum or product split over another number of threads
        // adds in another order. Tests run in parallel: with one libtorch thread from the start, no test changes the
        // setting under another (TorchThreads finds 1 and leaves it), so "same seed, same result" holds bit for bit.
        torch.set_num_threads(1);
        // A developer's switch for hunting native-lifetime faults in every test at once (slow; not used by CI).
        if (Environment.GetEnvironmentVariable("FOUNDATIONS_COLLECTION_PRESSURE") == "1") WholeRunPressure = new CollectionPressure();
    }

    /// <summary>The pressure on the whole run, when switched on; it lives until the process ends.</summary>
    internal static CollectionPressure? WholeRunPressure { get; private set; }
}
