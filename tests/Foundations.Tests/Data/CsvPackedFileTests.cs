using System.IO.Compression;
using System.Text;
using Foundations.Data;

namespace Foundations.Tests.Data;

/// <summary>Data sets as they are downloaded: gzip-compressed, zipped, or not CSV at all (Excel workbooks: <see cref="CsvExcelTests"/>).</summary>
public class CsvPackedFileTests
{
    private const string Text = "id,age,income,defaulted\nC1,34,52000,no\nC2,41,61000,yes\nC3,29,38000,no\n";

    private static string Folder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fn-csv-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Zip(params (string Name, string Text)[] entries)
    {
        string path = Path.Combine(Folder(), "download.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in entries)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(text));
        }
        return path;
    }

    /// <summary>
    /// A folder of its own to unpack into: tests in other classes unpack at the same time, so only a folder no one else
    /// uses shows whether this load left anything behind.
    /// </summary>
    internal static string UnpackFolder() => Folder();

    [Fact]
    public void A_gzip_compressed_csv_is_read_as_the_csv_it_holds_and_nothing_is_left_behind()
    {
        string path = Path.Combine(Folder(), "loans.csv.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Optimal)) gz.Write(Encoding.UTF8.GetBytes(Text));
        string unpackInto = CsvPackedFileTests.UnpackFolder();
        var (frame, report) = Csv.Load(path, new CsvOptions { UnpackInto = unpackInto });
        Assert.Equal(new[] { "id", "age", "income", "defaulted" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(3, frame.Rows.Count);
        Assert.Equal(61000, frame.Columns["income"][1]);
        Assert.Equal(path, report.File);
        Assert.Equal($"The file is gzip-compressed: read from the {Encoding.UTF8.GetByteCount(Text)} bytes it unpacks to.", report.Notes[0]);
        Assert.Empty(Directory.GetFileSystemEntries(unpackInto));
    }

    [Fact]
    public void A_zip_holding_one_csv_is_read_from_it_and_a_macs_extra_entries_do_not_count()
    {
        string path = Zip(("data/loans.csv", Text), ("__MACOSX/data/._loans.csv", "resource fork"));
        var (frame, report) = Csv.Load(path);
        Assert.Equal(3, frame.Rows.Count);
        Assert.StartsWith("The file is a zip archive: read from 'data/loans.csv' inside it", report.Notes[0]);
    }

    [Fact]
    public void A_zip_holding_several_files_is_refused_naming_them()
    {
        string path = Zip(("train.csv", Text), ("test.csv", Text));
        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path));
        Assert.Equal($"{path} is a zip file holding 2 files (train.csv, test.csv): unzip it and load the one you mean.", e.Message);
    }

    [Fact]
    public void A_damaged_gzip_is_refused_naming_the_file_and_leaves_nothing_behind()
    {
        string path = Path.Combine(Folder(), "cut.csv.gz");
        var whole = new MemoryStream();
        using (var gz = new GZipStream(whole, CompressionLevel.Optimal, leaveOpen: true))
            for (int i = 0; i < 200; i++) gz.Write(Encoding.UTF8.GetBytes(Text));
        File.WriteAllBytes(path, whole.ToArray()[..(int)(whole.Length / 2)]);
        string unpackInto = CsvPackedFileTests.UnpackFolder();
        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path, new CsvOptions { UnpackInto = unpackInto }));
        // .NET's GZipStream stops quietly where the file is cut: only the size at the file's end tells.
        Assert.StartsWith($"{path} unpacks to ", e.Message);
        Assert.Contains("it is cut short or damaged", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(unpackInto));
    }

    [Fact]
    public void A_csv_whose_header_starts_like_a_parquet_file_is_still_a_csv()
    {
        string path = Path.Combine(Folder(), "params.csv");
        File.WriteAllText(path, "PAR1,PAR2\n1,2\n3,4\n");
        var (frame, _) = Csv.Load(path);
        Assert.Equal(new[] { "PAR1", "PAR2" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(2, frame.Rows.Count);
    }

    [Fact]
    public void A_zip_whose_directory_disagrees_with_itself_is_refused_as_damaged()
    {
        // The end record counts one entry more than the directory holds (a fuzzer's find: .NET throws on first use of Entries).
        string path = Zip(("loans.csv", Text));
        var bytes = File.ReadAllBytes(path);
        int end = bytes.Length - 22;
        Assert.Equal("PK\u0005\u0006"u8.ToArray(), bytes[end..(end + 4)]);
        bytes[end + 8]++;
        bytes[end + 10]++;
        File.WriteAllBytes(path, bytes);
        string unpackInto = CsvPackedFileTests.UnpackFolder();

        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path, new CsvOptions { UnpackInto = unpackInto }));

        Assert.StartsWith($"{path} is a damaged zip file (", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(unpackInto));
    }

    [Fact]
    public void A_parquet_file_is_refused_saying_what_it_is()
    {
        string path = Path.Combine(Folder(), "part.parquet");
        File.WriteAllBytes(path, "PAR1\0\0\0\0PAR1"u8.ToArray());
        var e = Assert.Throws<CsvLoadException>(() => Csv.Load(path));
        Assert.StartsWith($"{path} is a Parquet file, not CSV: load it with ParquetFile.Load", e.Message);
    }
}
