using System.IO.Compression;

namespace Foundations.Data;

/// <summary>
/// Public data sets come compressed (Lending Club's .csv.gz, Kaggle's .zip) and bank extracts as Excel workbooks: such a
/// file is unpacked (or its sheet written out) to a temporary CSV and read from there, as pandas' read_csv and read_excel
/// feed the same frame. Files that hold no table to read this way (Parquet, Arrow, OpenDocument) are refused with what
/// to do instead, rather than read as garbled text.
/// </summary>
internal static class PackedFile
{
    /// <summary>A CSV unpacked to <see cref="Path"/>, inside <see cref="Folder"/> (deleted with <see cref="Dispose"/>).</summary>
    internal sealed class Unpacked(string path, string folder, string note) : IDisposable
    {
        public string Path { get; } = path;
        public string Folder { get; } = folder;
        public string Note { get; } = note;

        /// <summary>The sheet written out, when the file is an Excel workbook.</summary>
        public string? Sheet { get; set; }

        public void Dispose()
        {
            try { Directory.Delete(Folder, recursive: true); }
            catch (IOException) { } // another process may still hold it (a virus scanner); the temp folder is the OS's to clean
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// The file unpacked when it is gzip, zip, an Excel workbook (its <paramref name="sheet"/>, else the visible sheet
    /// holding the most values) or ARFF (written as CSV), into a new folder under <paramref name="into"/> (null: the system's
    /// temporary folder); null when it is plain CSV text. Throws for files that hold no CSV.
    /// </summary>
    public static Unpacked? Open(string path, string? sheet = null, string? into = null)
    {
        string root = into ?? System.IO.Path.GetTempPath();
        Span<byte> head = stackalloc byte[8];
        int n;
        using (var file = File.OpenRead(path)) n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        // Parquet starts and ends with PAR1, an Arrow file with ARROW1 and two zero bytes: a CSV whose header begins
        // "PAR1,…" is still a CSV.
        if (head.StartsWith("PAR1"u8) && EndsWith(path, "PAR1"u8)) throw Refused(path, "is a Parquet file, not CSV: load it with ParquetFile.Load", "parquet");
        if (head.SequenceEqual("ARROW1\0\0"u8)) throw Refused(path, "is an Arrow file, not CSV: load it with ArrowFile.Load", "arrow");
        // Excel 97-2003 (.xls) is an OLE compound file; so are Word's .doc and Outlook's .msg, which the workbook reader refuses.
        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 })) return Workbook(path, sheet, root);
        if (head.StartsWith(new byte[] { 0x1F, 0x8B })) return Arff(path, Gunzip(path, root), root);
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
        {
            var unzipped = Unzip(path, sheet, root);
            return unzipped.Sheet is null ? Arff(path, unzipped, root) : unzipped;
        }
        return Arff(path, null, root);
    }

    /// <summary>The CSV of an ARFF file (plain, or just unpacked); <paramref name="unpacked"/> itself when it holds none.</summary>
    private static Unpacked? Arff(string path, Unpacked? unpacked, string root)
    {
        string text = unpacked?.Path ?? path;
        if (!ArffFile.Is(text)) return unpacked;
        if (unpacked is null)
            return Extract(path, root, System.IO.Path.GetFileNameWithoutExtension(path) + ".csv", (to, room) => ArffFile.WriteCsv(path, path, to, room));
        string csv = System.IO.Path.Combine(unpacked.Folder, "arff-rows.csv");
        try
        {
            string note;
            using (var to = new FileStream(csv, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                note = ArffFile.WriteCsv(path, text, to, Room(root));
            return new Unpacked(csv, unpacked.Folder, unpacked.Note + " " + note);
        }
        catch
        {
            unpacked.Dispose();
            throw;
        }
    }

    /// <summary>The bytes a file unpacked to the temporary folder may take: all but 512 MB of its free space.</summary>
    private static long Room(string root) => Math.Max(0, new DriveInfo(root).AvailableFreeSpace - (512L << 20));

    private static bool EndsWith(string path, ReadOnlySpan<byte> tail)
    {
        using var file = File.OpenRead(path);
        if (file.Length < tail.Length) return false;
        file.Seek(-tail.Length, SeekOrigin.End);
        Span<byte> end = stackalloc byte[tail.Length];
        file.ReadExactly(end);
        return end.SequenceEqual(tail);
    }

    private static Unpacked Gunzip(string path, string root)
    {
        string name = System.IO.Path.GetFileName(path);
        string inner = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name + ".csv";
        return Extract(path, root, inner, (to, room) =>
        {
            (long unpacked, uint crc) result;
            using (var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress)) result = Copy(gz, to, room, path);
            // .NET's GZipStream ends quietly where a cut file ends and does not check the checksum: the file's last 8 bytes
            // (CRC-32, then the size mod 2^32) tell whether everything came out as it went in.
            Span<byte> trailer = stackalloc byte[8];
            using (var file = File.OpenRead(path)) { file.Seek(-8, SeekOrigin.End); file.ReadExactly(trailer); }
            uint crc = BitConverter.ToUInt32(trailer), size = BitConverter.ToUInt32(trailer[4..]);
            if (size != (uint)result.unpacked || crc != result.crc)
                throw Refused(path, $"unpacks to {result.unpacked:N0} bytes that do not match the size and checksum at its end: it is cut short or damaged (or joins several gzip files); copy it again, or unpack it with gunzip and load the CSV", "unpack");
            return $"The file is gzip-compressed: read from the {result.unpacked:N0} bytes it unpacks to.";
        });
    }

    private static Unpacked Unzip(string path, string? sheet, string root)
    {
        ZipArchive archive;
        try { archive = ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw Refused(path, $"is a damaged zip file ({e.Message}): copy it again", "zip"); }
        using (archive)
        {
            List<string> names;
            // The central directory is read on first use: a damaged one (entry counts that disagree) throws here.
            try { names = archive.Entries.Select(e => e.FullName).ToList(); }
            catch (InvalidDataException e) { throw Refused(path, $"is a damaged zip file ({e.Message}): copy it again", "zip"); }
            if (names.Contains("xl/workbook.bin"))
                throw Refused(path, "is a binary Excel workbook (.xlsb), which the kit does not read: open it in Excel and save it as .xlsx, or the sheet as \"CSV UTF-8\"", "excel");
            if (names.Contains("[Content_Types].xml") && names.Any(e => e.StartsWith("xl/", StringComparison.Ordinal)))
            {
                ExcelSheet.CheckParts(path, archive.Entries);
                return Workbook(path, sheet, root);
            }
            if (names.Contains("mimetype") && names.Contains("content.xml"))
                throw Refused(path, "is an OpenDocument file (LibreOffice's .ods), not CSV: open it in LibreOffice and save the sheet as .xlsx or as \"Text CSV\" in UTF-8", "opendocument");
            // Folders and the resource forks a Mac adds (__MACOSX/, ._name) hold no data.
            var data = archive.Entries.Where(e => e.Length > 0 && !e.FullName.EndsWith('/') && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal)
                && !e.Name.StartsWith("._", StringComparison.Ordinal)).ToList();
            if (data.Count != 1)
                throw Refused(path, data.Count == 0
                    ? "is a zip file with no file in it"
                    : $"is a zip file holding {data.Count} files ({string.Join(", ", data.Take(5).Select(e => e.FullName))}{(data.Count > 5 ? ", …" : "")}): unzip it and load the one you mean", "zip");
            var entry = data[0];
            return Extract(path, root, entry.Name, (to, room) =>
            {
                (long unpacked, uint crc) result;
                using (var s = entry.Open()) result = Copy(s, to, room, path);
                if (result.unpacked != entry.Length || result.crc != entry.Crc32)
                    throw Refused(path, $"gives {result.unpacked:N0} bytes for '{entry.FullName}' that do not match the size and checksum the archive holds: it is damaged; copy it again", "unpack");
                return $"The file is a zip archive: read from '{entry.FullName}' inside it ({result.unpacked:N0} bytes).";
            });
        }
    }

    private static Unpacked Workbook(string path, string? sheet, string root)
    {
        string? read = null;
        var unpacked = Extract(path, root, System.IO.Path.GetFileNameWithoutExtension(path) + ".csv", (to, room) =>
        {
            (string note, read) = ExcelSheet.WriteCsv(path, sheet, to, room);
            return note;
        });
        unpacked.Sheet = read;
        return unpacked;
    }

    /// <summary>Runs <paramref name="write"/> (given the stream and the bytes it may write) into a new temporary folder; it returns the report's note.</summary>
    private static Unpacked Extract(string path, string root, string innerName, Func<Stream, long, string> write)
    {
        string folder = System.IO.Path.Combine(root, "foundations-unpacked-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string target = System.IO.Path.Combine(folder, string.IsNullOrWhiteSpace(innerName) ? "data.csv" : innerName);
        try
        {
            // The unpacked bytes stop short of filling the disk (a zip bomb, or a file too large for the temp folder).
            string note;
            using (var to = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                note = write(to, Room(root));
            return new Unpacked(target, folder, note);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            TryDelete(folder);
            throw Refused(path, $"could not be unpacked ({e.Message}): it may be damaged or cut short; copy it again", "unpack", e);
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>Copies the unpacked bytes, stopping before they pass <paramref name="room"/>.</summary>
    private static (long Bytes, uint Crc) Copy(Stream from, Stream to, long room, string path)
    {
        uint crc = 0xFFFFFFFF;
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > room)
                throw TooLarge(path, room);
            to.Write(buffer, 0, read);
            foreach (byte b in buffer.AsSpan(0, read)) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return (total, ~crc);
    }

    /// <summary>CRC-32 (IEEE 802.3, as gzip and zip store it), one table entry per byte value.</summary>
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A value as one CSV field for the loader, quoted when it holds a comma, a quote, a line break or edge spaces (no formula neutralising: the loader reads it back as written).</summary>
    internal static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value.Length != value.AsSpan().Trim().Length ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    internal static CsvLoadException TooLarge(string path, long room) =>
        Refused(path, $"unpacks to more than the {room:N0} bytes free in the temporary folder ({System.IO.Path.GetTempPath()}): unpack it yourself where there is room", "unpack");

    internal static CsvLoadException Refused(string path, string what, string reason, Exception? inner = null) =>
        new($"{path} {what}.", path, reason: reason, inner: inner);
}
