using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Out-of-core preparation: SQL run by an engine over files larger than memory (embedded DuckDB by default, or the
/// bank's own engine through any ADO.NET <see cref="DbConnection"/>), with the result handed to the wrangling chain as a frame.
/// </summary>
public sealed class SqlEngine : IDisposable
{
    private readonly DbConnection _connection;
    private readonly bool _ownsConnection;

    private SqlEngine(DbConnection connection, bool ownsConnection)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        if (_connection.State != System.Data.ConnectionState.Open) _connection.Open();
    }

    /// <summary>
    /// An embedded, in-process DuckDB that spills to <paramref name="tempDirectory"/> rather than exceed <paramref name="memoryLimit"/>
    /// (DuckDB syntax: "2GB", "512MB"); <paramref name="threads"/> caps its worker threads (all cores when null).
    /// </summary>
    public static SqlEngine DuckDb(string memoryLimit = "2GB", string? tempDirectory = null, int? threads = null)
    {
        if (string.IsNullOrWhiteSpace(memoryLimit) || memoryLimit.Contains('\''))
            throw new ArgumentException($"memoryLimit '{memoryLimit}' is not a DuckDB size such as \"2GB\".", nameof(memoryLimit));
        if (threads is <= 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be positive.");
        var engine = new SqlEngine(new DuckDBConnection("Data Source=:memory:"), ownsConnection: true);
        string temp = tempDirectory ?? Path.Combine(Path.GetTempPath(), "foundations-duckdb");
        Directory.CreateDirectory(temp);
        engine.Execute($"SET memory_limit = '{memoryLimit}'");
        engine.Execute($"SET temp_directory = '{temp.Replace("'", "''", StringComparison.Ordinal)}'");
        // Large GROUP BYs need not keep input order; dropping it lets DuckDB stream and spill with less memory.
        engine.Execute("SET preserve_insertion_order = false");
        engine.Execute("SET TimeZone = 'UTC'");
        if (threads is int t) engine.Execute($"SET threads = {t.ToString(CultureInfo.InvariantCulture)}");
        return engine;
    }

    /// <summary>The same steps over any ADO.NET connection (Spark/Databricks ODBC, a warehouse, SQL Server, Postgres); the caller keeps ownership unless <paramref name="ownsConnection"/>.</summary>
    public static SqlEngine On(DbConnection connection, bool ownsConnection = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new SqlEngine(connection, ownsConnection);
    }

    /// <summary>The connection the engine runs on.</summary>
    public DbConnection Connection => _connection;

    /// <summary>Runs a statement that returns no rows (CREATE VIEW, SET ...); returns the engine for chaining.</summary>
    public SqlEngine Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
        return this;
    }

    /// <summary>Runs a query and returns its rows as a typed frame (only the result comes into memory).</summary>
    public DataFrame Query(string sql)
    {
        using var command = Command(sql);
        using var reader = command.ExecuteReader();
        return ToFrame(reader);
    }

    /// <summary>Runs a query and starts a wrangling recipe on its result: <c>engine.Recipe(sql).Impute(...)</c>.</summary>
    public Recipe Recipe(string sql) => Wrangle.From(Query(sql));

    /// <summary>
    /// The same per-customer features as <see cref="Data.TransactionFeatures.PerCustomer"/>, computed by the engine over
    /// <paramref name="from"/> (a table name, or for DuckDB a file scan such as <c>read_parquet('lake/transactions/*.parquet')</c>).
    /// Only one row per customer comes back into memory. Set <paramref name="directionColumn"/> to null when there is none.
    /// </summary>
    public DataFrame TransactionFeatures(string from, TimeSpan window, DateTime? asOf = null,
        string customerColumn = "customer_id", string timestampColumn = "timestamp", string amountColumn = "amount",
        string channelColumn = "channel", string categoryColumn = "merchant_category", string? directionColumn = "direction",
        IEnumerable<string>? channels = null, IEnumerable<string>? categories = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), window, "window must be positive, for example TimeSpan.FromDays(90).");
        // Compared as plain (UTC wall-clock) timestamps: a zoned column against a plain literal is engine- and session-dependent.
        string id = Quote(customerColumn), ts = $"CAST({Quote(timestampColumn)} AS TIMESTAMP)", amount = Quote(amountColumn), ch = Quote(channelColumn), cat = Quote(categoryColumn);

        DateTime end = asOf ?? (Scalar($"SELECT MAX({ts}) FROM {from}") is { } max ? AsDateTime(max, timestampColumn)
            : throw new ArgumentException($"TransactionFeatures: '{from}' has no timestamps.", nameof(from)));
        DateTime start = end - window;
        string endLit = Literal(end), startLit = Literal(start), suffix = Data.TransactionFeatures.Suffix(window);
        string known = $"{ts} <= {endLit}";
        // The share columns come from what was known at the as-of date, as in the in-memory path.
        var channelList = (channels ?? Distinct($"SELECT DISTINCT {ch} FROM {from} WHERE {known} AND {ch} IS NOT NULL")).Order(StringComparer.Ordinal).ToArray();
        var categoryList = (categories ?? Distinct($"SELECT DISTINCT {cat} FROM {from} WHERE {known} AND {cat} IS NOT NULL")).Order(StringComparer.Ordinal).ToArray();

        string inWindow = $"{ts} > {startLit}";
        var sql = new StringBuilder();
        sql.Append($"SELECT {id} AS k, ")
           .Append($"CAST(SUM(CASE WHEN {inWindow} THEN 1 ELSE 0 END) AS BIGINT) AS n, ")
           .Append($"SUM(CASE WHEN {inWindow} THEN {amount} ELSE 0 END) AS s, ")
           .Append($"AVG(CASE WHEN {inWindow} THEN {amount} END) AS m, ")
           .Append($"STDDEV_SAMP(CASE WHEN {inWindow} THEN {amount} END) AS sd, ")
           .Append($"MAX(CASE WHEN {inWindow} THEN {amount} END) AS mx, ")
           .Append($"MAX({ts}) AS last_ts");
        if (directionColumn is not null)
        {
            string dir = Quote(directionColumn);
            sql.Append($", SUM(CASE WHEN {inWindow} AND {dir} = 'credit' THEN {amount} ELSE 0 END) AS cr")
               .Append($", SUM(CASE WHEN {inWindow} AND {dir} = 'debit' THEN {amount} ELSE 0 END) AS db");
        }
        for (int i = 0; i < channelList.Length; i++)
            sql.Append($", CAST(SUM(CASE WHEN {inWindow} AND {ch} = {Literal(channelList[i])} THEN 1 ELSE 0 END) AS BIGINT) AS ch{i}");
        for (int i = 0; i < categoryList.Length; i++)
            sql.Append($", CAST(SUM(CASE WHEN {inWindow} AND {cat} = {Literal(categoryList[i])} THEN 1 ELSE 0 END) AS BIGINT) AS ca{i}");
        sql.Append($" FROM {from} WHERE {known} AND {id} IS NOT NULL GROUP BY {id}");

        var raw = Query(sql.ToString());
        // Sort in .NET so the order is ordinal whatever the engine's collation.
        var keys = Enumerable.Range(0, (int)raw.Rows.Count).Select(r => (string)raw.Columns["k"][r]!).ToArray();
        var order = Enumerable.Range(0, keys.Length).OrderBy(r => keys[r], StringComparer.Ordinal).ToArray();
        double[] Col(string name) => ColumnTypes.ToDoubles(raw.Columns[name]);
        var n = Col("n");
        var frame = new DataFrame(new StringDataFrameColumn(customerColumn, order.Select(r => keys[r])));
        frame.Columns.Add(new Int32DataFrameColumn("txn_count" + suffix, order.Select(r => (int)n[r])));
        frame.Columns.Add(new DoubleDataFrameColumn("amount_sum" + suffix, Pick(Col("s"), order, n, zeroWhenEmpty: true)));
        frame.Columns.Add(new DoubleDataFrameColumn("amount_mean" + suffix, Pick(Col("m"), order, n)));
        var sd = Col("sd");
        // One transaction has a deviation of 0 in the in-memory path; SQL's STDDEV_SAMP gives NULL there.
        frame.Columns.Add(new DoubleDataFrameColumn("amount_std" + suffix, order.Select(r => n[r] switch { 0 => (double?)null, 1 => 0, _ => sd[r] })));
        frame.Columns.Add(new DoubleDataFrameColumn("amount_max" + suffix, Pick(Col("mx"), order, n)));
        if (directionColumn is not null)
        {
            frame.Columns.Add(new DoubleDataFrameColumn("credit_sum" + suffix, Pick(Col("cr"), order, n, zeroWhenEmpty: true)));
            frame.Columns.Add(new DoubleDataFrameColumn("debit_sum" + suffix, Pick(Col("db"), order, n, zeroWhenEmpty: true)));
        }
        var last = raw.Columns["last_ts"];
        frame.Columns.Add(new DoubleDataFrameColumn("days_since_last_txn", order.Select(r => (end - AsDateTime(last[r]!, timestampColumn)).TotalDays)));
        for (int i = 0; i < channelList.Length; i++)
        {
            var c = Col($"ch{i}");
            frame.Columns.Add(new DoubleDataFrameColumn($"channel_share_{channelList[i]}{suffix}", order.Select(r => n[r] == 0 ? 0 : c[r] / n[r])));
        }
        for (int i = 0; i < categoryList.Length; i++)
        {
            var c = Col($"ca{i}");
            frame.Columns.Add(new DoubleDataFrameColumn($"category_share_{categoryList[i]}{suffix}", order.Select(r => n[r] == 0 ? 0 : c[r] / n[r])));
        }
        return frame;
    }

    private static IEnumerable<double?> Pick(double[] values, int[] order, double[] n, bool zeroWhenEmpty = false) =>
        order.Select(r => n[r] == 0 ? (zeroWhenEmpty ? 0 : (double?)null) : values[r]);

    private object? Scalar(string sql)
    {
        using var command = Command(sql);
        var v = command.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    private string[] Distinct(string sql)
    {
        var frame = Query(sql);
        return Enumerable.Range(0, (int)frame.Rows.Count).Select(r => Convert.ToString(frame.Columns[0][r], CultureInfo.InvariantCulture)!).ToArray();
    }

    private DbCommand Command(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static DateTime AsDateTime(object value, string column) => value switch
    {
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
        DateTimeOffset o => o.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        _ => throw new ArgumentException($"TransactionFeatures: column '{column}' must hold timestamps, found {value.GetType().Name}.", column),
    };

    // ANSI forms, so the generated SQL runs on other engines too.
    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    private static string Literal(DateTime t) => "TIMESTAMP '" + t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";

    /// <summary>Reads a result set into a typed frame: integers, floating and decimal numbers, booleans, text and date-times.</summary>
    public static DataFrame ToFrame(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int width = reader.FieldCount;
        var names = Enumerable.Range(0, width).Select(reader.GetName).ToArray();
        var types = Enumerable.Range(0, width).Select(reader.GetFieldType).ToArray();
        var values = Enumerable.Range(0, width).Select(_ => new List<object?>()).ToArray();
        while (reader.Read())
            for (int c = 0; c < width; c++)
                values[c].Add(reader.IsDBNull(c) ? null : reader.GetValue(c));
        var frame = new DataFrame();
        for (int c = 0; c < width; c++)
            frame.Columns.Add(Column(names[c], types[c], values[c]));
        return frame;
    }

    private static DataFrameColumn Column(string name, Type type, List<object?> v)
    {
        if (type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(ushort))
            return new Int32DataFrameColumn(name, v.Select(x => x is null ? (int?)null : Convert.ToInt32(x, CultureInfo.InvariantCulture)));
        if (type == typeof(long) || type == typeof(uint) || type == typeof(ulong) || type == typeof(BigInteger))
            return new Int64DataFrameColumn(name, v.Select(x => x switch { null => (long?)null, BigInteger b => (long)b, _ => Convert.ToInt64(x, CultureInfo.InvariantCulture) }));
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return new DoubleDataFrameColumn(name, v.Select(x => x is null ? (double?)null : Convert.ToDouble(x, CultureInfo.InvariantCulture)));
        if (type == typeof(bool)) return new BooleanDataFrameColumn(name, v.Select(x => (bool?)x));
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly))
            return new PrimitiveDataFrameColumn<DateTime>(name, v.Select(x => x is null ? (DateTime?)null : AsDateTime(x, name)));
        return new StringDataFrameColumn(name, v.Select(x => x switch { null => null, string s => s, _ => Convert.ToString(x, CultureInfo.InvariantCulture) }));
    }

    /// <summary>Closes the connection when the engine opened it.</summary>
    public void Dispose()
    {
        if (_ownsConnection) _connection.Dispose();
    }
}
