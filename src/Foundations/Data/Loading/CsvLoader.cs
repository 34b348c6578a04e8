using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// The engine behind <see cref="Csv"/>: one streamed pass with CsvHelper. The first rows are buffered as bytes for
/// type inference and then replayed, so the file is read once; every later field goes from CsvHelper's span
/// straight into a typed buffer.
/// </summary>
internal sealed class CsvLoader
{
    internal const string Ragged = "ragged row";
    internal const string UnterminatedQuote = "unterminated quote";
    internal const string MalformedQuoting = "malformed quoting";
    internal const string WrongType = "wrong type";
    internal const string NonFinite = "non-finite number";
    internal const string InvalidUtf8 = "invalid UTF-8";

    private readonly string _file;
    private readonly CsvOptions _options;
    private readonly FieldRules _rules;
    private readonly Dictionary<long, CsvMalformedRecord> _malformed = new();
    private readonly List<QuarantinedRow> _quarantined = new();
    private readonly List<string> _notes = new();
    private readonly List<long>? _rowLines;
    /// <summary>Columns whose first rows write numbers or dates in a convention of their own (13.56%, £5, 28/07/2019), by index.</summary>
    private Dictionary<int, WrittenAs> _writtenAs = new();
    /// <summary>Set while a schema-typed column's first rows are read for their writing conventions only.</summary>
    private bool _conventionsOnly;
    /// <summary>Set while a column is judged again without its words for no value: the column and those words.</summary>
    private (int Column, HashSet<string> Words)? _wordsSetApart;
    private ColumnBuilder[] _builders = Array.Empty<ColumnBuilder>();
    private TextBuilder?[] _text = Array.Empty<TextBuilder?>();
    private bool _hasText;
    private int[] _textIndices = Array.Empty<int>();
    private int[] _typed = Array.Empty<int>();
    /// <summary>The typed columns' fields as written, by column index, when <see cref="CsvOptions.KeepWrittenText"/> asks for them.</summary>
    private StringDataFrameColumn?[]? _written;
    private string[] _names = Array.Empty<string>();
    private int _width;
    private int _rows;
    private long _rowsRead;
    private long _trailingDelimiterRows;
    private string? _path;
    /// <summary>Lines before the first record this loader reads (the second half of a file split in two).</summary>
    private long _lineOffset;
    private long _recordBase = 1;

    private CsvReaderOptions ReaderOptions(char? separator, bool hasHeader) => new()
    {
        Separator = separator,
        HasHeader = hasHeader,
        DetectSeparatorHint = hasHeader,
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MalformedData = CsvMalformedDataHandling.Recover,
        OnMalformedRecord = m => _malformed[m.RecordNumber] = m,
        Encoding = _options.Encoding,
        BufferSize = 1 << 18,
        // One string per distinct value and column; CsvHelper turns pooling off by itself for columns of unique values.
        PoolStrings = true,
        // Spaces around an unquoted value are not part of it (as data.table's fread reads them): "North " and a file
        // written with ", " between fields give the category the next file writes as "North". Quoted values keep theirs.
        TrimWhitespace = true,
    };

    private CsvLoader(string file, CsvOptions options)
    {
        _file = file;
        _options = options;
        _rules = new FieldRules(options);
        if (options.KeepRowLines) _rowLines = new List<long>();
    }

    public static LoadResult Load(string file, long bytes, CsvOptions options, Func<CsvReaderOptions, CsvReader> open, string? path = null)
    {
        if (options.InferenceRows < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.InferenceRows, "CsvOptions.InferenceRows must be at least 1.");
        if (options.Delimiter is char d && (d > 127 || d is '"' or '\r' or '\n' || char.IsLetterOrDigit(d)))
            throw new ArgumentException($"CsvOptions.Delimiter '{d}' cannot separate fields: use an ASCII punctuation character, space or tab (such as ',', ';', '\\t', '|').", nameof(options));
        var loader = new CsvLoader(file, options) { _path = path };
        using var reader = open(loader.ReaderOptions(options.Delimiter, hasHeader: true));
        // A bulk load keeps nearly everything it allocates: background (concurrent) collections only compete with it
        // for the cores, so they are paused for the load and the previous mode restored after (measured about 25% faster).
        var latency = GCSettings.LatencyMode;
        if (latency == GCLatencyMode.Interactive) GCSettings.LatencyMode = GCLatencyMode.Batch;
        try
        {
            return loader.Run(reader, bytes);
        }
        catch (CsvFormatException e)
        {
            throw new CsvLoadException($"{file} line {e.LineNumber}: {e.Message}", file, e.LineNumber, reason: "unreadable input", inner: e);
        }
        finally
        {
            if (latency == GCLatencyMode.Interactive) GCSettings.LatencyMode = latency;
        }
    }

