using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Foundations.Training;

/// <summary>
/// The kit's one model file format (.fnd): a zip holding model.json (the manifest, whose "format" field names the
/// kind and version), the fitted recipe's JSON and the network weights. Every fitted model saves and loads through it,
/// so every model file opens, fails and reports errors the same way.
/// </summary>
public static class ModelFile
{
    private const string ManifestEntry = "model.json";
    private const string RecipeEntry = "recipe.json";
    private const string WeightsEntry = "weights.bin";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Writes <paramref name="manifest"/>, the recipe JSON and the weights (each optional but the manifest) to <paramref name="path"/>.</summary>
    public static string Write<TManifest>(string path, TManifest manifest, string? recipeJson, Action<Stream>? writeWeights)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using (var entry = zip.CreateEntry(ManifestEntry).Open())
            JsonSerializer.Serialize(entry, manifest, Json);
        if (recipeJson is not null)
            using (var writer = new StreamWriter(zip.CreateEntry(RecipeEntry).Open(), new UTF8Encoding(false)))
                writer.Write(recipeJson);
        if (writeWeights is not null)
        {
            // libtorch writes to a seekable stream (and closes it); a zip entry is not one.
            var buffer = new MemoryStream();
            writeWeights(buffer);
            using var entry = zip.CreateEntry(WeightsEntry).Open();
            entry.Write(buffer.ToArray());
        }
        return path;
    }

    /// <summary>Opens a model file of <paramref name="kind"/> ("prediction model"), checking that its format is <paramref name="format"/>.</summary>
    public static Contents Read<TManifest>(string path, string kind, string format, Func<TManifest, string?> formatOf) where TManifest : class
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No {kind} file at '{path}'.", path);
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw new InvalidDataException($"'{path}' is not a {kind} file (not a zip archive).", e); }
        using (zip)
        {
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new InvalidDataException($"'{path}' has no {ManifestEntry}: not a {kind} file.");
            TManifest manifest;
            using (var stream = manifestEntry.Open())
                manifest = JsonSerializer.Deserialize<TManifest>(stream, Json) ?? throw new InvalidDataException($"'{path}': {ManifestEntry} is empty.");
            string? found = formatOf(manifest);
            if (found != format)
                throw new InvalidDataException($"'{path}' holds format '{found}'; this version of the kit reads '{format}'.");
            string? recipe = null;
            if (zip.GetEntry(RecipeEntry) is { } recipeEntry)
                using (var reader = new StreamReader(recipeEntry.Open()))
                    recipe = reader.ReadToEnd();
            MemoryStream? weights = null;
            if (zip.GetEntry(WeightsEntry) is { } weightsEntry)
            {
                weights = new MemoryStream();
                using (var stream = weightsEntry.Open()) stream.CopyTo(weights);
                weights.Position = 0;
            }
            return new Contents(path, manifest, recipe, weights);
        }
    }

    /// <summary>What a model file holds, read into memory.</summary>
    public sealed class Contents(string path, object manifest, string? recipeJson, MemoryStream? weights)
    {
        /// <summary>The manifest, as the type it was read as.</summary>
        public T Manifest<T>() => (T)manifest;

        /// <summary>The fitted recipe's JSON; an error naming the file when it has none.</summary>
        public string RecipeJson => recipeJson ?? throw new InvalidDataException($"'{path}' has no {RecipeEntry}.");

        /// <summary>Whether the file holds a fitted recipe.</summary>
        public bool HasRecipe => recipeJson is not null;

        /// <summary>The weights, positioned at the start; an error naming the file when it has none.</summary>
        public Stream Weights => weights ?? throw new InvalidDataException($"'{path}' has no {WeightsEntry}.");
    }
}
