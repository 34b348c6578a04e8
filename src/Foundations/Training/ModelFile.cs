using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Foundations.Data;

namespace Foundations.Training;

/// <summary>
/// The kit's one model file format (.fnd): a zip holding model.json (the model's own settings, whose "format" field
/// names its kind and version), the fitted recipe's JSON, the network weights and manifest.json, which lists the file
/// format version, the kind, the kit version that wrote it, the input schema and the size and SHA-256 of every other
/// entry. Reading checks all of it before anything is deserialised (as safetensors checks its header first), refuses
/// entries beyond the size limits without allocating them, and names the file in every refusal.
/// </summary>
public static class ModelFile
{
    /// <summary>The format of manifest.json, checked when a file is read.</summary>
    public const string ManifestFormat = "foundations.model-file/1";

    private const string ManifestEntry = "manifest.json";
    private const string SignatureEntry = "manifest.sig";
    private const string ModelEntry = "model.json";
    private const string RecipeEntry = "recipe.json";
    private const string WeightsEntry = "weights.bin";

    /// <summary>The monitoring reference saved with a model (Monitor.MonitoringReference.SaveWith), listed in the manifest like every entry.</summary>
    public const string MonitoringEntry = "monitoring-reference.json";

    /// <summary>The largest model.json, recipe.json or manifest.json read (64 MiB): a recipe's category lists fit well within it.</summary>
    public static long MaxJsonBytes { get; set; } = 64L << 20;

    /// <summary>The largest weights entry read (256 MiB, some 60 million float32 parameters); raise it for a larger network.</summary>
    public static long MaxWeightsBytes { get; set; } = 256L << 20;

    /// <summary>An entry that unpacks to more than this many times its packed size (and over 1 MiB) is refused as a zip bomb.</summary>
    public const int MaxCompressionRatio = 200;

    private const int MaxEntries = 16;

    /// <summary>
    /// The bank's public key (ECDSA P-256): when set, every model file read must carry a signature of its manifest made
    /// with the matching private key (<see cref="Sign"/>), so a file whose checksums were recomputed by someone
    /// without the key is refused. Null (the default) checks the checksums only.
    /// </summary>
    public static ECDsa? TrustedKey { get => Trusted.Value; set => Trusted.Value = value; }

    // Per flow of execution, so a test or a request that sets a key does not impose it on others running at the same time.
    private static readonly AsyncLocal<ECDsa?> Trusted = new();

    /// <summary>
    /// Signs the model file at <paramref name="path"/> with <paramref name="privateKey"/>: the file is checked, then a
    /// manifest.sig entry (ECDSA P-256 over SHA-256 of manifest.json, which lists every entry's SHA-256) is added,
    /// atomically. As in the model-signing efforts, the signature covers the manifest and the manifest covers the files.
    /// </summary>
    public static void Sign(string path, ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var entries = new List<(string Name, byte[] Bytes)>();
        using (var zip = OpenArchive(path, "model"))
        {
            foreach (var entry in zip.Entries)
            {
                if (!IsPlainName(entry.FullName) || entry.FullName == SignatureEntry) continue;
                if (entry.FullName != ManifestEntry && entry.FullName is not (ModelEntry or RecipeEntry or WeightsEntry or MonitoringEntry))
                    throw new InvalidDataException($"'{path}' holds '{entry.FullName}', which a model file does not: refusing to sign it.");
                entries.Add((entry.FullName, ReadEntry(entry, entry.FullName == WeightsEntry ? MaxWeightsBytes : MaxJsonBytes, what => $"'{path}' cannot be signed: {what}")));
            }
        }
        var manifest = entries.FirstOrDefault(e => e.Name == ManifestEntry).Bytes
            ?? throw new InvalidDataException($"'{path}' has no {ManifestEntry}: save the model with this kit before signing it.");
        var top = JsonSerializer.Deserialize<Manifest>(manifest, ManifestJson)!;
        foreach (var (name, bytes) in entries.Where(e => e.Name != ManifestEntry))
            if (top.Entries.FirstOrDefault(l => l.Name == name) is not { } listed || listed.Sha256 != Sha256(bytes))
                throw new InvalidDataException($"'{path}': {name} does not match its SHA-256 in {ManifestEntry}; refusing to sign a damaged or altered file.");
        entries.Add((SignatureEntry, privateKey.SignData(manifest, HashAlgorithmName.SHA256)));
        WriteZip(path, entries);
    }