    private LoadResult Run(CsvReader reader, long bytes)
    {
        reader.ReadHeader();
        IReadOnlyList<string> headers = reader.Headers;
        if (headers.Count == 0 || (headers.Count == 1 && headers[0].Length == 0))
            throw new CsvLoadException($"{_file} is empty: expected a header row with column names on line 1.", _file, reason: "empty file");
        if (_malformed.TryGetValue(1, out var badHeader))
            throw new CsvLoadException($"{_file} line 1: the header has {Describe(badHeader.Reason)}.", _file, 1, reason: badHeader.Reason == CsvMalformedReason.UnterminatedQuote ? UnterminatedQuote : MalformedQuoting);
        // A report title above the header ("Customer export 2024-03-01"): fewer fields than the line below it, which is
        // the header, or one value and empty fields as Excel pads it ("Customer export,,,,"). Otherwise (a file of one
        // column, say) the line below is the first row.
        var sample = new SampleRows();
        bool titled = false;
        long headerLine = 1;
        bool padded = headers.Count > 1 && headers[0].Trim().Length > 0 && headers.Skip(1).All(h => h.Trim().Length == 0);
        if (reader.Read())
        {
            sample.Add(reader);
            // Excel writes a blank row under a padded title as empty fields (",,"): the names may come after such rows.
            int blanks = 0;
            bool more = true;
            while (padded && more && Enumerable.Range(0, reader.FieldCount).All(i => reader.GetSpan(i).Trim((byte)' ').IsEmpty))
                if (more = reader.Read()) { sample.Add(reader); blanks++; }
            if (more && (reader.FieldCount > headers.Count || padded && reader.FieldCount == headers.Count) && !_malformed.ContainsKey(reader.RowNumber + 1) && LooksLikeNames(reader))
            {
                var names = Enumerable.Range(0, reader.FieldCount).Select(i => Encoding.UTF8.GetString(reader.GetSpan(i))).ToArray();
                long line = reader.LineNumber;
                // The line after the names must split as they do, else the short first line was the header after all.
                if (reader.Read())
                {
                    sample.Add(reader);
                    if (reader.FieldCount == names.Length || reader.FieldCount == names.Length + 1 && reader.GetSpan(names.Length).IsEmpty)
                    {
                        _notes.Add(padded
                            ? $"Line 1 ('{Shorten(headers[0])}') holds one value and {headers.Count - 1} empty field(s): read as a title above the header, which is line {line}."
                            : $"Line 1 ('{Shorten(string.Join(", ", headers))}') has {headers.Count} field(s) over lines of {names.Length}: read as a title above the header, which is line {line}.");
                        headers = names;
                        for (int k = 0; k <= blanks; k++) sample.RemoveFirst();
                        titled = true;
                        headerLine = line;
                    }
                }
            }
        }
        if (headers.Count > MaxColumns)
            throw new CsvLoadException($"{_file} line {headerLine}: the header has {headers.Count:N0} fields, more than the {MaxColumns:N0} columns a file is read with: is the file one line without line breaks, or a matrix to transpose?", _file, headerLine, reason: "too many columns");
        _width = headers.Count;
        int headerNotes = _notes.Count;
        _names = NameColumns(headers);

        // Buffer the first rows as bytes, infer the types from them, then replay them into the builders.
        while (sample.Count < _options.InferenceRows && reader.Read())
            sample.Add(reader);
        if (!titled && FirstLineIsData(headers, sample))
        {
            // A file written without a header (the UCI repository's crx.data, australian.dat): line 1 is the first customer.
            string values = Shorten(string.Join(", ", headers.Take(4)));
            sample.InsertFirst(headers, reader.Separator);
            _notes.RemoveRange(headerNotes, _notes.Count - headerNotes);
            _names = Enumerable.Range(1, _width).Select(k => $"column_{k}").ToArray();
            _notes.Insert(headerNotes, $"Line 1 ({values}, …) holds values like the rows below it, not column names: the file has no header. Line 1 is read as the first row, and the columns are named column_1 … column_{_width} in the order of the file (name the outcome as, say, target=column_{_width}).");
        }
        else if (SecondHeader(sample) is { } better)
        {
            // A sheet with two naming rows (codes over names, as UCI's credit card file: X1 … Y over ID, LIMIT_BAL, …):
            // the second names the columns, and is no customer.
            string lineOne = string.Join(", ", _names.Take(4)), lineTwo = string.Join(", ", better.Take(4));
            long line = sample.Record(0).Line;
            _notes.RemoveRange(headerNotes, _notes.Count - headerNotes);
            _names = NameColumns(better);
            _notes.Insert(headerNotes, $"Line {line} names the columns again, in words where the rows below hold numbers ({lineTwo}, …; line 1 has {lineOne}, …): its names are used, and it is not read as data.");
            sample.RemoveFirst();
        }
        // The schema names columns as the loaded frame does (an unnamed column is 'column_N', a repeated name 'name_2'), so
        // a model trained on a file whose header has an empty first name (an exported row index) can score that file.
        CheckSchema(_names);
        var types = new (ColumnType Type, bool FromSchema)[_width];
        for (int c = 0; c < _width; c++)
            types[c] = _options.Schema is { } schema && schema.TryGet(_names[c] == TrailingName ? _trailingRename ?? "" : _names[c], out var t) ? (t, true)
                : _options.OtherColumnsAsText ? (ColumnType.Text, true) : (Infer(sample, c), false);
        if (sample.Count == 0 && types.Any(t => !t.FromSchema))
            _notes.Add("The file has a header but no data rows: columns without a schema type are read as Text.");
        // A number column written as "13.56%" or "7,5" keeps that convention when a schema names it (a saved model
        // scoring the loan book it was trained on): the first rows say which, as when the type is inferred.
        for (int c = 0; c < _width; c++)
        {
            if (types[c] is not ((ColumnType.Double or ColumnType.DateTime), true)) continue;
            int notes = _notes.Count;
            _conventionsOnly = true;
            Infer(sample, c);
            _conventionsOnly = false;
            if (_writtenAs.ContainsKey(c)) continue;
            _notes.RemoveRange(notes, _notes.Count - notes);
            // First rows that do not tell (dates all on days 1–12, amounts such as 1,250 that read either way) are read as
            // the model's training file wrote the column, if every one of them reads so and some read no other way.
            string name = _names[c] == TrailingName ? _trailingRename ?? "" : _names[c];
            if (_options.Schema?.WrittenLikeOf(name) is { } saved && ReadsOnlyAs(sample, c, types[c].Type, saved) is { } example)
            {
                _writtenAs[c] = saved;
                _notes.Add($"Column '{name}': its first rows do not show how it is written (such as {example}); read as the file the model learned from wrote it ({string.Join(", ", saved.Names())}).");
            }
        }
        // Words the schema reads as no value (a saved model's training file wrote them so), beside any the first rows show,
        // counted in Finish's note. A column the schema does not type gets them when it is read as numbers.
        for (int c = 0; c < _width; c++)
        {
            if (GivenWords(c) is not { Count: > 0 } words) continue;
            if (types[c].Type is ColumnType.Int32 or ColumnType.Int64 or ColumnType.Double)
                Mark(c, w => w with { NoValueWords = w.NoValueWords.Union(words, StringComparer.Ordinal).ToArray() });
            else _notes.Add($"Column '{_names[c]}' is {types[c].Type}: the words the schema reads as missing values ({string.Join(", ", words.Select(w => $"'{w}'"))}) apply to number columns only, so they are kept as values.");
        }

        // A large file is read in two halves at once, split at a record boundary found by a quick scan.
        long splitAt = long.MaxValue, splitLine = 0;
        // Measured on 2 busy cores the split was slower than one pass (the second half's copy and the scan cost more than
        // the second core gives), so it is used from 4 cores on; tests force it with SplitFromBytes.
        bool large = !_options.KeepRowLines && !_options.KeepWrittenText
            && (_options.SplitFromBytes is long forced ? bytes >= forced : bytes >= ParallelFromBytes && Environment.ProcessorCount >= 4);
        if (_path is not null && large && sample.Count == _options.InferenceRows
            && (_options.Encoding is null || _options.Encoding.CodePage == Encoding.UTF8.CodePage))
            (splitAt, splitLine) = FindSplit(reader.Separator, bytes / 2, reader.ByteOffset);
        bool split = splitAt != long.MaxValue;
        int perRow = EstimateRows(bytes, sample);
        InitBuilders(types, split ? (int)Math.Min(perRow, (long)perRow * splitAt / bytes + 16) : perRow);

        for (int i = 0; i < sample.Count; i++)
        {
            var staged = sample.Record(i);
            Process(ref staged);
        }
        if (!split)
        {
            ReadRest(reader, bytes, long.MaxValue);
            return Finish(reader.Separator, bytes);
        }

        var second = new CsvLoader(_file, _options) { _names = _names, _width = _width, _trailingRename = _trailingRename, _writtenAs = _writtenAs, _lineOffset = splitLine - 1, _recordBase = 0 };
        second.InitBuilders(types, (int)Math.Min(perRow, (long)perRow * (bytes - splitAt) / bytes + 16));
        char separator = reader.Separator;
        var secondHalf = Task.Run(() => second.ReadFrom(_path!, splitAt, separator));
        try
        {
            ReadRest(reader, bytes, splitAt);
        }
        catch
        {
            // The first half's error comes first in the file: it wins, once the second half has stopped.
            try { secondHalf.Wait(); } catch (AggregateException) { }
            throw;
        }
        secondHalf.GetAwaiter().GetResult();
        Append(second);
        return Finish(separator, bytes);
    }

    /// <summary>The number a note's example percentage reads as ("13.56%" → 13.56), as the column builder will read it.</summary>
    private static string PercentValue(string? example, bool decimalComma) =>
        FieldParsers.TryPercent(Encoding.UTF8.GetBytes(example ?? ""), decimalComma, out double value) ? value.ToString(CultureInfo.InvariantCulture) : "?";

    /// <summary>
    /// The first of the sample's values in column <paramref name="column"/> that reads as <paramref name="written"/> says
    /// and not plainly, when every value reads as it says; null otherwise (then the column is read plainly, and a value
    /// that does not read so sets its row aside, named). Words without a digit are left to that.
    /// </summary>
    private string? ReadsOnlyAs(SampleRows sample, int column, ColumnType type, WrittenAs written)
    {
        var asSaved = ColumnBuilder.For(_names[column], type, true, _rules, sample.Count, written);
        var plainly = ColumnBuilder.For(_names[column], type, true, _rules, sample.Count, WrittenAs.Plainly);
        string? example = null;
        for (int i = 0; i < sample.Count; i++)
        {
            if (sample.IsMalformed(i, _malformed) || !sample.Fits(i, _width)) continue;
            var f = sample.Field(i, column);
            if (_rules.IsMissing(f) || f.IndexOfAnyInRange((byte)'0', (byte)'9') < 0) continue;
            bool readsAsSaved = asSaved.Append(f, 0) == FieldStatus.Ok, readsPlainly = plainly.Append(f, 0) == FieldStatus.Ok;
            if (!readsAsSaved && readsPlainly) return null;   // this file writes the column another way
            // A value that reads neither way is set aside on its own; it must not cost the other rows their convention.
            if (readsAsSaved && !readsPlainly) example ??= Encoding.UTF8.GetString(f);
        }
        return example;
    }

    /// <summary>Files from this size are read in two halves at once.</summary>
    internal const long ParallelFromBytes = 8L << 20;

    private void InitBuilders((ColumnType Type, bool FromSchema)[] types, int capacity)
    {
        _builders = new ColumnBuilder[_width];
        for (int c = 0; c < _width; c++)
            _builders[c] = ColumnBuilder.For(_names[c] == TrailingName ? _trailingRename! : _names[c], types[c].Type, types[c].FromSchema, _rules, capacity, _writtenAs.GetValueOrDefault(c));
        _text = _builders.Select(b => b as TextBuilder).ToArray();
        _textIndices = Enumerable.Range(0, _width).Where(c => _text[c] is not null).ToArray();
        _typed = Enumerable.Range(0, _width).Where(c => _text[c] is null).ToArray();
        _hasText = _textIndices.Length > 0;
        if (_options.KeepWrittenText)
        {
            _written = new StringDataFrameColumn?[_width];
            foreach (int c in _typed) _written[c] = new StringDataFrameColumn(_builders[c].Name, 0);
        }
    }

