using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Foundations.Runner;

/// <summary>One cell of a notebook as the runner sees it: a view over the Documents package's element.</summary>
public sealed class NotebookCell
{
    internal NotebookCell(InteractiveDocumentElement element, bool injected = false)
    {
        Element = element;
        Injected = injected;
    }

    /// <summary>The cell as Microsoft.DotNet.Interactive.Documents holds it (source, kernel, metadata, outputs).</summary>
    public InteractiveDocumentElement Element { get; }

    /// <summary>"code" or "markdown" (the Documents package reads raw cells as code; the kit's notebooks have none).</summary>
    public string Kind => Element.KernelName == "markdown" ? "markdown" : "code";

    public string Source => Element.Contents;

    /// <summary>The cell's metadata tags ("parameters", "hide-input", ...).</summary>
    public IReadOnlyList<string> Tags => TagsOf(Element);

    /// <summary>What the kernel displayed, in order.</summary>
    public IList<InteractiveDocumentOutputElement> Outputs => Element.Outputs;

    public int ExecutionCount { get => Element.ExecutionOrder; set => Element.ExecutionOrder = value; }

    /// <summary>The cell the runner added after the "parameters" cell.</summary>
    public bool Injected { get; }

    /// <summary>A new C# code cell tagged <paramref name="tag"/>.</summary>
    public static NotebookCell Code(string source, string tag, bool injected) =>
        new(new InteractiveDocumentElement(source, "csharp") { Metadata = new Dictionary<string, object> { ["tags"] = new List<object> { tag } } }, injected);

    private static IReadOnlyList<string> TagsOf(InteractiveDocumentElement element)
    {
        if (element.Metadata is null || !element.Metadata.TryGetValue("tags", out var tags)) return Array.Empty<string>();
        return tags switch
        {
            IEnumerable<object> list => list.Select(t => t?.ToString() ?? "").ToArray(),
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(t => t.GetString() ?? "").ToArray(),
            _ => Array.Empty<string>(),
        };
    }
}

/// <summary>
/// A Jupyter notebook (nbformat 4) read and written with Microsoft.DotNet.Interactive.Documents. The document keeps the
/// notebook's metadata (kernelspec, language_info, polyglot_notebook) and every cell's metadata (tags included), so the
/// executed copy opens in Jupyter and VS Code as the original did.
/// </summary>
public sealed class NotebookFile
{
    private readonly InteractiveDocument _document;

    private NotebookFile(InteractiveDocument document)
    {
        _document = document;
        Cells = document.Elements.Select(e => new NotebookCell(e)).ToList();
    }

    /// <summary>The cells in order; the runner inserts its parameters cell here.</summary>
    public List<NotebookCell> Cells { get; }

    /// <summary>Parses a notebook; a malformed file is an error naming it.</summary>
    public static NotebookFile Load(string path)
    {
        string text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidDataException($"{path}: the file is empty, not a Jupyter notebook.");
        InteractiveDocument document;
        string? otherKernel;
        try
        {
            using (var probe = JsonDocument.Parse(text))
            {
                Probe(probe.RootElement);
                otherKernel = OtherKernel(probe.RootElement);
            }
            document = Notebook.Parse(text);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a Jupyter notebook ({e.Message}).", e);
        }
        if (otherKernel is not null)
            throw new InvalidDataException($"{path}: a notebook for the {otherKernel}; the runner executes .NET Interactive notebooks (kernel .net-csharp).");
        return new NotebookFile(document);
    }

    // What the Documents package would otherwise fail on later, with a null reference.
    private static void Probe(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("no \"cells\" array");
        int n = 0;
        foreach (var cell in cells.EnumerateArray())
        {
            n++;
            if (cell.ValueKind != JsonValueKind.Object || !cell.TryGetProperty("cell_type", out var type) || type.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"cell {n} is not a cell (an object with a \"cell_type\")");
        }
    }

    /// <summary>
    /// The kernel a notebook made for another language names (Python, R), which would fail on its first cell with C#
    /// compiler errors; null for a .NET Interactive notebook or one that names no kernel.
    /// </summary>
    private static string? OtherKernel(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("kernelspec", out var kernelspec) || kernelspec.ValueKind != JsonValueKind.Object) return null;
        string name = kernelspec.TryGetProperty("name", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";
        string language = kernelspec.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
        bool dotnet = name.Length == 0 || name.StartsWith(".net-", StringComparison.OrdinalIgnoreCase)
            || language is "C#" or "F#" or "PowerShell" || language.Equals("csharp", StringComparison.OrdinalIgnoreCase);
        return dotnet ? null : $"'{name}' kernel{(language.Length > 0 ? $" ({language})" : "")}";
    }

    /// <summary>Writes the notebook with its cells and outputs (nbformat 4.5: every cell gets an id if it had none).</summary>
    public void Save(string path)
    {
        _document.Elements.Clear();
        var ids = new HashSet<string>(Cells.Select(c => c.Element.Id).OfType<string>(), StringComparer.Ordinal);
        for (int i = 0; i < Cells.Count; i++)
        {
            var element = Cells[i].Element;
            // nbformat 4.5 requires a unique id per cell; the Documents writer declares 4.5 but leaves ids as it found them.
            if (string.IsNullOrEmpty(element.Id))
            {
                string id = Cells[i].Injected ? "injected-parameters" : $"cell-{i + 1}";
                while (!ids.Add(id)) id += "-";
                element.Id = id;
            }
            _document.Elements.Add(element);
        }
        File.WriteAllText(path, _document.ToJupyterJson());
    }
}
