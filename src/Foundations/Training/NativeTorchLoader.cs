using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Foundations.Training;

/// <summary>
/// Loads libtorch and libLibTorchSharp (and LightGBM's lib_lightgbm) from the folder Foundations.dll was loaded from (artifacts/notebook-lib in a
/// notebook). A host that only #r's the assembly (the VS Code .NET Interactive kernel, dotnet-repl) has no deps.json
/// entry for the native package, so TorchSharp's own search fails with "doesn't contain a reference to
/// libtorch-cpu-linux-x64"; loading the two libraries first by full path is TorchSharp's documented way out.
/// </summary>
internal static class NativeTorchLoader
{
#pragma warning disable CA2255 // Must run before the first torch call anywhere in the library, which a module initializer guarantees.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnLoad()
    {
        string? folder = Path.GetDirectoryName(typeof(NativeTorchLoader).Assembly.Location);
        if (string.IsNullOrEmpty(folder)) return; // loaded from bytes: nothing to find beside it
        var (torchLib, bridgeLib) = OperatingSystem.IsWindows() ? ("torch.dll", "LibTorchSharp.dll")
            : OperatingSystem.IsMacOS() ? ("libtorch.dylib", "libLibTorchSharp.dylib") : ("libtorch.so", "libLibTorchSharp.so");
        foreach (var native in new[] { Path.Combine(folder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"), folder })
        {
            string torch = Path.Combine(native, torchLib), bridge = Path.Combine(native, bridgeLib);
            if (!File.Exists(torch) || !File.Exists(bridge)) continue;
            // A failure here is left to TorchSharp, whose own message says what is missing.
            if (NativeLibrary.TryLoad(torch, out _)) NativeLibrary.TryLoad(bridge, out _);
            // ML.NET's LightGBM binding finds "lib_lightgbm" the same way, so the same host fails the same way: once
            // loaded by full path, the loader resolves the bare name to it (it matches the library's soname).
            string lightGbm = Path.Combine(native, OperatingSystem.IsWindows() ? "lib_lightgbm.dll" : OperatingSystem.IsMacOS() ? "lib_lightgbm.dylib" : "lib_lightgbm.so");
            if (File.Exists(lightGbm)) NativeLibrary.TryLoad(lightGbm, out _);
            return;
        }
    }
}
