using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Foundations.Tests.Deployment;

/// <summary>Rewrites the entries of a model file the way an attacker or a broken copy would, optionally with fresh checksums.</summary>
internal static class ModelFileSurgery
{
    /// <summary>
    /// Rewrites <paramref name="path"/>: <paramref name="edit"/> gets each entry's name and bytes and returns new bytes
    /// (null drops the entry). With <paramref name="rehash"/> manifest.json is updated to match, as a careful forger would.
    /// </summary>
    public static void Edit(string path, Func<string, byte[], byte[]?> edit, bool rehash = false, IEnumerable<(string Name, byte[] Bytes)>? add = null)
    {
        var entries = new List<(string Name, byte[] Bytes)>();
        using (var zip = ZipFile.OpenRead(path))
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                var m = new MemoryStream();
                s.CopyTo(m);
                var changed = e.FullName == "manifest.json" ? m.ToArray() : edit(e.FullName, m.ToArray());
                if (changed is not null) entries.Add((e.FullName, changed));
            }
        if (add is not null) entries.AddRange(add);
        if (rehash)
        {
            int at = entries.FindIndex(e => e.Name == "manifest.json");
            var manifest = JsonNode.Parse(entries[at].Bytes)!;
            foreach (var listed in manifest["entries"]!.AsArray())
            {
                var match = entries.FirstOrDefault(e => e.Name == (string)listed!["name"]!);
                if (match.Bytes is null) continue;
                listed!["bytes"] = match.Bytes.LongLength;
                listed["sha256"] = Convert.ToHexStringLower(SHA256.HashData(match.Bytes));
            }
            entries[at] = ("manifest.json", System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }
        File.Delete(path);
        using var output = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var s = output.CreateEntry(name).Open();
            s.Write(bytes);
        }
    }

    /// <summary>Edits the JSON of <paramref name="entry"/> (model.json or recipe.json) and recomputes the checksums, as a careful forger would.</summary>
    public static void EditJson(string path, string entry, Action<JsonNode> edit) =>
        Edit(path, (n, b) =>
        {
            if (n != entry) return b;
            var json = JsonNode.Parse(b)!;
            edit(json);
            return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        }, rehash: true);

    /// <summary>Edits manifest.json itself (its checks, not its checksums, guard it).</summary>
    public static void EditManifest(string path, Action<JsonNode> edit)
    {
        var entries = new List<(string Name, byte[] Bytes)>();
        using (var zip = ZipFile.OpenRead(path))
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                var m = new MemoryStream();
                s.CopyTo(m);
                entries.Add((e.FullName, m.ToArray()));
            }
        int at = entries.FindIndex(e => e.Name == "manifest.json");
        var manifest = JsonNode.Parse(entries[at].Bytes)!;
        edit(manifest);
        entries[at] = ("manifest.json", System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        File.Delete(path);
        using var output = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var s = output.CreateEntry(name).Open();
            s.Write(bytes);
        }
    }

    /// <summary>Changes the first digit after <paramref name="after"/> in the text (0→1, else minus one).</summary>
    public static byte[] ChangeDigit(byte[] text, string after = "")
    {
        var copy = (byte[])text.Clone();
        int start = after.Length == 0 ? 0 : System.Text.Encoding.UTF8.GetString(copy).IndexOf(after, StringComparison.Ordinal);
        for (int i = Math.Max(0, start); i < copy.Length; i++)
            if (copy[i] is >= (byte)'0' and <= (byte)'9') { copy[i] = copy[i] == (byte)'0' ? (byte)'1' : (byte)(copy[i] - 1); return copy; }
        throw new InvalidOperationException("no digit to change");
    }
}
