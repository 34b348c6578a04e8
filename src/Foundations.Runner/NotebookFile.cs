using System.Text.Json;
using System.Text.Json.Nodes;

namespace Foundations.Runner;

/// <summary>One cell of a notebook as the runner sees it.</summary>
public sealed class NotebookCell
{
    public required string Kind { get; init; } // "code", "markdown" or "raw"
    public required string Source { get; set; }
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();
    public string Language { get; init; } = "csharp";
    public List<JsonObject> Outputs { get; } = new();
    public int? ExecutionCount { get; set; }
    public bool Injected { get; init; }
}

/// <summary>Reads and writes Jupyter notebooks (nbformat 4) with the .NET C# kernel metadata.</summary>
public sealed class NotebookFile
{
    private readonly JsonObject _root;

    private NotebookFile(JsonObject root, List<NotebookCell> cells)
    {
        _root = root;
        Cells = cells;
    }

    public List<NotebookCell> Cells { get; }

    /// <summary>Parses a notebook; a malformed file is an error naming it.</summary>
    public static NotebookFile Load(string path)
    {
        JsonObject root;
        try { root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException("empty"); }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a Jupyter notebook ({e.Message}).", e);
        }
        var cells = new List<NotebookCell>();
        foreach (var node in root["cells"]?.AsArray() ?? throw new InvalidDataException($"{path}: no \"cells\" array."))
        {
            var cell = node!.AsObject();
            var tags = cell["metadata"]?["tags"]?.AsArray().Select(t => t!.GetValue<string>()).ToArray() ?? Array.Empty<string>();
            string language = cell["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()
                              ?? cell["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>() ?? "csharp";
            cells.Add(new NotebookCell { Kind = cell["cell_type"]?.GetValue<string>() ?? "code", Source = JoinSource(cell["source"]), Tags = tags, Language = language });
        }
        return new NotebookFile(root, cells);
    }

    /// <summary>Whether any cell of the notebook at <paramref name="path"/> holds outputs (committed notebooks must not).</summary>
    public static bool HasOutputs(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return root["cells"]!.AsArray().Any(c => c!["outputs"] is JsonArray a && a.Count > 0 || c!["execution_count"] is JsonValue);
    }

    /// <summary>Writes the notebook with its cells and outputs.</summary>
    public void Save(string path)
    {
        var cells = new JsonArray();
        foreach (var c in Cells)
        {
            var metadata = new JsonObject();
            if (c.Tags.Count > 0) metadata["tags"] = new JsonArray(c.Tags.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());
            if (c.Kind == "code") metadata["dotnet_interactive"] = new JsonObject { ["language"] = c.Language };
            var cell = new JsonObject { ["cell_type"] = c.Kind, ["metadata"] = metadata, ["source"] = SplitSource(c.Source) };
            if (c.Kind == "code")
            {
                cell["execution_count"] = c.ExecutionCount;
                cell["outputs"] = new JsonArray(c.Outputs.Select(o => (JsonNode)o.DeepClone()).ToArray());
            }
            cells.Add(cell);
        }
        var root = (JsonObject)_root.DeepClone();
        root["cells"] = cells;
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    internal static string JoinSource(JsonNode? source) => source switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };

    internal static JsonArray SplitSource(string text)
    {
        var parts = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') { parts.Add(text[start..(i + 1)]); start = i + 1; }
        if (start < text.Length) parts.Add(text[start..]);
        return parts;
    }
}