    /// <summary>Writes the entries, in order, as a zip at <paramref name="path"/>, atomically.</summary>
    private static void WriteZip(string path, IEnumerable<(string Name, byte[] Bytes)> entries) => AtomicFile.Write(path, stream =>
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, bytes) in entries)
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            entry.Write(bytes);
        }
    });

    private static ZipArchive OpenArchive(string path, string kind)
    {
        if (Directory.Exists(path)) throw new InvalidDataException($"'{path}' is a folder, not a {kind} file (.fnd).");
        if (!File.Exists(path)) throw new FileNotFoundException($"No {kind} file at '{path}' (full path {Path.GetFullPath(path)}).", path);
        try { return ZipFile.OpenRead(path); }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new InvalidDataException($"'{path}' is not a usable {kind} file: it is not a zip archive, or it was cut short. Copy it again from where models are kept.", e);
        }
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The version of the kit, as written into every manifest.</summary>
    public static string KitVersion { get; } =
        typeof(ModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelFile).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>One entry as manifest.json lists it.</summary>
    /// <param name="Name">The entry's name in the zip.</param>
    /// <param name="Bytes">Its length, unpacked.</param>
    /// <param name="Sha256">The SHA-256 of its bytes, lower-case hex.</param>
    public sealed record ManifestEntryInfo(string Name, long Bytes, string Sha256);

    /// <summary>What manifest.json holds.</summary>
    /// <param name="Format">Always <see cref="ManifestFormat"/>.</param>
    /// <param name="Kind">"prediction model", "segmentation model", ...</param>
    /// <param name="ModelFormat">The format of model.json, such as "foundations.prediction/2".</param>
    /// <param name="KitVersion">The kit version that wrote the file.</param>
    /// <param name="Schema">The input columns and kinds the model needs.</param>
    /// <param name="Entries">Every other entry with its size and SHA-256.</param>
    public sealed record Manifest(string Format, string Kind, string ModelFormat, string KitVersion, IReadOnlyList<RecipeColumn> Schema, IReadOnlyList<ManifestEntryInfo> Entries);

    /// <summary>Writes a model file of <paramref name="kind"/> atomically: model.json, the recipe JSON and weights (each optional but model.json) and a manifest of their SHA-256.</summary>
    public static string Write<TManifest>(string path, TManifest manifest, string? recipeJson, Action<Stream>? writeWeights,
        string kind, string format, IReadOnlyList<RecipeColumn> schema)
    {
        var entries = new List<(string Name, byte[] Bytes)> { (ModelEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, Json)) };
        if (recipeJson is not null) entries.Add((RecipeEntry, new UTF8Encoding(false).GetBytes(recipeJson)));
        if (writeWeights is not null)
        {
            // libtorch writes to a seekable stream (and closes it); a zip entry is not one.
            var buffer = new MemoryStream();
            writeWeights(buffer);
            entries.Add((WeightsEntry, buffer.ToArray()));
        }
        var listed = entries.Select(e => new ManifestEntryInfo(e.Name, e.Bytes.LongLength, Sha256(e.Bytes))).ToArray();
        var top = new Manifest(ManifestFormat, kind, format, KitVersion, schema.ToArray(), listed);
        entries.Insert(0, (ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(top, ManifestJson)));
        WriteZip(path, entries);
        return path;
    }

    /// <summary>
    /// Checks a model file's manifest (and signature, with a trusted key), every entry's size and SHA-256 and, when
    /// <paramref name="kind"/> is given, its kind; returns the manifest and the verified bytes of each listed entry.
    /// </summary>
    private static (Manifest Top, Dictionary<string, byte[]> Bytes) Verify(string path, string? kind)
    {
        kind ??= "model";
        string Refuse(string what) => $"'{path}' is not a usable {kind} file: {what}";
        using (var zip = OpenArchive(path, kind))
        {
            // Entries that climb out of the archive (../x, /x, C:\x) were never written by the kit: ignored, never read.
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            int count = 0;
            foreach (var entry in zip.Entries)
            {
                if (++count > MaxEntries) throw new InvalidDataException(Refuse($"it holds more than {MaxEntries} entries; a model file holds at most five."));
                if (!IsPlainName(entry.FullName)) continue;
                if (!entries.TryAdd(entry.FullName, entry)) throw new InvalidDataException(Refuse($"it holds '{entry.FullName}' twice."));
            }
            if (!entries.TryGetValue(ManifestEntry, out var manifestEntry))
                throw new InvalidDataException(Refuse(entries.ContainsKey(ModelEntry)
                    ? $"it has no {ManifestEntry} (it was saved by an earlier version of the kit, before model files carried checksums). Train and save it again with this version."
                    : $"it has no {ManifestEntry}: it is not a model file saved by this kit."));
            var manifestBytes = ReadEntry(manifestEntry, MaxJsonBytes, Refuse);
            if (TrustedKey is { } key)
            {
                if (!entries.TryGetValue(SignatureEntry, out var signatureEntry))
                    throw new InvalidDataException(Refuse("it is not signed, and a trusted key is set (ModelFile.TrustedKey, --public-key). Sign it with the bank's private key."));
                if (!key.VerifyData(manifestBytes, ReadEntry(signatureEntry, 1024, Refuse), HashAlgorithmName.SHA256))
                    throw new InvalidDataException(Refuse("its signature does not match the trusted key: it was altered after signing, or signed with another key."));
            }
            Manifest top;
            try
            {
                top = JsonSerializer.Deserialize<Manifest>(manifestBytes, ManifestJson)
                    ?? throw new JsonException("empty");
            }
            catch (JsonException e) { throw new InvalidDataException(Refuse($"{ManifestEntry} is not valid JSON ({e.Message})."), e); }
            if (top.Format != ManifestFormat)
                throw new InvalidDataException(Refuse($"{ManifestEntry} has format '{top.Format}'; this version of the kit reads '{ManifestFormat}'."));
            if (kind != "model" && top.Kind != kind)
                throw new InvalidDataException(Refuse($"it holds {Article(top.Kind)} {top.Kind}, not {Article(kind)} {kind}."));
            if (top.Entries is null || top.Schema is null)
                throw new InvalidDataException(Refuse($"{ManifestEntry} lacks its entries or schema."));
            foreach (var name in entries.Keys)
                if (name is not (ManifestEntry or SignatureEntry) && !top.Entries.Any(e => e.Name == name))
                    throw new InvalidDataException(Refuse($"it holds '{name}', which {ManifestEntry} does not list: something was added after it was saved."));

            var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var listed in top.Entries)
            {
                if (listed is null || listed.Name is not (ModelEntry or RecipeEntry or WeightsEntry or MonitoringEntry))
                    throw new InvalidDataException(Refuse($"{ManifestEntry} lists an entry '{listed?.Name}' the kit does not know."));
                if (!entries.TryGetValue(listed.Name, out var entry))
                    throw new InvalidDataException(Refuse($"{listed.Name} is missing, though {ManifestEntry} lists it."));
                long limit = listed.Name == WeightsEntry ? MaxWeightsBytes : MaxJsonBytes;
                CheckSize(entry, limit, Refuse);
                if (listed.Bytes != entry.Length)
                    throw new InvalidDataException(Refuse($"{listed.Name} is {entry.Length:N0} bytes, but {ManifestEntry} says {listed.Bytes:N0}: the file was changed or damaged after it was saved."));
                var data = ReadEntry(entry, limit, Refuse);
                if (!string.Equals(Sha256(data), listed.Sha256, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidDataException(Refuse($"{listed.Name} does not match its SHA-256 in {ManifestEntry}: the file was changed or damaged after it was saved. Do not use it; restore it from where models are kept."));
                bytes[listed.Name] = data;
            }
            return (top, bytes);
        }
    }

    /// <summary>Opens a model file of <paramref name="kind"/> ("prediction model"), checking its manifest, sizes, SHA-256 and that its format is <paramref name="format"/>.</summary>
    public static Contents Read<TManifest>(string path, string kind, string format, Func<TManifest, string?> formatOf) where TManifest : class
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string Refuse(string what) => $"'{path}' is not a usable {kind} file: {what}";
        var (top, bytes) = Verify(path, kind);
        if (top.ModelFormat != format)
            throw new InvalidDataException(Refuse($"it holds format '{top.ModelFormat}' (written by kit {top.KitVersion}); this version of the kit reads '{format}'."));
        if (!bytes.TryGetValue(ModelEntry, out var modelJson))
            throw new InvalidDataException(Refuse($"{ModelEntry} is missing."));
        TManifest manifest;
        try { manifest = JsonSerializer.Deserialize<TManifest>(modelJson, Json) ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new InvalidDataException(Refuse($"{ModelEntry} cannot be read ({e.Message})."), e);
        }
        string? found = formatOf(manifest);
        if (found != format)
            throw new InvalidDataException(Refuse($"{ModelEntry} holds format '{found}'; this version of the kit reads '{format}'."));
        string? recipe = bytes.TryGetValue(RecipeEntry, out var r) ? Encoding.UTF8.GetString(r) : null;
        var weights = bytes.TryGetValue(WeightsEntry, out var w) ? new MemoryStream(w, writable: false) : null;
        return new Contents(path, kind, manifest, top, recipe, weights);
    }

    private static string Article(string? noun) => noun is { Length: > 0 } && "aeiou".Contains(char.ToLowerInvariant(noun[0])) ? "an" : "a";

    /// <summary>
    /// What a model file says it holds ("prediction model", "segmentation model", "alert agent"), read from its manifest
    /// alone, to choose how to load it; "" when the manifest is missing or unreadable. Loading it then checks everything.
    /// </summary>
    public static string KindOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string Refuse(string what) => $"'{path}' is not a usable model file: {what}";
        using var zip = OpenArchive(path, "model");
        if (zip.GetEntry(ManifestEntry) is not { } entry) return "";
        try { return JsonSerializer.Deserialize<Manifest>(ReadEntry(entry, MaxJsonBytes, Refuse), ManifestJson)?.Kind ?? ""; }
        catch (JsonException) { return ""; }
    }

    /// <summary>The verified bytes of the <see cref="MonitoringEntry"/> of a model file of any kind, or null when it has none.</summary>
    public static byte[]? ReadMonitoringEntry(string path) => Verify(path, kind: null).Bytes.GetValueOrDefault(MonitoringEntry);

    /// <summary>Whether the model file lists a <see cref="MonitoringEntry"/> (a quick look; reading it checks everything).</summary>
    public static bool HasMonitoringEntry(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry(MonitoringEntry) is not null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>
    /// Adds or replaces the <see cref="MonitoringEntry"/> of a saved model file, atomically, after checking the file; the
    /// manifest is rewritten to list it with its SHA-256. A signature covered the old manifest, so it is dropped: sign
    /// the file again.
    /// </summary>
    public static void WriteMonitoringEntry(string path, byte[] bytes)
    {
        var (top, verified) = Verify(path, kind: null);
        verified[MonitoringEntry] = bytes;
        var listed = verified.Select(e => new ManifestEntryInfo(e.Key, e.Value.LongLength, Sha256(e.Value))).OrderBy(e => e.Name, StringComparer.Ordinal).ToArray();
        var manifest = top with { Entries = listed };
        WriteZip(path, verified.Select(e => (e.Key, e.Value)).Prepend((ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson))));
    }

    /// <summary>
    /// Runs <paramref name="build"/> over a model file's contents; anything it throws (broken recipe, weights that do
    /// not fit the network) becomes one error naming the file and the kind.
    /// </summary>
    public static T Build<T>(string path, string kind, Func<T> build)
    {
        try { return build(); }
        catch (Exception e) when (e is not FileNotFoundException and not OutOfMemoryException && !e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{path}' is not a usable {kind} file: {e.Message.TrimEnd('.')}. The file may be damaged or written by another tool: restore it or save the model again.", e);
        }
    }

    /// <summary>Refuses an entry that claims to be larger than <paramref name="limit"/> or far more compressed than real data is, before reading a byte of it.</summary>
    private static void CheckSize(ZipArchiveEntry entry, long limit, Func<string, string> refuse)
    {
        if (entry.Length > limit)
            throw new InvalidDataException(refuse($"{entry.FullName} is {entry.Length:N0} bytes unpacked, over the limit of {limit:N0} (ModelFile.Max{(entry.FullName == WeightsEntry ? "Weights" : "Json")}Bytes)."));
        if (entry.Length > (1L << 20) && entry.Length / Math.Max(1, entry.CompressedLength) > MaxCompressionRatio)
            throw new InvalidDataException(refuse($"{entry.FullName} unpacks {entry.Length / Math.Max(1, entry.CompressedLength):N0} times larger than it is packed (a zip bomb?); refused."));
    }

    /// <summary>An entry's bytes, after <see cref="CheckSize"/>; an entry that grows past its claim while reading is refused.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, long limit, Func<string, string> refuse)
    {
        CheckSize(entry, limit, refuse);
        var data = new byte[entry.Length];
        using var stream = entry.Open();
        int at = 0;
        try
        {
            while (at < data.Length)
            {
                int n = stream.Read(data, at, data.Length - at);
                if (n == 0) throw new InvalidDataException(refuse($"{entry.FullName} ends after {at:N0} of {data.Length:N0} bytes: the file was cut short."));
                at += n;
            }
            // The stated length is checked, not trusted: one byte more means the entry lies about its size.
            if (stream.ReadByte() >= 0) throw new InvalidDataException(refuse($"{entry.FullName} holds more bytes than its header states."));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException || e is InvalidDataException && !e.Message.StartsWith('\''))
        {
            throw new InvalidDataException(refuse($"{entry.FullName} cannot be unpacked ({e.Message})."), e);
        }
        return data;
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && !name.Contains('/') && !name.Contains('\\') && !name.Contains(':') && name is not ("." or "..");

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>What a model file holds, read into memory and checked against its manifest.</summary>
    public sealed class Contents
    {
        private readonly string _path;
        private readonly string _kind;
        private readonly object _manifest;
        private readonly string? _recipeJson;
        private readonly MemoryStream? _weights;

        internal Contents(string path, string kind, object manifest, Manifest fileManifest, string? recipeJson, MemoryStream? weights)
        {
            _path = path; _kind = kind; _manifest = manifest; FileManifest = fileManifest; _recipeJson = recipeJson; _weights = weights;
        }

        /// <summary>The model's own settings (model.json), as the type it was read as.</summary>
        public T Manifest<T>() => (T)_manifest;

        /// <summary>manifest.json: format, kind, kit version, schema and the checksums that were verified.</summary>
        public Manifest FileManifest { get; }

        /// <summary>The fitted recipe's JSON; an error naming the file when it has none.</summary>
        public string RecipeJson => _recipeJson ?? throw new InvalidDataException($"'{_path}' is not a usable {_kind} file: it has no {RecipeEntry}.");

        /// <summary>Whether the file holds a fitted recipe.</summary>
        public bool HasRecipe => _recipeJson is not null;

        /// <summary>The weights, positioned at the start; an error naming the file when it has none.</summary>
        public Stream Weights => _weights ?? throw new InvalidDataException($"'{_path}' is not a usable {_kind} file: it has no {WeightsEntry}.");
    }
}
