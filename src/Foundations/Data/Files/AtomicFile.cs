using System.Text;

namespace Foundations.Data;

/// <summary>
/// Writes a file all at once or not at all: the bytes go to a temporary file beside the target, which is flushed to disk
/// and renamed over the target only when complete, so a full disk or a crash never leaves a cut-off file behind.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on any error the target is left as it was.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new IOException($"Cannot write '{path}': it is a folder. Give a file name, such as {Path.Combine(path, "scores.csv")}.");
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        // Same folder, so the rename stays on one file system and is atomic; the dot keeps it out of globs like *.csv.
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // Read-write: a writer may update a zip in place (MonitoringReference.SaveWith).
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark, atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Writes text through a <see cref="TextWriter"/> (UTF-8, no byte order mark, "\n" line ends), atomically.</summary>
    public static void WriteText(string path, Action<TextWriter> write) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        write(writer);
    });

    /// <summary>Whether two paths name the same file (after resolving relative parts; case-insensitively where the file system is).</summary>
    public static bool SamePath(string a, string b)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string fa = Path.GetFullPath(a), fb = Path.GetFullPath(b);
        if (string.Equals(fa, fb, comparison)) return true;
        // A symbolic link to the input is the input too.
        try
        {
            string? ra = File.Exists(fa) ? new FileInfo(fa).ResolveLinkTarget(true)?.FullName : null;
            string? rb = File.Exists(fb) ? new FileInfo(fb).ResolveLinkTarget(true)?.FullName : null;
            return string.Equals(ra ?? fa, rb ?? fb, comparison);
        }
        catch (IOException) { return false; }
    }
}
