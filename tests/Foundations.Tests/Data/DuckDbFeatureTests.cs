using DuckDB.NET.Data;
using Foundations.Data;
using Microsoft.Data.Analysis;
using Xunit;

namespace Foundations.Tests.Data;

public sealed class DuckDbFeatureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fn-duckdb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertSameFrames(DataFrame expected, DataFrame actual)
    {
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        foreach (var column in expected.Columns)
        {
            var other = actual.Columns[column.Name];
            Assert.Equal(column.GetType(), other.GetType());
            for (long r = 0; r < column.Length; r++)
            {
                if (column[r] is double e)
                {
                    var a = Assert.IsType<double>(other[r]);
                    Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{column.Name} row {r}: in memory {e}, DuckDB {a}");
                }
                else Assert.Equal(column[r], other[r]);
            }
        }
    }

    [Theory]
    [InlineData(30, null)]
    [InlineData(14, "2026-01-20")]
    public void DuckDb_feature_query_matches_the_in_memory_transaction_features_on_the_sample_data(int windowDays, string? asOfText)
    {
        var bank = SampleBank.Generate(customers: 400, seed: 11, transactionAccounts: 150, days: 45);
        bank.WriteParquet(_dir);
        var (transactions, _) = Csv.Load(Path.Combine(WriteCsv(bank), "transactions.csv"));
        DateTime? asOf = asOfText is null ? null : DateTime.Parse(asOfText, System.Globalization.CultureInfo.InvariantCulture);
        var window = TimeSpan.FromDays(windowDays);

        var inMemory = TransactionFeatures.PerCustomer(transactions, window, asOf);
        using var engine = SqlEngine.DuckDb(memoryLimit: "256MB", threads: 1);
        var outOfCore = engine.TransactionFeatures($"read_parquet('{Path.Combine(_dir, "transactions.parquet")}')", window, asOf);

        Assert.True(inMemory.Rows.Count > 100);
        var stamps = engine.Query($"SELECT typeof(\"timestamp\") AS t, CAST(MIN(\"timestamp\") AS VARCHAR) AS lo, CAST(MAX(\"timestamp\") AS VARCHAR) AS hi FROM read_parquet('{Path.Combine(_dir, "transactions.parquet")}') GROUP BY 1");
        Assert.True(inMemory.Columns[1][0]!.Equals(outOfCore.Columns[1][0]), $"DuckDB reads timestamps as {stamps.Columns[0][0]} from {stamps.Columns[1][0]} to {stamps.Columns[2][0]}; in memory last is {((PrimitiveDataFrameColumn<DateTime>)transactions.Columns["timestamp"]).Max()}");
        AssertSameFrames(inMemory, outOfCore);
    }

    private string WriteCsv(SampleBank bank)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, "csv")).FullName;
        bank.WriteCsv(folder);
        return folder;
    }

    [Fact]
    public void Query_returns_a_typed_frame_that_starts_a_recipe()
    {
        using var engine = SqlEngine.DuckDb();

        var frame = engine.Query("SELECT 1::INTEGER AS n, 2::BIGINT AS big, 1.5 AS x, 'a' AS s, true AS b, TIMESTAMP '2024-01-02 03:04:05' AS t, NULL::DOUBLE AS missing");
        var recipe = engine.Execute("CREATE TABLE t AS SELECT range::INTEGER AS id, range * 2.0 AS amount FROM range(5)").Recipe("SELECT * FROM t ORDER BY id");

        Assert.IsType<Int32DataFrameColumn>(frame.Columns["n"]);
        Assert.IsType<Int64DataFrameColumn>(frame.Columns["big"]);
        Assert.Equal(1.5, frame.Columns["x"][0]);
        Assert.Equal("a", frame.Columns["s"][0]);
        Assert.Equal(true, frame.Columns["b"][0]);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), frame.Columns["t"][0]);
        Assert.Null(frame.Columns["missing"][0]);
        Assert.Equal(5, recipe.Data!.Rows.Count);
        Assert.Equal(8.0, recipe.Data.Columns["amount"][4]);
    }

    [Fact]
    public void DuckDb_engine_runs_with_the_memory_limit_and_spill_folder_given()
    {
        string temp = Path.Combine(_dir, "spill");
        using var engine = SqlEngine.DuckDb(memoryLimit: "300MB", tempDirectory: temp);

        var settings = engine.Query("SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t");

        Assert.Contains("MiB", (string)settings.Columns["m"][0]!);
        Assert.Equal(temp, settings.Columns["t"][0]);
        Assert.Throws<ArgumentException>(() => SqlEngine.DuckDb(memoryLimit: "1GB'; DROP"));
    }

    [Fact]
    public void Same_step_runs_over_a_connection_the_caller_owns()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (var engine = SqlEngine.On(connection))
        {
            engine.Execute("CREATE TABLE lake_transactions AS SELECT 'C1' AS customer_id, TIMESTAMP '2024-01-10 00:00:00' AS \"timestamp\", 10.0 AS amount, "
                + "'card_present' AS channel, 'grocery' AS merchant_category, 'debit' AS direction");
            var features = engine.TransactionFeatures("lake_transactions", TimeSpan.FromDays(7));
            Assert.Equal(1, features.Columns["txn_count_7d"][0]);
            Assert.Equal(0.0, features.Columns["amount_std_7d"][0]);
            Assert.Equal(1.0, features.Columns["channel_share_card_present_7d"][0]);
        }
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }
}
