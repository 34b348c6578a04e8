using CsvHelper;

namespace Foundations.Data;

/// <summary>Loads CSV files into typed frames: <c>var (customers, report) = Csv.Load("data-samples/customers.csv");</c></summary>
public static class Csv
{
    /// <summary>
    /// Loads a CSV file into a typed frame, streamed: the delimiter is detected (comma, semicolon, tab, pipe) unless
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
                throw new CsvLoadException($"{path} is a pipe, not a file: a CSV is read more than once (its delimiter, then its rows). Write it to a file first, for example `gunzip -c data.csv.gz > data.csv`.", path, reason: "pipe");
        long bytes = new FileInfo(path).Length;
        options ??= new CsvOptions();
        if (options.Delimiter is null && DelimiterSniffer.OfFile(path, options.Encoding) is char detected) options = options with { Delimiter = detected };
        return CsvLoader.Load(path, bytes, options,
            o => CsvReader.FromFile(path, o, FileOptions.SequentialScan), path);
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
        if (options.Delimiter is null && DelimiterSniffer.OfText(csv) is char detected) options = options with { Delimiter = detected };
        return CsvLoader.Load(sourceName, System.Text.Encoding.UTF8.GetByteCount(csv), options, o => CsvReader.FromText(csv, o));
    }
}
