namespace Foundations.Interactive;

/// <summary>
/// The kit's .NET Interactive kernel extension: what <c>#r "nuget: Foundations.Notebooks, *"</c> runs (the package's
/// <c>interactive-extensions/dotnet/extension.dib</c> calls <see cref="Load"/> after adding the usings a notebook needs).
/// </summary>
public static class KernelExtension
{
    /// <summary>Keeps one FSharp.Core in the kernel and registers the kit's formatters (idempotent).</summary>
    public static void Load()
    {
        OneFSharpCore.Install();
        NotebookFormatters.Register();
    }
}
