using CsvHelper;

namespace Foundations.Data;

/// <summary>Loads CSV files into typed frames: <c>var (customers, report) = Csv.Load("data-samples/customers.csv");</c></summary>
public static class Csv
{
    /// <summary>
    /// Loads a CSV file into a typed frame, streamed: the delimiter is detected (comma, semicolon, tab, pipe, spaces) unless
    /// given, column types are inferred unless the schema gives them, and bad rows fail the load or are quarantined
    /// as <see cref="CsvOptions.OnBadRow"/> says. The <see cref="LoadReport"/> tells what happened.
    /// </summary>
    public static LoadResult Load(string path, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No CSV file at '{path}' (full path {Path.GetFullPath(path)}).", path);
        // A pipe (`--input <(gunzip -c x.csv.gz)`, a FIFO) can be read once, but a file is read more than once (its
        // delimiter first, then its rows, in parallel halves): refuse it plainly rather than report it empty.
        using (var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            if (!probe.CanSeek)
                throw new CsvLoadException($"{path} is a pipe, not a file: a CSV is read more than once (its delimiter, then its rows). Write it to a file first (a .csv.gz or .zip file is read as it is).", path, reason: "pipe");
        options ??= new CsvOptions();
        using var unpacked = PackedFile.Open(path, options.Sheet, options.UnpackInto);
        if (unpacked is not null) options = options with { FileNotes = [unpacked.Note, .. options.FileNotes], WorkbookSheet = unpacked.Sheet };
        return LoadText(path, unpacked?.Path ?? path, options);
    }

    /// <summary>Loads the text file at <paramref name="file"/>, named <paramref name="path"/> in messages and the report (the packed file it came from).</summary>
    private static LoadResult LoadText(string path, string file, CsvOptions options)
    {
        long bytes = new FileInfo(file).Length;
        var sniffed = options.Delimiter is null or ' ' ? DelimiterSniffer.OfFile(file, options.Encoding) : null;
        options = Sniffed(options, sniffed);
        // Aligned columns are read through a stream that makes each run of spaces one separator (and cannot be split in halves).
        LoadResult Read(CsvOptions o) => o.AlignedWithSpaces
            ? CsvLoader.Load(path, bytes, o, r => CsvReader.Create(new AlignedColumnsStream(File.OpenRead(file)), r, leaveOpen: false))
            : CsvLoader.Load(path, bytes, o, r => CsvReader.FromFile(file, r, FileOptions.SequentialScan), file);
        if (options.Encoding is not null || StartsWithByteOrderMark(file)) return Read(options);
        // No encoding given and no byte order mark: UTF-8 is expected. A file saved by Excel as "CSV (Comma delimited)"
        // is Windows-1252 (£ is one byte, 0xA3); rather than stop on its first £ or set every such row aside, read it again.
        long? line;
        LoadResult? asUtf8 = null;
        CsvLoadException? error = null;
        try
        {
            asUtf8 = Read(options);
            if (asUtf8.Report.Quarantined.FirstOrDefault(q => q.Reason == CsvLoader.InvalidUtf8) is not { } bad) return asUtf8;
            line = bad.Line;
        }
        catch (CsvLoadException e) when (e.Reason == CsvLoader.InvalidUtf8)
        {
            (line, error) = (e.Line, e);
        }
        // A UTF-8 file with a damaged byte also holds valid multi-byte characters (é as two bytes): keep its error or the
        // rows set aside, as before. Only a file with no such character anywhere is read again.
        if (HasMultiByteUtf8(file)) return asUtf8 ?? throw error!;
        return Read(options with
        {
            Encoding = Windows1252,
            FileNotes = [.. options.FileNotes, $"The file is not UTF-8 (line {line} holds other bytes): read as Windows-1252, the encoding Excel writes for \"CSV (Comma delimited)\". If letters look wrong, pass CsvOptions.Encoding."],
        });
    }

    /// <summary>Windows-1252 (Western European), from the code pages .NET ships but does not register by default.</summary>
    private static System.Text.Encoding Windows1252
    {
        get
        {
            System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
            return System.Text.Encoding.GetEncoding(1252);
        }
    }

    /// <summary>Whether the file holds at least one valid UTF-8 character of two or more bytes.</summary>
    private static bool HasMultiByteUtf8(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        int kept = 0, read;
        while ((read = file.Read(buffer, kept, buffer.Length - kept)) > 0)
        {
            int end = kept + read, i = 0;
            bool last = file.Position >= file.Length;
            while (i < end)
            {
                if (buffer[i] < 0x80) { i++; continue; }
                // A sequence cut by the buffer's end is decided with the next read.
                if (!last && end - i < 4) break;
                var status = System.Text.Rune.DecodeFromUtf8(buffer.AsSpan(i, end - i), out _, out int used);
                if (status == System.Buffers.OperationStatus.Done) return true;
                i += Math.Max(used, 1);
            }
            kept = end - i;
            Array.Copy(buffer, i, buffer, 0, kept);
        }
        return false;
    }

    private static bool StartsWithByteOrderMark(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        int n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF
            || n >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF);
    }

    /// <summary>Loads CSV from a stream; <paramref name="sourceName"/> names it in messages and the report.</summary>
    public static LoadResult Load(Stream stream, string sourceName, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long bytes = stream.CanSeek ? stream.Length - stream.Position : 0;
        return CsvLoader.Load(sourceName, bytes, options ?? new CsvOptions(), o => CsvReader.Create(stream, o, leaveOpen: true));
    }

    /// <summary>Loads CSV held in a string (small inputs and tests); <paramref name="sourceName"/> names it in messages.</summary>
    public static LoadResult FromText(string csv, string sourceName = "text", CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(csv);
        options ??= new CsvOptions();
        options = Sniffed(options, options.Delimiter is null or ' ' ? DelimiterSniffer.OfText(csv) : null);
        long bytes = System.Text.Encoding.UTF8.GetByteCount(csv);
        return options.AlignedWithSpaces
            ? CsvLoader.Load(sourceName, bytes, options, o => CsvReader.Create(new AlignedColumnsStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv))), o, leaveOpen: false))
            : CsvLoader.Load(sourceName, bytes, options, o => CsvReader.FromText(csv, o));
    }

    /// <summary>The options with the delimiter the head of the file shows, unless one was given, and whether its columns are aligned with spaces.</summary>
    private static CsvOptions Sniffed(CsvOptions options, DelimiterSniffer.Sniffed? sniffed)
    {
        if (sniffed is not { } s) return options;
        char delimiter = options.Delimiter ?? s.Delimiter;
        return options with { Delimiter = delimiter, AlignedWithSpaces = delimiter == ' ' && s.Delimiter == ' ' && s.SpaceRuns };
    }
}
