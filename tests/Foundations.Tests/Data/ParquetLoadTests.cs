using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using DuckDB.NET.Data;
using Foundations.Data;
using Microsoft.Data.Analysis;
using Xunit;

namespace Foundations.Tests.Data;

public sealed class ParquetLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fn-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    // Files written by DuckDB stand for files from a bank's lake: dictionary-encoded strings, decimals, dates, zoned timestamps.
    private string WriteWithDuckDb(string name, string select, string copyOptions = "FORMAT parquet")
    {
        string path = PathOf(name);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SET TimeZone = 'UTC'; COPY ({select}) TO '{path}' ({copyOptions})";
        command.ExecuteNonQuery();
        return path;
    }

    [Fact]
    public void Round_trips_every_supported_type_through_the_kits_writer()
    {
        var when = new DateTime(2024, 3, 1, 8, 30, 15, DateTimeKind.Utc);
        var frame = new DataFrame(
            new Int32DataFrameColumn("age", new int?[] { 41, null, 7 }),
            new Int64DataFrameColumn("account_number", new long?[] { 9_000_000_000, 2, null }),
            new DoubleDataFrameColumn("balance", new double?[] { 10.5, null, -3.25 }),
            new DecimalDataFrameColumn("fee", new decimal?[] { 1.10m, 0m, null }),
            new BooleanDataFrameColumn("has_mortgage", new bool?[] { true, false, null }),
            new StringDataFrameColumn("name", new[] { "Ann", null, "Bob" }),
            new PrimitiveDataFrameColumn<DateTime>("opened", new DateTime?[] { when, null, when.AddDays(1) }));
        string path = PathOf("all.parquet");
        ParquetFile.Write(frame, path);

        var (loaded, report) = ParquetFile.Load(path);

        Assert.Equal(3, report.RowsLoaded);
        Assert.Equal(new[] { ColumnType.Int32, ColumnType.Int64, ColumnType.Double, ColumnType.Double, ColumnType.Boolean, ColumnType.Text, ColumnType.DateTime },
            report.Columns.Select(c => c.Type));
        foreach (var column in frame.Columns)
            for (int r = 0; r < 3; r++)
                Assert.Equal(column[r], loaded.Columns[column.Name][r]);
        Assert.IsType<DecimalDataFrameColumn>(loaded.Columns["fee"]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)loaded.Columns["opened"][0]!).Kind);
        Assert.Equal(new long[] { 1, 1, 1, 1, 1, 1, 1 }, report.Columns.Select(c => c.Missing));
    }

    [Fact]
    public void Reads_lake_types_faithfully_decimal_date_zoned_timestamp_and_dictionary_strings()
    {
        string path = WriteWithDuckDb("lake.parquet", """
            SELECT * FROM (VALUES
              (1::TINYINT, 2::SMALLINT, 3::INTEGER, 4::BIGINT, 4000000000::UINTEGER, 1.5::FLOAT, 2.5::DOUBLE, 1234.56::DECIMAL(18,2),
               true, 'mobile', DATE '2024-02-29', TIMESTAMP '2024-03-01 10:00:00', TIMESTAMPTZ '2024-03-01 10:00:00+02'),
              (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              (5, 6, 7, 8, 9, 0.25, -1.0, -0.01, false, 'mobile', DATE '2023-12-31', TIMESTAMP '2024-01-01 00:00:00', TIMESTAMPTZ '2024-01-01 00:00:00+00')
            ) t(tiny, small, normal, big, unsigned, single, dbl, money, flag, channel, day, local_ts, zoned_ts)
            """);

        var (frame, report) = ParquetFile.Load(path);

        Assert.Equal(3, report.RowsLoaded);
        Assert.Equal(new[] { ColumnType.Int32, ColumnType.Int32, ColumnType.Int32, ColumnType.Int64, ColumnType.Int64, ColumnType.Double, ColumnType.Double,
            ColumnType.Double, ColumnType.Boolean, ColumnType.Category, ColumnType.DateTime, ColumnType.DateTime, ColumnType.DateTime }, report.Columns.Select(c => c.Type));
        Assert.Equal(1, frame.Columns["tiny"][0]);
        Assert.Equal(4_000_000_000L, frame.Columns["unsigned"][0]);
        Assert.Equal(1.5, frame.Columns["single"][0]);
        Assert.Equal(1234.56m, frame.Columns["money"][0]);
        Assert.Equal(-0.01m, frame.Columns["money"][2]);
        Assert.Equal("mobile", frame.Columns["channel"][2]);
        Assert.Equal(new DateTime(2024, 2, 29), frame.Columns["day"][0]);
        Assert.Equal(new DateTime(2024, 3, 1, 10, 0, 0), frame.Columns["local_ts"][0]);
        var zoned = (DateTime)frame.Columns["zoned_ts"][0]!;
        Assert.Equal(new DateTime(2024, 3, 1, 8, 0, 0), zoned);
        Assert.Equal(DateTimeKind.Utc, zoned.Kind);
        Assert.All(frame.Columns, c => Assert.Null(c[1]));
        Assert.All(report.Columns, c => Assert.Equal(1, c.Missing));
    }

    [Theory]
    [InlineData("SELECT 1 AS id, [1, 2, 3] AS amounts", "amounts", "list")]
    [InlineData("SELECT 1 AS id, {'street': 'High St', 'number': 4} AS address", "address", "struct")]
    [InlineData("SELECT 1 AS id, MAP {'a': 1} AS tags", "tags", "map")]
    [InlineData("SELECT 1 AS id, TIME '10:00:00' AS opens_at", "opens_at", "time of day")]
    [InlineData("SELECT 1 AS id, 'abc'::BLOB AS payload", "payload", "binary")]
    public void Unsupported_types_are_refused_with_the_file_and_column_named(string select, string column, string kind)
    {
        string path = WriteWithDuckDb($"{column}.parquet", select);

        var error = Assert.Throws<NotSupportedException>(() => ParquetFile.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains($"'{column}'", error.Message);
        Assert.Contains(kind, error.Message);
    }

    [Fact]
    public void Loads_a_folder_of_parts_in_name_order()
    {
        string folder = Directory.CreateDirectory(PathOf("parts")).FullName;
        ParquetFile.Write(new DataFrame(new Int32DataFrameColumn("n", new[] { 3, 4 })), Path.Combine(folder, "part-0001.parquet"));
        ParquetFile.Write(new DataFrame(new Int32DataFrameColumn("n", new[] { 1, 2 })), Path.Combine(folder, "part-0000.parquet"));
        File.WriteAllText(Path.Combine(folder, "_SUCCESS"), "");

        var (frame, report) = ParquetFile.Load(folder);

        Assert.Equal(new object[] { 1, 2, 3, 4 }, Enumerable.Range(0, 4).Select(r => frame.Columns["n"][r]!));
        Assert.Equal(4, report.RowsRead);
    }

    [Fact]
    public void A_part_with_another_schema_is_refused_naming_the_part()
    {
        string folder = Directory.CreateDirectory(PathOf("mixed")).FullName;
        ParquetFile.Write(new DataFrame(new Int32DataFrameColumn("n", new[] { 1 })), Path.Combine(folder, "a.parquet"));
        ParquetFile.Write(new DataFrame(new StringDataFrameColumn("n", new[] { "x" })), Path.Combine(folder, "b.parquet"));

        var error = Assert.Throws<CsvLoadException>(() => ParquetFile.Load(folder));

        Assert.Contains("b.parquet", error.Message);
        Assert.Equal("schema", error.Reason);
    }

    [Fact]
    public void Schema_type_that_a_value_does_not_fit_fails_naming_row_and_column_or_is_quarantined()
    {
        string path = PathOf("big.parquet");
        ParquetFile.Write(new DataFrame(new Int64DataFrameColumn("visits", new long[] { 1, 3_000_000_000, 2 }),
            new DoubleDataFrameColumn("balance", new[] { 1.0, 2.0, double.PositiveInfinity })), path);
        var schema = new CsvSchema { ["visits"] = ColumnType.Int32 };

        var error = Assert.Throws<CsvLoadException>(() => ParquetFile.Load(path, new CsvOptions { Schema = schema }));
        Assert.Equal(2, error.Line);
        Assert.Equal("visits", error.Column);
        Assert.Contains("3000000000", error.Message);

        var (frame, report) = ParquetFile.Load(path, new CsvOptions { Schema = schema, OnBadRow = BadRows.Quarantine });
        Assert.Equal(3, report.RowsRead);
        Assert.Equal(1, report.RowsLoaded);
        Assert.Equal(1, report.ReasonCounts["wrong type"]);
        Assert.Equal(1, report.ReasonCounts["non-finite number"]);
        Assert.Equal(new long[] { 2, 3 }, report.Quarantined.Select(q => q.Line));
        Assert.Equal("3000000000,2", report.Quarantined[0].RawText);
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["visits"]);
        Assert.True(report.Columns[0].FromSchema);
    }

    [Fact]
    public void Schema_naming_a_column_the_file_lacks_is_refused()
    {
        string path = PathOf("one.parquet");
        ParquetFile.Write(new DataFrame(new Int32DataFrameColumn("age", new[] { 1 })), path);

        var error = Assert.Throws<CsvLoadException>(() => ParquetFile.Load(path, new CsvOptions { Schema = new CsvSchema { ["income"] = ColumnType.Double } }));

        Assert.Equal("income", error.Column);
    }

    [Fact]
    public void NaN_reads_as_missing_with_a_note()
    {
        string path = PathOf("nan.parquet");
        ParquetFile.Write(new DataFrame(new DoubleDataFrameColumn("income", new[] { double.NaN, 5.0 })), path);

        var (frame, report) = ParquetFile.Load(path);

        Assert.Null(frame.Columns["income"][0]);
        Assert.Contains(report.Notes, n => n.Contains("income") && n.Contains("NaN"));
    }

    [Fact]
    public void Sample_bank_parquet_holds_the_same_rows_as_its_frames()
    {
        var bank = SampleBank.Generate(customers: 200, seed: 5, transactionAccounts: 50, days: 20);
        bank.WriteParquet(_dir);

        var (customers, _) = ParquetFile.Load(PathOf("customers.parquet"));
        var (transactions, _) = ParquetFile.Load(PathOf("transactions.parquet"));

        Assert.Equal(bank.Customers.Rows.Count, customers.Rows.Count);
        Assert.Equal(bank.Transactions.Rows.Count, transactions.Rows.Count);
        foreach (var column in bank.Transactions.Columns)
            for (long r = 0; r < column.Length; r += 97)
                Assert.Equal(column[r] is DateTime d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : column[r], transactions.Columns[column.Name][r]);
    }

    [Fact]
    public void Streaming_writer_writes_parts_of_exactly_the_rows_asked_for_and_marks_success()
    {
        string folder = PathOf("lake");

        long written = SampleBank.WriteTransactionsParquet(folder, transactions: 12_345, seed: 3, days: 30, rowsPerPart: 5_000, rowGroupRows: 1_000);
        var (frame, report) = ParquetFile.Load(folder);

        Assert.Equal(12_345, written);
        Assert.Equal(new[] { "part-00000.parquet", "part-00001.parquet", "part-00002.parquet" },
            Directory.GetFiles(folder, "*.parquet").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(folder, "_SUCCESS")));
        Assert.Equal(new long[] { 5_000, 5_000, 2_345 },
            Directory.GetFiles(folder, "*.parquet").Order(StringComparer.Ordinal).Select(p => ParquetFile.Load(p).Report.RowsLoaded));
        Assert.Equal(12_345, report.RowsLoaded);
        Assert.Equal("T0000001", frame.Columns["transaction_id"][0]);
        Assert.Equal("T0012345", frame.Columns["transaction_id"][12_344]);
        Assert.Equal(frame.Rows.Count, frame.Columns["transaction_id"].Cast<string>().Distinct().Count());
        using var engine = SqlEngine.DuckDb(memoryLimit: "256MB", threads: 1);
        var groups = engine.Query($"SELECT COUNT(*) AS n FROM parquet_metadata('{folder}/*.parquet') GROUP BY file_name, row_group_id");
        Assert.True(groups.Rows.Count > 3, $"expected several row groups per part, found {groups.Rows.Count} in all");
    }

    [Fact]
    public void Streaming_writer_gives_the_same_rows_whatever_the_part_size()
    {
        SampleBank.WriteTransactionsParquet(PathOf("one"), transactions: 4_000, seed: 8, days: 20, rowsPerPart: 100_000, rowGroupRows: 500);
        SampleBank.WriteTransactionsParquet(PathOf("many"), transactions: 4_000, seed: 8, days: 20, rowsPerPart: 700, rowGroupRows: 500);

        var one = ParquetFile.Load(PathOf("one")).Frame;
        var many = ParquetFile.Load(PathOf("many")).Frame;

        Assert.Single(Directory.GetFiles(PathOf("one"), "*.parquet"));
        Assert.Equal(6, Directory.GetFiles(PathOf("many"), "*.parquet").Length);
        foreach (var column in one.Columns)
            for (long r = 0; r < column.Length; r++)
                Assert.Equal(column[r], many.Columns[column.Name][r]);
    }

    [Fact]
    public void Streaming_writer_refuses_a_folder_that_already_holds_parts()
    {
        string folder = PathOf("used");
        SampleBank.WriteTransactionsParquet(folder, transactions: 100, seed: 1, days: 20);

        var error = Assert.Throws<IOException>(() => SampleBank.WriteTransactionsParquet(folder, transactions: 100, seed: 1, days: 20));

        Assert.Contains(folder, error.Message);
    }

    [Fact]
    public void Typed_columns_keep_values_and_nulls_across_row_groups_and_parts()
    {
        // Nulls fall on row-group and part boundaries (row groups of 4 rows, parts of 10 rows).
        DataFrame Frame(int from, int rows)
        {
            var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            bool Missing(int r) => (from + r) % 4 == 3 || (from + r) % 10 == 0;
            var idx = Enumerable.Range(0, rows).ToArray();
            return new DataFrame(
                new Int32DataFrameColumn("count", idx.Select(r => Missing(r) ? (int?)null : from + r)),
                new Int64DataFrameColumn("account", idx.Select(r => Missing(r) ? (long?)null : 10_000_000_000L + from + r)),
                new DoubleDataFrameColumn("balance", idx.Select(r => Missing(r) ? (double?)null : (from + r) * 1.5)),
                new DecimalDataFrameColumn("fee", idx.Select(r => Missing(r) ? (decimal?)null : (from + r) / 100m)),
                new BooleanDataFrameColumn("active", idx.Select(r => Missing(r) ? (bool?)null : (from + r) % 2 == 0)),
                new StringDataFrameColumn("channel", idx.Select(r => Missing(r) ? null : (from + r) % 3 == 0 ? "mobile" : "branch")),
                new PrimitiveDataFrameColumn<DateTime>("opened", idx.Select(r => Missing(r) ? (DateTime?)null : at.AddHours(from + r))));
        }
        string folder = Directory.CreateDirectory(PathOf("typed")).FullName;
        ParquetFile.Write(Frame(0, 10), Path.Combine(folder, "part-0.parquet"), rowGroupRows: 4);
        ParquetFile.Write(Frame(10, 10), Path.Combine(folder, "part-1.parquet"), rowGroupRows: 4);
        ParquetFile.Write(Frame(20, 7), Path.Combine(folder, "part-2.parquet"), rowGroupRows: 4);
        var expected = Frame(0, 27);

        var (loaded, report) = ParquetFile.Load(folder);

        Assert.Equal(27, report.RowsLoaded);
        Assert.IsType<Int32DataFrameColumn>(loaded.Columns["count"]);
        Assert.IsType<Int64DataFrameColumn>(loaded.Columns["account"]);
        Assert.IsType<DoubleDataFrameColumn>(loaded.Columns["balance"]);
        Assert.IsType<DecimalDataFrameColumn>(loaded.Columns["fee"]);
        Assert.IsType<BooleanDataFrameColumn>(loaded.Columns["active"]);
        Assert.IsType<StringDataFrameColumn>(loaded.Columns["channel"]);
        Assert.IsAssignableFrom<PrimitiveDataFrameColumn<DateTime>>(loaded.Columns["opened"]);
        foreach (var column in expected.Columns)
        {
            Assert.Equal(column.NullCount, loaded.Columns[column.Name].NullCount);
            Assert.Equal(column.NullCount, report.Columns.Single(c => c.Name == column.Name).Missing);
            for (long r = 0; r < 27; r++)
                Assert.True(Equals(column[r], loaded.Columns[column.Name][r]), $"{column.Name} row {r}: wrote {column[r]}, read {loaded.Columns[column.Name][r]}");
        }
    }

    [Fact]
    public void Narrow_and_unsigned_lake_types_widen_row_for_row_as_duckdb_reads_them()
    {
        // Several thousand rows in small row groups, with nulls: the typed path must put every value on its own row.
        string path = WriteWithDuckDb("narrow.parquet", """
            SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 100)::TINYINT END AS tiny,
                   CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 30000)::SMALLINT END AS small,
                   CASE WHEN i % 13 = 0 THEN NULL ELSE (i % 200)::UTINYINT END AS ubyte,
                   CASE WHEN i % 17 = 0 THEN NULL ELSE (i % 60000)::USMALLINT END AS ushort,
                   CASE WHEN i % 19 = 0 THEN NULL ELSE (4000000000 - i)::UINTEGER END AS uint,
                   CASE WHEN i % 23 = 0 THEN NULL ELSE (i / 8.0)::FLOAT END AS single,
                   CASE WHEN i % 29 = 0 THEN NULL ELSE 'c' || (i % 5)::VARCHAR END AS code
            FROM range(5000) t(i)
            """, copyOptions: "FORMAT parquet, ROW_GROUP_SIZE 1024");
        using var engine = SqlEngine.DuckDb(memoryLimit: "256MB", threads: 1);
        var expected = engine.Query($"SELECT * FROM read_parquet('{path}')");

        var (frame, report) = ParquetFile.Load(path);

        Assert.True(engine.Query($"SELECT DISTINCT row_group_id FROM parquet_metadata('{path}')").Rows.Count > 1);
        Assert.Equal(new[] { ColumnType.Int32, ColumnType.Int32, ColumnType.Int32, ColumnType.Int32, ColumnType.Int64, ColumnType.Double, ColumnType.Category },
            report.Columns.Select(c => c.Type));
        foreach (var column in expected.Columns)
        {
            var loaded = frame.Columns[column.Name];
            Assert.Equal(column.NullCount, loaded.NullCount);
            for (long r = 0; r < column.Length; r++)
            {
                // DuckDB's reader gives its own .NET types (byte, float, ...); the kit widens them, so numbers compare by value.
                object? want = column[r] is string or null ? column[r] : Convert.ToDouble(column[r], System.Globalization.CultureInfo.InvariantCulture);
                object? got = loaded[r] is string or null ? loaded[r] : Convert.ToDouble(loaded[r], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Equals(want, got), $"{column.Name} row {r}: DuckDB {column[r]}, kit {loaded[r]}");
            }
        }
    }

    [Fact]
    public void Schema_conversions_widen_in_place_and_quarantine_what_does_not_fit_counting_rows_across_parts()
    {
        string folder = Directory.CreateDirectory(PathOf("convert")).FullName;
        ParquetFile.Write(new DataFrame(new Int32DataFrameColumn("visits", new int?[] { 1, null, 3 }), new StringDataFrameColumn("score", new[] { "10", "x", "12" }),
            new DecimalDataFrameColumn("fee", new decimal?[] { 1.25m, 2m, null })), Path.Combine(folder, "a.parquet"));
        ParquetFile.Write(new DataFrame(new Int32DataFrameColumn("visits", new int?[] { 4, 5 }), new StringDataFrameColumn("score", new[] { "13", null }),
            new DecimalDataFrameColumn("fee", new decimal?[] { 0.5m, 7m })), Path.Combine(folder, "b.parquet"));
        var schema = new CsvSchema { ["visits"] = ColumnType.Int64, ["score"] = ColumnType.Int32, ["fee"] = ColumnType.Double };

        var (frame, report) = ParquetFile.Load(folder, new CsvOptions { Schema = schema, OnBadRow = BadRows.Quarantine });

        Assert.Equal(5, report.RowsRead);
        Assert.Equal(4, report.RowsLoaded);
        var bad = Assert.Single(report.Quarantined);
        Assert.Equal(2, bad.Line);
        Assert.Equal("score", bad.Column);
        Assert.Equal(",x,2", bad.RawText);
        Assert.IsType<Int64DataFrameColumn>(frame.Columns["visits"]);
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["score"]);
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["fee"]);
        Assert.Equal(new object?[] { 1L, 3L, 4L, 5L }, Enumerable.Range(0, 4).Select(r => frame.Columns["visits"][r]));
        Assert.Equal(new object?[] { 10, 12, 13, null }, Enumerable.Range(0, 4).Select(r => frame.Columns["score"][r]));
        Assert.Equal(new object?[] { 1.25, null, 0.5, 7.0 }, Enumerable.Range(0, 4).Select(r => frame.Columns["fee"][r]));
        Assert.Equal(new long[] { 0, 1, 1 }, report.Columns.Select(c => c.Missing));
    }

    [Fact]
    public void Repeated_text_shares_one_string_per_value()
    {
        string path = PathOf("repeated.parquet");
        ParquetFile.Write(new DataFrame(new StringDataFrameColumn("region", Enumerable.Range(0, 1_000).Select(i => i % 2 == 0 ? "north" : "south"))), path);

        var (frame, report) = ParquetFile.Load(path);

        var values = frame.Columns["region"].Cast<string>().ToArray();
        Assert.Equal(2, values.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(ColumnType.Category, report.Columns[0].Type);
    }

    [Fact]
    public void Loads_arrow_ipc_files_and_streams_with_dictionary_strings_and_zoned_timestamps()
    {
        var dictionary = new StringArray.Builder().Append("branch").Append("mobile").Build();
        var indices = new Int32Array.Builder().Append(1).Append(0).AppendNull().Build();
        var batch = new RecordBatch.Builder()
            .Append("age", true, new Int32Array.Builder().Append(30).AppendNull().Append(50).Build())
            .Append("balance", true, new DoubleArray.Builder().Append(1.5).Append(2.5).AppendNull().Build())
            .Append("channel", true, new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), indices, dictionary))
            .Append("at", true, new TimestampArray.Builder(TimeUnit.Microsecond, "Europe/London")
                .Append(new DateTimeOffset(2024, 7, 1, 10, 0, 0, TimeSpan.FromHours(1))).AppendNull().Append(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)).Build())
            .Build();
        string file = PathOf("frame.arrow"), stream = PathOf("stream.arrows");
        using (var fs = File.Create(file))
        using (var writer = new ArrowFileWriter(fs, batch.Schema))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        using (var fs = File.Create(stream))
        using (var writer = new ArrowStreamWriter(fs, batch.Schema))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        foreach (var path in new[] { file, stream })
        {
            var (frame, report) = ArrowFile.Load(path);
            Assert.Equal(3, report.RowsLoaded);
            Assert.Equal(new object?[] { 30, null, 50 }, Enumerable.Range(0, 3).Select(r => frame.Columns["age"][r]));
            Assert.Equal(new object?[] { "mobile", "branch", null }, Enumerable.Range(0, 3).Select(r => frame.Columns["channel"][r]));
            Assert.Equal(new DateTime(2024, 7, 1, 9, 0, 0, DateTimeKind.Utc), frame.Columns["at"][0]);
            Assert.Equal(ColumnType.DateTime, report.Columns[3].Type);
        }
    }

    [Fact]
    public void Arrow_batches_append_typed_values_and_nulls_in_order()
    {
        RecordBatch Batch(int from, int rows) => new RecordBatch.Builder()
            .Append("account", true, Build(new Int64Array.Builder(), from, rows, (b, i) => b.Append(1_000_000_000_000L + i), b => b.AppendNull()))
            .Append("score", true, Build(new FloatArray.Builder(), from, rows, (b, i) => b.Append(i / 4f), b => b.AppendNull()))
            .Append("active", true, Build(new BooleanArray.Builder(), from, rows, (b, i) => b.Append(i % 2 == 0), b => b.AppendNull()))
            .Append("fee", true, Build(new Decimal128Array.Builder(new Decimal128Type(10, 2)), from, rows, (b, i) => b.Append(i / 100m), b => b.AppendNull()))
            .Append("opened", true, Build(new Date32Array.Builder(), from, rows, (b, i) => b.Append(new DateTime(2024, 1, 1).AddDays(i)), b => b.AppendNull()))
            .Build();
        string path = PathOf("batches.arrow");
        using (var fs = File.Create(path))
        using (var writer = new ArrowFileWriter(fs, Batch(0, 1).Schema))
        {
            writer.WriteRecordBatch(Batch(0, 6));
            writer.WriteRecordBatch(Batch(6, 5));
            writer.WriteEnd();
        }

        var (frame, report) = ArrowFile.Load(path);

        Assert.Equal(11, report.RowsLoaded);
        Assert.Equal(new[] { ColumnType.Int64, ColumnType.Double, ColumnType.Boolean, ColumnType.Double, ColumnType.DateTime }, report.Columns.Select(c => c.Type));
        for (int i = 0; i < 11; i++)
        {
            bool missing = i % 3 == 2;
            Assert.Equal(missing ? null : 1_000_000_000_000L + i, frame.Columns["account"][i]);
            Assert.Equal(missing ? null : (double)(i / 4f), frame.Columns["score"][i]);
            Assert.Equal(missing ? null : i % 2 == 0, frame.Columns["active"][i]);
            Assert.Equal(missing ? null : i / 100m, frame.Columns["fee"][i]);
            Assert.Equal(missing ? null : new DateTime(2024, 1, 1).AddDays(i), frame.Columns["opened"][i]);
        }
        Assert.All(report.Columns, c => Assert.Equal(3, c.Missing));
    }

    // Every third row (counted over the whole file) is missing.
    private static IArrowArray Build<TBuilder>(TBuilder builder, int from, int rows, Action<TBuilder, int> value, Action<TBuilder> missing)
        where TBuilder : IArrowArrayBuilder<IArrowArray, TBuilder>
    {
        for (int i = from; i < from + rows; i++)
            if (i % 3 == 2) missing(builder); else value(builder, i);
        return builder.Build(default);
    }

    [Fact]
    public void Arrow_nested_column_is_refused_naming_file_and_column()
    {
        var list = new ListArray.Builder(Int32Type.Default);
        list.Append();
        ((Int32Array.Builder)list.ValueBuilder).Append(1);
        var batch = new RecordBatch.Builder().Append("amounts", true, list.Build()).Build();
        string path = PathOf("nested.arrow");
        using (var fs = File.Create(path))
        using (var writer = new ArrowFileWriter(fs, batch.Schema))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        var error = Assert.Throws<NotSupportedException>(() => ArrowFile.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("'amounts'", error.Message);
    }
}
