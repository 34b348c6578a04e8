using System.Reflection;
using System.Runtime.Loader;

namespace Foundations.Interactive;

/// <summary>
/// Keeps one FSharp.Core in a process. Plotly.NET 6 is compiled against FSharp.Core 10.1, while the .NET Interactive
/// kernel (dotnet-interactive 1.0.712001, dotnet-repl) ships and has already loaded FSharp.Core 10.0. Without this, a
/// second copy loads beside the host's and Giraffe.ViewEngine and Plotly.NET bind to different ones
/// (MissingMethodException in Plotly.NET's type initializer). A request the host cannot satisfy is answered with the
/// FSharp.Core the default context already has; 10.1 adds no member that the kit's chart code path uses.
/// </summary>
internal static class OneFSharpCore
{
    private static int _installed;
    [ThreadStatic] private static bool _resolving;

    /// <summary>Installs the handler (idempotent). Runs from the library's module initializer, before any chart type loads.</summary>
    internal static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name != "FSharp.Core" || _resolving) return null;
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => a.GetName().Name == "FSharp.Core" && AssemblyLoadContext.GetLoadContext(a) == AssemblyLoadContext.Default);
        if (loaded is not null) return loaded;
        // Not loaded yet: the host's own copy (its deps.json), whatever version it is.
        _resolving = true;
        try { return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("FSharp.Core")); }
        catch (FileNotFoundException) { return null; }
        finally { _resolving = false; }
    }
}
