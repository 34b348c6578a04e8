using System.Runtime.InteropServices;

namespace Foundations.Training;

/// <summary>
/// Keeps libtorch's CPU tensors on glibc's heap. By default glibc serves a block above its mmap threshold (128 KB,
/// raised as blocks are freed) with fresh pages from the kernel and trims the heap top eagerly, so a network's
/// intermediate tensors of a few MB are new memory at almost every operation; on a VM that pays 10–15 µs per first
/// touch of a 4 KiB page the page faults cost more than the arithmetic, and the cost swings with the order in which
/// blocks were freed. Measured on a 451-input network (8 ensemble members, 1,600 rows): one scoring pass 63–120 ms
/// → 40 ms, the inputs' occlusion and shuffles 10× faster, training twice as fast. Fixing the threshold at 32 MB
/// (glibc's ceiling) and trimming only above 256 MB keeps them on reused pages at a cost of up to 256 MB held back.
/// A user's own MALLOC_MMAP_THRESHOLD_ or MALLOC_TRIM_THRESHOLD_ is left as set; other C libraries are not touched.
/// </summary>
internal static class NativeHeap
{
    private const int TrimThreshold = -1, MmapThreshold = -3; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD in malloc.h

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int MallocOption(int option, int value);

    /// <summary>Whether this process's heap settings were changed (false off glibc, or when the user set them).</summary>
    internal static bool Tuned { get; private set; }

    internal static void Tune()
    {
        if (!OperatingSystem.IsLinux() || Tuned) return;
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null) return;
        // Only glibc exports gnu_get_libc_version (musl's mallopt is a stub that would do nothing anyway).
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc) || !NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _)
            || !NativeLibrary.TryGetExport(libc, "mallopt", out var address)) return;
        var mallopt = Marshal.GetDelegateForFunctionPointer<MallocOption>(address);
        bool threshold = mallopt(MmapThreshold, 32 << 20) == 1;
        bool trim = mallopt(TrimThreshold, 256 << 20) == 1;
        Tuned = threshold && trim;
    }
}