    /// <summary>The byte offset and line of the first record at or after <paramref name="target"/>, found by scanning (no field is decoded).</summary>
    private (long Offset, long Line) FindSplit(char separator, long target, long after)
    {
        using var scan = CsvReader.FromFile(_path!, new CsvReaderOptions
        {
            Separator = separator, HasHeader = true, DetectSeparatorHint = false, TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow, MalformedData = CsvMalformedDataHandling.Recover,
            Encoding = _options.Encoding, BufferSize = 1 << 18,
        }, FileOptions.SequentialScan);
        while (scan.Read())
            if (scan.ByteOffset >= target)
                return scan.ByteOffset > after ? (scan.ByteOffset, scan.LineNumber) : (long.MaxValue, 0);
        return (long.MaxValue, 0);
    }

    /// <summary>Reads the records from byte <paramref name="offset"/> to the end (the second half of a split file).</summary>
    private void ReadFrom(string path, long offset, char separator)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = CsvReader.Create(stream, ReaderOptions(separator, hasHeader: false), leaveOpen: false);
        ReadRest(reader, 0, long.MaxValue);
    }

    /// <summary>Appends the rows, bad rows and counts of the second half after this loader's own.</summary>
    private void Append(CsvLoader second)
    {
        for (int c = 0; c < _width; c++) _builders[c].AppendFrom(second._builders[c]);
        _rows += second._rows;
        _rowsRead += second._rowsRead;
        _quarantined.AddRange(second._quarantined);
        _trailingDelimiterRows += second._trailingDelimiterRows;
    }

    /// <summary>Files this large report their progress (in MB read) while loading.</summary>
    private const long ProgressFromBytes = 64L << 20;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadRest(CsvReader reader, long bytes, long stopAt)
    {
        var live = new LiveRecord(reader, _lineOffset, _recordBase);
        if (bytes < ProgressFromBytes)
        {
            while (reader.Read() && reader.ByteOffset < stopAt)
                Process(ref live);
            return;
        }
        string title = $"Loading {Path.GetFileName(_file)}";
        var progress = ProgressReporting.For(title, _options.Progress);
        int totalMb = (int)(Math.Min(bytes, stopAt) >> 20);
        while (reader.Read() && reader.ByteOffset < stopAt)
        {
            Process(ref live);
            if ((_rowsRead & 0xFFFF) == 0)
                progress.Report(new ProgressReport(title, (int)Math.Min(totalMb, reader.ByteOffset >> 20), totalMb, $"{_rowsRead:N0} rows"));
        }
        progress.Report(new ProgressReport(title, totalMb, totalMb, $"{_rowsRead:N0} rows"));
    }

    private interface IRecord
    {
        long Line { get; }
        long RecordNumber { get; }
        int FieldCount { get; }
        ReadOnlySpan<byte> Field(int index);
        ReadOnlySpan<byte> Raw { get; }
        string Text(int index);
    }

    private readonly struct LiveRecord(CsvReader reader, long lineOffset, long recordBase) : IRecord
    {
        public long Line => reader.LineNumber + lineOffset;
        public long RecordNumber => reader.RowNumber + recordBase;
        public int FieldCount => reader.FieldCount;
        public ReadOnlySpan<byte> Field(int index) => reader.GetSpan(index);
        public ReadOnlySpan<byte> Raw => reader.RawRecord;
        public string Text(int index) => reader.GetString(index);
    }

    // Hot paths are compiled fully optimized at once: a notebook loads a file once, and tier-0 code would run most of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Process<TRecord>(ref TRecord record) where TRecord : struct, IRecord
    {
        _rowsRead++;
        if (_malformed.Count > 0 && _malformed.Remove(record.RecordNumber, out var malformed))
        {
            var raw = record.Raw;
            if (malformed.Reason == CsvMalformedReason.UnterminatedQuote)
            {
                long end = record.Line + Math.Max(0, LineCount(raw) - 1);
                Bad(UnterminatedQuote, $"the quote opened on line {record.Line} is never closed, so lines {record.Line}–{end} were read as one row", record.Line, raw);
            }
            else
                Bad(MalformedQuoting, $"{Describe(malformed.Reason)}", record.Line, raw);
            return;
        }
        int n = record.FieldCount;
        if (n != _width)
        {
            if (n == _width + 1 && record.Field(_width).IsEmpty) _trailingDelimiterRows++;
            else
            {
                Bad(Ragged, $"ragged row: {n} field{(n == 1 ? "" : "s")} where the header has {_width}", record.Line, record.Raw);
                return;
            }
        }
        // One vectorized UTF-8 check of the whole row spares one per text field; only a row that fails it is checked field by field.
        bool rowIsUtf8 = _hasText && Utf8.IsValid(record.Raw);
        // Typed columns first: text is appended only once the row is known to be good, so text never needs undoing.
        foreach (int c in _typed)
        {
            var field = record.Field(c);
            var status = _builders[c].Append(field, record.Line);
            if (status == FieldStatus.Ok) continue;
            foreach (int k in _typed) _builders[k].Truncate(_rows);
            Reject(status, _builders[c], field, record.Line, record.Raw);
            return;
        }
        if (_hasText && !rowIsUtf8)
        {
            foreach (int c in _textIndices)
            {
                var field = record.Field(c);
                if (_rules.IsMissing(field) || Utf8.IsValid(field)) continue;
                foreach (int k in _typed) _builders[k].Truncate(_rows);
                Reject(FieldStatus.InvalidUtf8, _builders[c], field, record.Line, record.Raw);
                return;
            }
        }
        // Text goes through CsvHelper's pooled strings: one string per distinct value and column.
        foreach (int c in _textIndices)
            _text[c]!.AppendText(_rules.IsMissing(record.Field(c)) ? null : record.Text(c));
        if (_written is not null)
            foreach (int c in _typed)
                _written[c]!.Append(record.Field(c).IsEmpty ? null : record.Text(c));
        _rowLines?.Add(record.Line);
        _rows++;
    }

    private void Reject(FieldStatus status, ColumnBuilder b, ReadOnlySpan<byte> field, long line, ReadOnlySpan<byte> raw)
    {
        string value = Shown(field);
        switch (status)
        {
            case FieldStatus.WrongType:
                string origin = b.FromSchema ? $"{b.Type}, from the schema" : $"{b.Type}, inferred from the first {_options.InferenceRows:N0} rows: give CsvOptions.Schema to read it otherwise";
                Bad(WrongType, $"column '{b.Name}' expects {b.Expected} ({origin}), found '{value}'", line, raw, b.Name, value);
                break;
            case FieldStatus.NonFinite:
                Bad(NonFinite, $"column '{b.Name}' holds '{value}': infinite numbers are not accepted (NaN is read as missing)", line, raw, b.Name, value);
                break;
            default:
                Bad(InvalidUtf8, $"column '{b.Name}' holds bytes that are not valid UTF-8 ('{value}'): the file is probably Latin-1 or Windows-1252, so pass CsvOptions.Encoding", line, raw, b.Name, value);
                break;
        }
    }

    private void Bad(string reason, string detail, long line, ReadOnlySpan<byte> raw, string? column = null, string? value = null)
    {
        if (_options.OnBadRow == BadRows.Fail)
            throw new CsvLoadException($"{_file} line {line}: {detail}. (Use CsvOptions.OnBadRow = BadRows.Quarantine to set such rows aside.)", _file, line, column, value, reason);
        _quarantined.Add(new QuarantinedRow(line, reason, detail, Encoding.UTF8.GetString(raw), column, value));
    }

    private LoadResult Finish(char separator, long bytes)
    {
        var columns = new List<DataFrameColumn>(_width);
        var loaded = new List<LoadedColumn>(_width);
        for (int c = 0; c < _width; c++)
        {
            var b = _builders[c];
            // A header that ends with the delimiter names an empty last column: drop it when no row fills it.
            if (c == _width - 1 && _width > 1 && _names[c] == TrailingName && b.Missing == b.Count)
            {
                _notes.Add("The header ends with a delimiter and no row has a value in that last, unnamed column: it was left out.");
                continue;
            }
            if (_names[c] == TrailingName) _notes.Add($"The last column has no name in the header: it is called '{b.Name}'.");
            if (b.NaNTexts > 0) _notes.Add($"Column '{b.Name}': {b.NaNTexts:N0} texts that mean no value in a number column (NaN, NA, N/A, #N/A, NULL, None or ?) were read as missing values.");
            if (b is NumberBuilder { UnderscoreRows: > 0 } padded)
                _notes.Add($"Column '{b.Name}': {padded.UnderscoreRows:N0} numbers written with underscores around them (such as {padded.UnderscoreExample}) were read without them.");
            if (b is NumberBuilder { NoValueWords.Count: > 0 } words)
                _notes.Add($"Column '{b.Name}': {string.Join(", ", words.NoValueWords.Select((w, k) => string.Create(CultureInfo.InvariantCulture, $"'{w}' in {words.NoValueWordRows[k]:N0} rows")))} read as missing values.");
            if (b.WidenedNote is not null) _notes.Add(b.WidenedNote);
            var built = b.Build();
            if (b is NumberBuilder number) NoValueWords.Set(built, number.NoValueWords);
            if (b is NumberBuilder or DateTimeBuilder && _writtenAs.TryGetValue(c, out var conventions)) WrittenConventions.Set(built, conventions);
            columns.Add(built);
            loaded.Add(new LoadedColumn(b.Name, b.Type, b.FromSchema, b.Missing) { NoValueWordRows = (b as NumberBuilder)?.NoValueWordRows.Sum() ?? 0 });
        }
        if (_trailingDelimiterRows > 0)
            _notes.Add($"{_trailingDelimiterRows:N0} rows end with a trailing delimiter: the empty field after it was ignored.");
        var frame = new DataFrame(columns);
        if (_options.AlignedWithSpaces) _notes.Insert(0, "Fields are separated by spaces, with columns aligned by runs of them: each run is read as one separator.");
        else if (separator == ' ') _notes.Insert(0, "Fields are separated by spaces.");
        _notes.InsertRange(0, _options.FileNotes);
        var written = _written?.OfType<StringDataFrameColumn>().Where(w => frame.Columns.IndexOf(w.Name) >= 0).ToDictionary(w => w.Name, StringComparer.Ordinal);
        var report = new LoadReport(_file, separator, bytes, _rowsRead, _rows, _quarantined, loaded, _notes) { RowLines = _rowLines, WrittenText = written, Sheet = _options.WorkbookSheet };
        return new LoadResult(frame, report);
    }

    private const string TrailingName = "\0trailing";

    /// <summary>
    /// The first data row when it is a second header: a distinct word in every column (no number, no gap) while most
    /// columns hold numbers in the rows below it. Null otherwise.
    /// </summary>
    private string[]? SecondHeader(SampleRows sample)
    {
        if (sample.Count < 3 || sample.IsMalformed(0, _malformed) || !sample.Fits(0, _width)) return null;
        var names = new string[_width];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int numericBelow = 0;
        for (int c = 0; c < _width; c++)
        {
            var f = sample.Field(0, c);
            if (f.IsEmpty || IsNumber(f) || !Utf8.IsValid(f)) return null;
            names[c] = Encoding.UTF8.GetString(f).Trim();
            if (names[c].Length == 0 || !seen.Add(names[c])) return null;
            int present = 0;
            bool numbers = true;
            for (int i = 1; i < sample.Count && numbers; i++)
            {
                if (sample.IsMalformed(i, _malformed) || !sample.Fits(i, _width)) continue;
                var g = sample.Field(i, c);
                if (_rules.IsMissing(g) || FieldParsers.IsMissingMarker(g)) continue;
                present++;
                numbers = IsNumber(g);
            }
            if (numbers && present > 0) numericBelow++;
        }
        return numericBelow * 2 > _width ? names : null;
    }

    /// <summary>
    /// Whether line 1 is data rather than names: every column whose rows below hold numbers has a number there too (at
    /// least one does), every other column has a value written like one of its values below (letters, digits and marks
    /// in the same order: 'b' over 'a' and 'gg', not 'Gender' over 'M'), and the numbers are not a run of years or months
    /// (2019, 2020, 2021 over amounts). A model trained on such a file (columns column_1 … column_N) scores one alike.
    /// </summary>
    private bool FirstLineIsData(IReadOnlyList<string> headers, SampleRows sample)
    {
        // A model trained on a file without a header knows its columns by number only (column_3, not all of them: the
        // target and columns left out are not in its schema); line 1 of its scoring file names none of them.
        if (_options.Schema is { Columns.Count: > 0 } schema
            && schema.Columns.All(n => n.StartsWith("column_", StringComparison.Ordinal) && int.TryParse(n.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1 && k <= _width)
            && !headers.Any(h => schema.TryGet(h.Trim(), out _)))
            return true;
        const int rows = 200;
        bool anyNumber = false;
        var numbersInHeader = new List<double>();
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < _width; c++)
        {
            var h = Encoding.UTF8.GetBytes(headers[c]);
            int present = 0, numbers = 0;
            shapes.Clear();
            for (int i = 0; i < Math.Min(sample.Count, rows); i++)
            {
                if (sample.IsMalformed(i, _malformed) || !sample.Fits(i, _width)) continue;
                var g = sample.Field(i, c);
                if (_rules.IsMissing(g) || FieldParsers.IsMissingMarker(g)) continue;
                present++;
                if (IsNumber(g)) numbers++;
                else if (shapes.Count < 64) shapes.Add(Shape(g));
            }
            if (present == 0 || _rules.IsMissing(h) || FieldParsers.IsMissingMarker(h)) continue;
            if (IsNumber(h))
            {
                if (numbers == 0) return false;
                anyNumber = true;
                if (numbers == present && FieldParsers.TryInt64(h, out long whole)) numbersInHeader.Add(whole);
                else numbersInHeader.Add(double.NaN);
            }
            else if (numbers == present || !shapes.Contains(Shape(h))) return false;
        }
        bool counting = numbersInHeader.Count >= 2 && numbersInHeader.Zip(numbersInHeader.Skip(1)).All(p => p.Second == p.First + 1);
        return anyNumber && !counting;
    }

    /// <summary>How a value is written: a run of capitals is 'A', of small letters 'a', of digits '9', of spaces ' '; other characters stay.</summary>
    private static string Shape(ReadOnlySpan<byte> field)
    {
        var shape = new StringBuilder(8);
        foreach (char ch in Encoding.UTF8.GetString(field))
        {
            char k = char.IsUpper(ch) ? 'A' : char.IsLetter(ch) ? 'a' : char.IsDigit(ch) ? '9' : char.IsWhiteSpace(ch) ? ' ' : ch;
            if (shape.Length == 0 || shape[^1] != k) shape.Append(k);
        }
        return shape.ToString();
    }

    /// <summary>Whether a field is a plain number in the file's culture (a name never is).</summary>
    private bool IsNumber(ReadOnlySpan<byte> v) => FieldParsers.TryInt64(v, out _) || FieldParsers.TryDouble(v, _rules.Culture, _rules.InvariantDecimal, out _);

    private const int MaxRepeatNotes = 10;

    /// <summary>The most columns a file is read with: far beyond a table's (an Excel sheet holds 16,384), short of a file of one endless line.</summary>
    internal const int MaxColumns = 100_000;

    private string[] NameColumns(IReadOnlyList<string> headers)
    {
        var names = new string[headers.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        // The next suffix to try for each repeated name, so a header repeating one name n times is named in O(n), not O(n²).
        var nextSuffix = new Dictionary<string, int>(StringComparer.Ordinal);
        int repeats = 0;
        for (int c = 0; c < headers.Count; c++)
        {
            string name = headers[c].Trim();
            if (name.Length == 0)
            {
                if (c == headers.Count - 1 && c > 0) { names[c] = TrailingName; continue; }
                name = $"column_{c + 1}";
                _notes.Add($"Column {c + 1} has no name in the header: it is called '{name}'.");
            }
            if (!used.Add(name))
            {
                int k = nextSuffix.GetValueOrDefault(name, 2);
                while (!used.Add($"{name}_{k}")) k++;
                nextSuffix[name] = k + 1;
                // Each repeat is named in a note, up to a few: a header of thousands of repeats gets one line for the rest.
                if (++repeats <= MaxRepeatNotes) _notes.Add($"The header repeats '{name}' (column {c + 1}): that column is called '{name}_{k}'.");
                name = $"{name}_{k}";
            }
            names[c] = name;
        }
        if (repeats > MaxRepeatNotes)
            _notes.Add($"The header repeats names {repeats - MaxRepeatNotes:N0} more time(s): each such column is called by its name and the next free number (name_2, name_3, …).");
        // An unnamed last column is usually a trailing delimiter (dropped in Finish when empty); if it holds values it gets a plain name.
        if (names[^1] == TrailingName && headers.Count > 1)
        {
            string name = $"column_{headers.Count}";
            while (used.Contains(name)) name += "_";
            _trailingRename = name;
        }
        return names;
    }

    private string? _trailingRename;

    private void CheckSchema(IReadOnlyList<string> names)
    {
        if (_options.Schema is null) return;
        var named = names.Select(n => n == TrailingName ? _trailingRename : n).OfType<string>().ToList();
        foreach (var column in _options.Schema.Columns)
        {
            if (!named.Contains(column, StringComparer.Ordinal))
                throw new CsvLoadException($"{_file}: the schema names column '{column}', which the header lacks (it has: {string.Join(", ", named)}).", _file, 1, column, reason: "schema");
        }
    }

    /// <summary>The words <see cref="CsvSchema.ReadAsMissing"/> gives for column <paramref name="column"/>; null for none.</summary>
    private IReadOnlyList<string>? GivenWords(int column) =>
        _options.Schema?.WordsReadAsMissing(_names[column] == TrailingName ? _trailingRename ?? "" : _names[column]) is { Count: > 0 } words ? words : null;

    /// <summary>Whether <paramref name="field"/> is one of the words the schema reads as missing in <paramref name="column"/> (inference skips them).</summary>
    private bool IsGivenWord(int column, ReadOnlySpan<byte> field)
    {
        if (field.IndexOfAnyInRange((byte)'0', (byte)'9') >= 0) return false;
        if (_wordsSetApart is { } apart && apart.Column == column && Utf8.IsValid(field) && apart.Words.Contains(Encoding.UTF8.GetString(field))) return true;
        if (GivenWords(column) is not { } words) return false;
        foreach (var word in words)
            if (field.Length == Encoding.UTF8.GetByteCount(word) && Encoding.UTF8.GetString(field) == word) return true;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ColumnType Infer(SampleRows sample, int column)
    {
        bool allInt = true, fitsInt32 = true, allDouble = true, allBool = true, allDate = true, sawMonthYear = false;
        // Dates with the month's name (SAS's 16NOV1964, Oracle's 16-NOV-64) and two-digit years (Excel's Dec-11), with
        // the years those read as, for the note.
        string? namedMonthExample = null, twoDigitExample = null;
        int firstTwoDigitYear = int.MaxValue, lastTwoDigitYear = int.MinValue;
        void TwoDigitYear(DateTime date, ReadOnlySpan<byte> written)
        {
            twoDigitExample ??= Encoding.UTF8.GetString(written);
            (firstTwoDigitYear, lastTwoDigitYear) = (Math.Min(firstTwoDigitYear, date.Year), Math.Max(lastTwoDigitYear, date.Year));
        }
        // Whole numbers too long for Int64 would lose digits as doubles; decimal commas ("7,5", "1.234,56") are numbers
        // in that convention when every value fits it and at least one could only be read that way.
        bool bigInteger = false, allDecimalComma = true, clearlyDecimalComma = false;
        // Rates exported as "13.56%" (a loan book's interest rate, a utilisation) are numbers too.
        bool allPercent = true, sawPercentSign = false;
        string? percentExample = null;
        // The same with a decimal comma, as French or German spreadsheets write them ("5,5 %").
        bool allPercentComma = true, clearlyPercentComma = false;
        // Amounts exported from a spreadsheet as "69,549.00" (',' between thousands) are numbers too.
        bool allThousandsComma = true, clearlyThousandsComma = false, sawComma = false;
        // Dates with the year last (28/07/2019): a first number above 12 says the day comes first, a second one above 12
        // that the month does; dots (28.07.2019) are written day first. Without such a value the order is a guess.
        Span<byte> amount = stackalloc byte[64], signed = stackalloc byte[64], grouped = stackalloc byte[64], spaced = stackalloc byte[64];
        // Thousands set apart by spaces ("1 234,56", Swiss "1'234.50"): amounts when their lengths differ or they have
        // decimals; "555 123 456" in every row alike is more likely a phone number or a reference, and stays text.
        string? groupedExample = null;
        int groupedLength = -1;
        bool groupedVaries = false, groupedDecimals = false, ungroupedNumber = false;
        var currencies = new SortedSet<string>(StringComparer.Ordinal);
        string? accountingExample = null;
        string? currencyExample = null, commaExample = null;
        // Numbers with stray underscores around some of them ("34847.84_", "__10000__", as a public credit-score file has them).
        string? underscoreExample = null;
        bool allYearLast = true, validDayFirst = true, validMonthFirst = true, firstAbove12 = false, secondAbove12 = false, sawDots = false,
            sawDottedShortYear = false;
        // Durations with their units (an Indian bureau's "1yrs 11mon", Lending Club's "10+ years") are numbers of years.
        bool allDuration = true;
        string? durationExample = null;
        // The same with two-digit years (L&T's "03-10-86"), with the years those read as, for the note.
        string? shortYearExample = null;
        int firstShortYear = int.MaxValue, lastShortYear = int.MinValue;
        int longestInteger = 0;
        // Whole numbers written with leading zeros (00202, 007) are codes: the zeros would be lost as numbers.
        bool allWholeText = true;
        string? zeroPadded = null;
        long nonMissing = 0;
        bool sawNaN = false, sawOtherMarker = false;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        bool tooMany = false;
        for (int i = 0; i < sample.Count; i++)
        {
            if (sample.IsMalformed(i, _malformed) || !sample.Fits(i, _width)) continue;
            scoped ReadOnlySpan<byte> f = sample.Field(i, column);
            if (_rules.IsMissing(f) || IsGivenWord(column, f)) continue;
            // A schema's column is a number or a date whatever its first rows say: a value without a digit ("unknown",
            // "abc") is no number in any convention and will be set aside on its own, so it must not hide the
            // convention the other values share (13.5%, £1,234.50), which would set every row aside.
            if (_conventionsOnly && f.IndexOfAnyInRange((byte)'0', (byte)'9') < 0) continue;
            if (FieldParsers.IsMissingMarker(f))
            {
                // A number column reads it as missing; beside true/false or dates it is a value, so the column is text.
                if (FieldParsers.IsNaNText(f)) sawNaN = true;
                else sawOtherMarker = true;
                allBool = allDate = false;
            }
            else
            {
                nonMissing++;
                // No-break spaces around an amount ("5 %", "1 234,56 €") are judged as plain ones, as the column builder reads them.
                if (FieldParsers.TryPlainSpaces(f, spaced, out int spacedLength)) f = spaced[..spacedLength];
                // An amount with its currency ("£69,549.00") is judged as the number it writes; dates and words as written.
                var written = f;
                if (FieldParsers.TryStripUnderscores(f, out var inner)) { f = inner; underscoreExample ??= Encoding.UTF8.GetString(written); }
                // A negative amount in parentheses or with the minus after it is judged with the minus first.
                if (FieldParsers.TryAccountingNegative(f, signed, out int signedLength)) { f = signed[..signedLength]; accountingExample ??= Encoding.UTF8.GetString(written); }
                if (FieldParsers.TryStripCurrency(f, amount, out int amountLength, out string currency)) { f = amount[..amountLength]; currencies.Add(currency); currencyExample ??= Encoding.UTF8.GetString(written); }
                if (FieldParsers.TryJoinDigitGroups(f, grouped, out int groupedBytes))
                {
                    f = grouped[..groupedBytes];
                    groupedExample ??= Encoding.UTF8.GetString(written);
                    int mark = f.IndexOfAny((byte)',', (byte)'.');
                    groupedDecimals |= mark >= 0;
                    int digits = mark < 0 ? f.Length : mark;
                    groupedVaries |= groupedLength >= 0 && digits != groupedLength;
                    groupedLength = digits;
                }
                else if (f.Length > 0 && (uint)(f[^1] - '0') <= 9) ungroupedNumber = true;   // a plain 987 beside 12 345
                if (allInt)
                {
                    if (!FieldParsers.TryInt64(f, out long l)) allInt = false;
                    else if (l is < int.MinValue or > int.MaxValue) fitsInt32 = false;
                }
                if (!FieldParsers.IsWholeNumberText(f)) allWholeText = false;
                else if (FieldParsers.HasLeadingZero(f)) zeroPadded ??= Encoding.UTF8.GetString(f);
                else if (!FieldParsers.TryInt64(f, out _)) { bigInteger = true; longestInteger = Math.Max(longestInteger, f.Length); }
                if (allDecimalComma)
                {
                    var shape = FieldParsers.DecimalCommaShape(f);
                    if (shape == DecimalComma.No) allDecimalComma = false;
                    else if (shape == DecimalComma.Clearly) clearlyDecimalComma = true;
                }
                if (allThousandsComma)
                {
                    var shape = FieldParsers.ThousandsCommaShape(f);
                    if (shape == DecimalComma.No || FieldParsers.HasLeadingZero(f)) allThousandsComma = false;
                    else if (shape == DecimalComma.Clearly) clearlyThousandsComma = true;
                    if (f.IndexOf((byte)',') >= 0) { sawComma = true; commaExample ??= Encoding.UTF8.GetString(written); }
                }
                if (allYearLast)
                {
                    if (!FieldParsers.TryYearLastParts(f, twoDigitYears: true, out int first, out int second, out byte separator)) allYearLast = false;
                    else
                    {
                        firstAbove12 |= first > 12;
                        secondAbove12 |= second > 12;
                        sawDots |= separator == (byte)'.';
                        validDayFirst &= FieldParsers.TryYearLastDate(f, dayFirst: true, twoDigitYears: true, out var asDayFirst);
                        validMonthFirst &= FieldParsers.TryYearLastDate(f, dayFirst: false, twoDigitYears: true, out var asMonthFirst);
                        if (!FieldParsers.TryYearLastParts(f, out _, out _, out _))
                        {
                            // 5.10.12 may be a version rather than a date: with dots, two-digit years are read only
                            // when the column shows days (a first part above 12) across many values (below).
                            sawDottedShortYear |= separator == (byte)'.';
                            shortYearExample ??= Encoding.UTF8.GetString(f);
                            int year = (asDayFirst == default ? asMonthFirst : asDayFirst).Year;
                            (firstShortYear, lastShortYear) = (Math.Min(firstShortYear, year), Math.Max(lastShortYear, year));
                        }
                    }
                }
                if (allPercent && (FieldParsers.HasLeadingZero(f) || !FieldParsers.TryPercent(f, out _))) allPercent = false;
                if (allPercentComma)
                {
                    if (FieldParsers.HasLeadingZero(f) || !FieldParsers.TryPercent(f, decimalComma: true, out _)) allPercentComma = false;
                    else clearlyPercentComma |= FieldParsers.DecimalCommaShape(FieldParsers.PercentNumber(f)) == DecimalComma.Clearly;
                }
                if (f.Length > 0 && f[^1] == (byte)'%') { sawPercentSign = true; percentExample ??= Encoding.UTF8.GetString(written); }
                if (allDouble && !allInt && (FieldParsers.HasLeadingZero(f) || !FieldParsers.TryDouble(f, _rules.Culture, _rules.InvariantDecimal, out _))) allDouble = false;
                f = written;
                if (allBool && !FieldParsers.TryBoolean(f, lenient: false, out _)) allBool = false;
                if (allDuration)
                {
                    if (!FieldParsers.TryDurationYears(f, out _)) allDuration = false;
                    else durationExample ??= Encoding.UTF8.GetString(f);
                }
                if (allDate && !FieldParsers.TryIsoDateTime(f, out _))
                {
                    // A loan book's "Dec-2011" is a date, not one of hundreds of categories.
                    if (FieldParsers.TryMonthYear(f, twoDigitYears: false, out _)) sawMonthYear = true;
                    else if (FieldParsers.TryDayMonthNameYear(f, twoDigitYears: false, out _)) namedMonthExample ??= Encoding.UTF8.GetString(f);
                    else if (FieldParsers.TryMonthYear(f, twoDigitYears: true, out var d)) { sawMonthYear = true; TwoDigitYear(d, f); }
                    else if (FieldParsers.TryDayMonthNameYear(f, twoDigitYears: true, out d)) { namedMonthExample ??= Encoding.UTF8.GetString(f); TwoDigitYear(d, f); }
                    else allDate = false;
                }
            }
            if (!tooMany)
            {
                distinct.Add(Encoding.UTF8.GetString(f));
                tooMany = distinct.Count > ColumnTypes.CategoryMaxDistinct;
            }
        }
        if (nonMissing == 0)
        {
            // Only NaN says "number" by itself; a column of none/NA/? alone is words ("none" is an anomaly type too).
            if (sawNaN && !sawOtherMarker) return ColumnType.Double;
            if (sawOtherMarker) return ColumnTypes.LooksCategorical(distinct.Count, sample.Count) && !tooMany ? ColumnType.Category : ColumnType.Text;
            if (sample.Count > 0 && _names[column] != TrailingName)
                _notes.Add($"Column '{_names[column]}' is empty in the first rows: read as Text.");
            return ColumnType.Text;
        }
        if (groupedExample is not null && !groupedVaries && !groupedDecimals && !ungroupedNumber)
            return ColumnTypes.LooksCategorical(distinct.Count, nonMissing) && !tooMany ? ColumnType.Category : ColumnType.Text;
        // An amount column written with its currency is read as the numbers it holds, and says so.
        // Amounts in two currencies cannot be compared as numbers: the column stays text and the note says why.
        ColumnType Amount(ColumnType type)
        {
            if (groupedExample is not null)
            {
                Mark(column, w => w with { ThousandsSpace = true });
                _notes.Add($"Column '{_names[column]}' writes numbers with a space (or an apostrophe) between thousands (such as {groupedExample}): read as numbers, the separators ignored.");
            }
            if (underscoreExample is not null)
            {
                Mark(column, w => w with { Underscores = true });
                _notes.Add($"Column '{_names[column]}' writes some numbers with underscores around them (such as {underscoreExample}): read as the numbers they surround. The underscores say nothing a model could use; if they mark something, clean the file first.");
            }
            if (accountingExample is not null && currencies.Count <= 1)
            {
                Mark(column, w => w with { Accounting = true });
                _notes.Add($"Column '{_names[column]}' writes negative amounts as accounts do (such as {accountingExample}): read as numbers below zero.");
            }
            if (currencies.Count == 0) return type;
            if (currencies.Count > 1)
            {
                _notes.Add($"Column '{_names[column]}' holds amounts in {currencies.Count} currencies ({string.Join(", ", currencies)}): read as text, since they cannot be compared as numbers. Convert them to one currency first.");
                return ColumnTypes.LooksCategorical(distinct.Count, nonMissing) && !tooMany ? ColumnType.Category : ColumnType.Text;
            }
            Mark(column, w => w with { Currency = currencies.Min! });
            _notes.Add($"Column '{_names[column]}' writes amounts in {currencies.Min} with the currency (such as {currencyExample}): read as numbers, the currency dropped.");
            return type;
        }
        if (allInt) return Amount(fitsInt32 ? ColumnType.Int32 : ColumnType.Int64);
        if (allWholeText && zeroPadded is not null)
        {
            _notes.Add($"Column '{_names[column]}' writes whole numbers with leading zeros (such as {zeroPadded}): read as codes, keeping the zeros, as for a branch or account code. If they are amounts or counts, give CsvOptions.Schema Double.");
            return ColumnTypes.LooksCategorical(distinct.Count, nonMissing) && !tooMany ? ColumnType.Category : ColumnType.Text;
        }
        // Only a column of whole numbers is kept as text for its digits (an account number); beside decimals (a balance
        // with one absurd placeholder, -333333333333333333333333333) the column is amounts.
        if (bigInteger && allWholeText)
        {
            _notes.Add($"Column '{_names[column]}' holds whole numbers of up to {longestInteger} digits, beyond Int64: read as Text to keep every digit (as a Double they would be rounded; give CsvOptions.Schema Double to accept that).");
            return ColumnTypes.LooksCategorical(distinct.Count, nonMissing) && !tooMany ? ColumnType.Category : ColumnType.Text;
        }
        if (allDouble) return Amount(ColumnType.Double);
        if (allPercent && sawPercentSign)
        {
            Mark(column, w => w with { Percent = true });
            _notes.Add($"Column '{_names[column]}' writes numbers as percentages (such as {percentExample}): read as the number before the % sign ({PercentValue(percentExample, decimalComma: false)}), not as a fraction.");
            return Amount(ColumnType.Double);
        }
        if (allPercentComma && clearlyPercentComma && sawPercentSign)
        {
            Mark(column, w => w with { Percent = true, DecimalComma = true });
            _notes.Add($"Column '{_names[column]}' writes numbers as percentages with a decimal comma (such as {percentExample}): read as the number before the % sign ({PercentValue(percentExample, decimalComma: true)}), not as a fraction.");
            return Amount(ColumnType.Double);
        }
        if (allDecimalComma && clearlyDecimalComma)
        {
            Mark(column, w => w with { DecimalComma = true });
            _notes.Add($"Column '{_names[column]}' writes numbers with a decimal comma (such as 7,5 or 1.234,56): read as numbers in that convention, '.' as the thousands separator.");
            return Amount(ColumnType.Double);
        }
        // ',' between thousands when some value can only be read that way ("69,549.00", "1,234,567"), or beside values
        // no decimal comma reads ("999.50"); "1,234" alone could be either, and in a comma-separated file a decimal comma
        // would be unusual (every such value quoted), so there it is read as thousands too and the note says so.
        if (allThousandsComma && sawComma)
        {
            bool comma = (_options.Delimiter ?? ',') == ',';
            if (clearlyThousandsComma || !allDecimalComma || comma)
            {
                Mark(column, w => w with { ThousandsComma = true });
                _notes.Add($"Column '{_names[column]}' writes numbers with ',' between thousands (such as {commaExample}): read as numbers, the commas ignored." +
                    (clearlyThousandsComma || !allDecimalComma ? "" : $" Its values (such as {commaExample}) could also be decimal commas; in a comma-separated file thousands are far likelier. If they are decimals, give CsvOptions.Schema Text and convert them."));
                return Amount(ColumnType.Double);
            }
            _notes.Add($"Column '{_names[column]}' holds values such as {commaExample}, which read with ',' between thousands (1,234 as 1234) or as a decimal comma (1,234 as 1.234): read as Text. Convert them in the file, or load it with CsvOptions.Schema Text and convert the column.");
        }
        if (allBool) return ColumnType.Boolean;
        if (allDate)
        {
            var how = new List<string>();
            if (sawMonthYear) how.Add("writes months without a day (such as Dec-2011 or 2011-12): read as dates on the first of the month.");
            if (namedMonthExample is not null) how.Add($"writes dates with the month's name (such as {namedMonthExample}): read as dates.");
            if (twoDigitExample is not null)
            {
                Mark(column, w => w with { TwoDigitYears = true });
                how.Add($"Its two-digit years (such as {twoDigitExample}) are read as Excel reads them, 00–29 as 2000–2029 and 30–99 as 1930–1999: its first rows hold {firstTwoDigitYear} to {lastTwoDigitYear}. If a century is wrong (a birth year 1925 read as 2025), have the file written with four-digit years.");
            }
            if (how.Count > 0) _notes.Add($"Column '{_names[column]}' {string.Join(" ", how)}");
            return ColumnType.DateTime;
        }
        // German and Swiss exports write 31.12.23; a version column (5.10.12, 14.2.10) rarely holds a first part above 12
        // beside only valid days and months across this many values.
        if (sawDottedShortYear && !(validDayFirst && firstAbove12 && !secondAbove12 && distinct.Count >= MinDottedShortYearDates))
            allYearLast = false;
        if (allYearLast)
        {
            // Two-digit years say less than four: the order needs a value above 12 (dots say day first).
            string shortYears = shortYearExample is null ? ""
                : $" Its two-digit years (such as {shortYearExample}) are read as Excel reads them, 00–29 as 2000–2029 and 30–99 as 1930–1999: its first rows hold {firstShortYear} to {lastShortYear}. If a century is wrong (a birth year 1925 read as 2025), have the file written with four-digit years.";
            if (validDayFirst && (firstAbove12 || sawDots) && !secondAbove12)
            {
                Mark(column, w => w with { DayFirst = true, TwoDigitYears = w.TwoDigitYears || shortYearExample is not null });
                _notes.Add($"Column '{_names[column]}' writes dates day first with the year last (such as {shortYearExample ?? "28/07/2019"}): read as dates.{shortYears}");
                return ColumnType.DateTime;
            }
            if (validMonthFirst && secondAbove12 && !firstAbove12 && !sawDots)
            {
                Mark(column, w => w with { MonthFirst = true, TwoDigitYears = w.TwoDigitYears || shortYearExample is not null });
                _notes.Add($"Column '{_names[column]}' writes dates month first with the year last (such as {shortYearExample ?? "7/28/2019"}): read as dates.{shortYears}");
                return ColumnType.DateTime;
            }
            if (!firstAbove12 && !secondAbove12)
                _notes.Add($"Column '{_names[column]}' holds dates such as 05/03/2019 whose first rows never show whether the day or the month comes first: read as text. Give CsvOptions.Schema DateTime with CsvOptions.DateTimeFormats (such as dd/MM/yyyy) to read them as dates.");
        }
        if (allDuration)
        {
            Mark(column, w => w with { Duration = true });
            _notes.Add($"Column '{_names[column]}' writes durations with their units (such as {durationExample}): read as years (1yrs 11mon → 1.92, 36 months → 3, 10+ years → 10, < 1 year → 0).");
            return ColumnType.Double;
        }
        return NumbersBesideWords(sample, column) ?? (ColumnTypes.LooksCategorical(distinct.Count, nonMissing) ? ColumnType.Category : ColumnType.Text);
    }

    /// <summary>A column of dotted dates with two-digit years (31.12.23) needs this many different values to be read as dates.</summary>
    internal const int MinDottedShortYearDates = 20;

    /// <summary>At most this many different words may stand for no value in a number column, each at most <see cref="MaxNoValueWordLength"/> characters.</summary>
    internal const int MaxNoValueWords = 3, MaxNoValueWordLength = 200;

    /// <summary>
    /// A number column in which a few words stand for no value (HMDA's "Exempt" beside loan-to-value ratios, "unknown"
    /// beside rates written 13.5%, "-" beside amounts written £1,234.50): read as numbers, in the convention the other
    /// values share, with those words as missing values, counted, rather than as text a model cannot use (thousands of
    /// distinct ratios would be dropped as identifier-like). Only numbers with more than 20 distinct values, beside at
    /// most <see cref="MaxNoValueWords"/> words without a digit that fill fewer rows than the numbers; a value such as
    /// 1976A or &lt;20% keeps the column as it was, and so do a few codes beside a word (1, 2, 3, Other: a category).
    /// </summary>
    private ColumnType? NumbersBesideWords(SampleRows sample, int column)
    {
        // A schema's number column (a saved model scoring a file) stays strict: a word there sets its row aside, named,
        // since nothing says the model was trained with that word read as no value. And the values left once the words
        // are set apart are judged once, not again for words.
        if (_conventionsOnly || _wordsSetApart is not null) return null;
        var words = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var values = new HashSet<string>(StringComparer.Ordinal);
        bool plain = true, allInt = true, fitsInt32 = true;
        long numberRows = 0, wordRows = 0;
        string? example = null;
        for (int i = 0; i < sample.Count; i++)
        {
            if (sample.IsMalformed(i, _malformed) || !sample.Fits(i, _width)) continue;
            var f = sample.Field(i, column);
            if (_rules.IsMissing(f) || FieldParsers.IsMissingMarker(f) || IsGivenWord(column, f)) continue;
            if (f.IndexOfAnyInRange((byte)'0', (byte)'9') < 0)
            {
                if (!Utf8.IsValid(f)) return null;
                string word = Encoding.UTF8.GetString(f);
                if (word.Length > MaxNoValueWordLength) return null;   // a note or a comment, not a word for no value
                words[word] = words.GetValueOrDefault(word) + 1;
                if (words.Count > MaxNoValueWords) return null;
                wordRows++;
                continue;
            }
            if (!FieldParsers.HasLeadingZero(f) && FieldParsers.TryInt64(f, out long l))
                fitsInt32 &= l is >= int.MinValue and <= int.MaxValue;
            else if (!FieldParsers.HasLeadingZero(f) && FieldParsers.TryDouble(f, _rules.Culture, _rules.InvariantDecimal, out double d) && double.IsFinite(d))
                allInt = false;
            else plain = false;
            if (values.Count <= 20) values.Add(Encoding.UTF8.GetString(f));
            numberRows++;
            example ??= Encoding.UTF8.GetString(f);
        }
        if (words.Count == 0 || values.Count <= 20 || wordRows >= numberRows) return null;
        ColumnType type = allInt ? fitsInt32 ? ColumnType.Int32 : ColumnType.Int64 : ColumnType.Double;
        if (!plain)
        {
            // Values such as 13.5% or £1,234.50: the column is judged again with the words set apart, and must then be
            // numbers in one convention; otherwise it stays as it was, and the conventions and notes that judging found go.
            int notes = _notes.Count;
            bool marked = _writtenAs.TryGetValue(column, out var before);
            _wordsSetApart = (column, words.Keys.ToHashSet(StringComparer.Ordinal));
            try { type = Infer(sample, column); }
            finally { _wordsSetApart = null; }
            if (type is not (ColumnType.Int32 or ColumnType.Int64 or ColumnType.Double))
            {
                _notes.RemoveRange(notes, _notes.Count - notes);
                if (marked) _writtenAs[column] = before!;
                else _writtenAs.Remove(column);
                return null;
            }
        }
        Mark(column, w => w with { NoValueWords = words.Keys.ToArray() });
        string shown = string.Join(" and ", words.Keys.Select(w => $"'{w}'"));
        _notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"Column '{_names[column]}' holds numbers (such as {example}) and {shown} in {wordRows:N0} of its first {sample.Count:N0} rows: read as numbers, {(words.Count == 1 ? "the word" : "each word")} as a missing value (counted below). If {(words.Count == 1 ? "it is a value" : "one is a value")} in its own right, give CsvOptions.Schema Text for the column."));
        return type;
    }

    /// <summary>Whether every field of the record is a distinct name: no gap, no number (a row with an extra value is no header).</summary>
    private bool LooksLikeNames(CsvReader reader)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < reader.FieldCount; i++)
        {
            var f = reader.GetSpan(i);
            if (f.IsEmpty || IsNumber(f)) return false;
            if (!seen.Add(Encoding.UTF8.GetString(f).Trim())) return false;
        }
        return true;
    }

    /// <summary>Records one more convention of <paramref name="column"/>'s writing (an amount can be in pounds and in parentheses).</summary>
    private void Mark(int column, Func<WrittenAs, WrittenAs> change) => _writtenAs[column] = change(_writtenAs.GetValueOrDefault(column, WrittenAs.Plainly));

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static int EstimateRows(long bytes, SampleRows sample)
    {
        if (sample.Count == 0 || bytes <= 0) return Math.Max(sample.Count, 16);
        double perRow = Math.Max(1.0, (double)sample.RawBytes / sample.Count);
        return (int)Math.Min(int.MaxValue / 16, bytes / perRow * 1.05 + 16);
    }

    private static string Shown(ReadOnlySpan<byte> field)
    {
        const int max = 100;
        string s = Encoding.UTF8.GetString(field.Length > max * 4 ? field[..(max * 4)] : field);
        return s.Length > max ? s[..max] + $"… ({field.Length:N0} bytes)" : s;
    }

    private static int LineCount(ReadOnlySpan<byte> raw)
    {
        int lines = 1;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'\n') lines++;
            else if (raw[i] == (byte)'\r' && (i + 1 >= raw.Length || raw[i + 1] != (byte)'\n')) lines++;
        }
        // A trailing line break ends the last line rather than starting another.
        if (raw.Length > 0 && (raw[^1] == (byte)'\n' || raw[^1] == (byte)'\r')) lines--;
        return lines;
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a quoted field",
        CsvMalformedReason.UnterminatedQuote => "a quote that is never closed",
        CsvMalformedReason.LineBreakInQuotes => "a line break inside quotes",
        CsvMalformedReason.TrailingEscape => "an escape character at the end of the input",
        _ => "malformed quoting",
    };

    /// <summary>The first rows, copied out of CsvHelper's buffer (valid only until the next read) for inference and replay.</summary>
    private sealed class SampleRows
    {
        private readonly List<byte[]> _raw = new();
        private readonly List<byte[]> _fieldBytes = new();
        private readonly List<int[]> _offsets = new();
        private readonly List<long> _lines = new();
        private readonly List<long> _recordNumbers = new();

        private readonly Dictionary<int, Dictionary<string, string>> _interned = new();

        public int Count => _raw.Count;

        /// <summary>Drops the first buffered row (a second header row, not data).</summary>
        public void RemoveFirst()
        {
            RawBytes -= _raw[0].Length + 1;
            _raw.RemoveAt(0);
            _fieldBytes.RemoveAt(0);
            _offsets.RemoveAt(0);
            _lines.RemoveAt(0);
            _recordNumbers.RemoveAt(0);
            _interned.Clear();
        }

        /// <summary>Puts line 1 (read as a header) back in front as the first row: the file has no header.</summary>
        public void InsertFirst(IReadOnlyList<string> fields, char separator)
        {
            var encoded = fields.Select(f => Encoding.UTF8.GetBytes(f)).ToArray();
            var offsets = new int[encoded.Length + 1];
            for (int i = 0; i < encoded.Length; i++) offsets[i + 1] = offsets[i] + encoded[i].Length;
            var raw = Encoding.UTF8.GetBytes(string.Join(separator, fields.Select(f => f.Contains(separator) || f.Contains('"') ? $"\"{f.Replace("\"", "\"\"")}\"" : f)));
            _raw.Insert(0, raw);
            _fieldBytes.Insert(0, encoded.SelectMany(b => b).ToArray());
            _offsets.Insert(0, offsets);
            _lines.Insert(0, 1);
            _recordNumbers.Insert(0, 1);
            RawBytes += raw.Length + 1;
            _interned.Clear();
        }

        /// <summary>The buffered rows share one string per distinct value and column, as CsvHelper's pool does for the rest.</summary>
        public string Intern(int column, ReadOnlySpan<byte> field)
        {
            if (!_interned.TryGetValue(column, out var pool)) _interned[column] = pool = new(StringComparer.Ordinal);
            var s = Encoding.UTF8.GetString(field);
            if (pool.TryGetValue(s, out var shared)) return shared;
            pool[s] = s;
            return s;
        }
        public long RawBytes { get; private set; }

        public void Add(CsvReader reader)
        {
            var raw = reader.RawRecord.ToArray();
            int n = reader.FieldCount;
            var offsets = new int[n + 1];
            int total = 0;
            for (int i = 0; i < n; i++) total += reader.GetSpan(i).Length;
            var bytes = new byte[total];
            int at = 0;
            for (int i = 0; i < n; i++)
            {
                var f = reader.GetSpan(i);
                offsets[i] = at;
                f.CopyTo(bytes.AsSpan(at));
                at += f.Length;
            }
            offsets[n] = at;
            _raw.Add(raw);
            _fieldBytes.Add(bytes);
            _offsets.Add(offsets);
            _lines.Add(reader.LineNumber);
            _recordNumbers.Add(reader.RowNumber + 1);
            RawBytes += raw.Length + 1;
        }

        public ReadOnlySpan<byte> Field(int row, int column)
        {
            var o = _offsets[row];
            if (column >= o.Length - 1) return ReadOnlySpan<byte>.Empty;
            return _fieldBytes[row].AsSpan(o[column], o[column + 1] - o[column]);
        }

        public bool Fits(int row, int width)
        {
            int n = _offsets[row].Length - 1;
            return n == width || (n == width + 1 && Field(row, width).IsEmpty);
        }

        public bool IsMalformed(int row, Dictionary<long, CsvMalformedRecord> malformed) =>
            malformed.Count > 0 && malformed.ContainsKey(_recordNumbers[row]);

        public StagedRecord Record(int row) => new(this, row);

        public readonly struct StagedRecord(SampleRows rows, int row) : IRecord
        {
            public long Line => rows._lines[row];
            public long RecordNumber => rows._recordNumbers[row];
            public int FieldCount => rows._offsets[row].Length - 1;
            public ReadOnlySpan<byte> Field(int index) => rows.Field(row, index);
            public ReadOnlySpan<byte> Raw => rows._raw[row];
            public string Text(int index) => rows.Intern(index, rows.Field(row, index));
        }
    }
}
