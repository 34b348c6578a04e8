using Microsoft.DotNet.Interactive;

namespace Foundations.Interactive;

/// <summary>
/// The kit's .NET Interactive kernel extension: what <c>#r "nuget: Foundations.Notebooks, *"</c> runs (the package's
/// <c>interactive-extensions/dotnet/extension.dib</c> calls <see cref="Load"/> after adding the usings a notebook needs).
/// </summary>
public static class KernelExtension
{
    /// <summary>Keeps one FSharp.Core (one copy of each assembly the host ships) and registers the kit's formatters (idempotent).</summary>
    public static void Load()
    {
        HostAssemblies.Install();
        NotebookFormatters.Register();
        // The same #r also loads Microsoft.Data.Analysis's own kernel extension, after ours, and its DataFrame formatter
        // would then win (identifiers unmasked). Register ours again once, before the next command the kernel runs.
        if (KernelInvocationContext.Current?.HandlingKernel is { } kernel)
        {
            var root = kernel.ParentKernel ?? kernel;
            int again = 0;
            root.AddMiddleware(async (command, context, next) =>
            {
                if (Interlocked.Exchange(ref again, 1) == 0) NotebookFormatters.RegisterFormatters();
                await next(command, context);
            });
        }
    }
}
