using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Foundations.Training;

/// <summary>
/// Loads libtorch and libLibTorchSharp (and LightGBM's lib_lightgbm) by full path before TorchSharp looks for them. A
/// host that only references the assemblies (the .NET Interactive kernel after #r "nuget: Foundations.Notebooks",
/// dotnet-repl) has no deps.json entry for the native package, so TorchSharp's own search fails with "doesn't contain
/// a reference to libtorch-cpu-linux-x64"; loading the libraries first by full path is TorchSharp's documented way out.
/// Two layouts: an output folder (runtimes/&lt;rid&gt;/native beside Foundations.dll) and NuGet's global packages folder
/// (the kit's package carries a libLibTorchSharp.so patched for older libstdc++, see build/LibTorchSharpOnOlderLinux.targets).
/// </summary>
internal static class NativeTorchLoader
{
#pragma warning disable CA2255 // Must run before the first torch call anywhere in the library, which a module initializer guarantees.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnLoad()
    {
        NativeHeap.Tune(); // before libtorch allocates anything
        string? folder = Path.GetDirectoryName(typeof(NativeTorchLoader).Assembly.Location);
        if (string.IsNullOrEmpty(folder)) return; // loaded from bytes: nothing to find beside it
        var (torchLib, bridgeLib, lightGbmLib) = OperatingSystem.IsWindows() ? ("torch.dll", "LibTorchSharp.dll", "lib_lightgbm.dll")
            : OperatingSystem.IsMacOS() ? ("libtorch.dylib", "libLibTorchSharp.dylib", "lib_lightgbm.dylib") : ("libtorch.so", "libLibTorchSharp.so", "lib_lightgbm.so");
        string rid = RuntimeInformation.RuntimeIdentifier;
        foreach (var native in new[] { Path.Combine(folder, "runtimes", rid, "native"), folder })
        {
            string torch = Path.Combine(native, torchLib), bridge = Path.Combine(native, bridgeLib);
            if (!File.Exists(torch) || !File.Exists(bridge)) continue;
            Load(torch, bridge, Path.Combine(native, lightGbmLib));
            return;
        }
        // NuGet layout: <packages>/foundations.notebooks/<version>/lib/<tfm>/Foundations.dll.
        var package = Directory.GetParent(folder)?.Parent;
        var packages = package?.Parent?.Parent;
        if (package is null || packages is null) return;
        string? torchInPackages = NativeIn(packages, "libtorch-cpu-" + rid, rid, torchLib);
        string? bridgeInPackage = Path.Combine(package.FullName, "native-patched", rid, bridgeLib);
        if (!File.Exists(bridgeInPackage)) bridgeInPackage = NativeIn(packages, "torchsharp", rid, bridgeLib);
        if (torchInPackages is null || bridgeInPackage is null) return;
        Load(torchInPackages, bridgeInPackage, NativeIn(packages, "lightgbm", rid, lightGbmLib));
    }

    private static void Load(string torch, string bridge, string? lightGbm)
    {
        // A failure here is left to TorchSharp, whose own message says what is missing.
        if (NativeLibrary.TryLoad(torch, out _)) NativeLibrary.TryLoad(bridge, out _);
        // ML.NET's LightGBM binding finds "lib_lightgbm" the same way, so the same host fails the same way: once
        // loaded by full path, the loader resolves the bare name to it (it matches the library's soname).
        if (lightGbm is not null && File.Exists(lightGbm)) NativeLibrary.TryLoad(lightGbm, out _);
    }

    /// <summary>The library in the highest version of a package in NuGet's global packages folder, or null.</summary>
    private static string? NativeIn(DirectoryInfo packages, string id, string rid, string library)
    {
        var versions = new DirectoryInfo(Path.Combine(packages.FullName, id.ToLowerInvariant()));
        if (!versions.Exists) return null;
        return versions.GetDirectories()
            .OrderByDescending(d => Version.TryParse(d.Name.Split('-')[0], out var v) ? v : new Version(0, 0))
            .Select(d => Path.Combine(d.FullName, "runtimes", rid, "native", library))
            .FirstOrDefault(File.Exists);
    }
}
