using System.Reflection;
using System.Runtime.Loader;

namespace Foundations.Interactive;

/// <summary>
/// Keeps one copy of the assemblies a notebook host already ships. Plotly.NET 6 is compiled against FSharp.Core 10.1,
/// while the .NET Interactive kernel (dotnet-interactive 1.0.712001) ships and loads FSharp.Core 10.0: without this,
/// a second copy loads beside the host's, Giraffe.ViewEngine and Plotly.NET bind to different ones, and Plotly.NET's
/// type initializer fails (MissingMethodException). Likewise dotnet-repl 0.3.259 ships an older
/// Microsoft.AspNetCore.Html.Abstractions than the kit's kernel packages name. A request the host cannot satisfy is
/// answered with the copy the default context already has (or its own deps.json names); 10.1 adds no member that the
/// kit's chart code uses, and the tests run every notebook in the real kernel this way.
/// </summary>
internal static class HostAssemblies
{
    private static readonly HashSet<string> Unified = new(StringComparer.Ordinal) { "FSharp.Core", "Microsoft.AspNetCore.Html.Abstractions" };
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
        if (name.Name is not { } simple || !Unified.Contains(simple) || _resolving) return null;
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => a.GetName().Name == simple && AssemblyLoadContext.GetLoadContext(a) == AssemblyLoadContext.Default);
        if (loaded is not null) return loaded;
        // Not loaded yet: the host's own copy (its deps.json), whatever version it is.
        _resolving = true;
        try { return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(simple)); }
        catch (FileNotFoundException) { return null; }
        finally { _resolving = false; }
    }
}
