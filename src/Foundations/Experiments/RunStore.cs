using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Foundations.Experiments;

/// <summary>One run as the store keeps it: what ran, where, how it ended, and everything it logged.</summary>
public sealed record RunEntry
{
    /// <summary>The run's number in the store (what <c>foundations runs --compare A B</c> takes).</summary>
    public required long Id { get; init; }
    /// <summary>A globally unique id (the run id of an MLflow export).</summary>
    public required string Uid { get; init; }
    /// <summary>The notebook's name without extension, e.g. <c>02-prediction</c>.</summary>
    public required string Notebook { get; init; }
    /// <summary>What started it: runner, vscode, jupyter, dotnet-interactive or process (a test, a script).</summary>
    public required string Host { get; init; }
    /// <summary>running, succeeded or failed (a run whose kernel died stays running).</summary>
    public required string Status { get; init; }
    public string? Error { get; init; }
    public required DateTime Started { get; init; }
    /// <summary>When it finished, or its last logged activity while it runs.</summary>
    public DateTime? Ended { get; init; }
    public string? KitVersion { get; init; }
    public string? GitCommit { get; init; }
    /// <summary>Whether the working tree had no uncommitted changes to tracked files (null outside git).</summary>
    public bool? GitClean { get; init; }
    public string? Machine { get; init; }
    /// <summary>cpu or cuda: where training ran.</summary>
    public string? Device { get; init; }
    /// <summary>The metric the notebook asked to chart across runs.</summary>
    public string? KeyMetric { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    /// <summary>Per-step series such as the learning curve (<c>train_loss</c> by epoch).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Series { get; init; } = new Dictionary<string, IReadOnlyList<double>>();
    public IReadOnlyList<RunArtifact> Artifacts { get; init; } = Array.Empty<RunArtifact>();

    /// <summary>Duration in seconds, null while nothing marks its end.</summary>
    public double? Seconds => Ended is { } end ? (end - Started).TotalSeconds : null;
}

/// <summary>A file a run produced, with its SHA-256 and size when the file existed when it was logged.</summary>
public sealed record RunArtifact(string Path, string? Sha256, long? Bytes)
{
    /// <summary>The artifact at <paramref name="path"/> with its SHA-256 and size when the file exists (relative paths from the working folder).</summary>
    public static RunArtifact Of(string path)
    {
        try
        {
            if (!File.Exists(path)) return new RunArtifact(path, null, null);
            using var stream = File.OpenRead(path);
            return new RunArtifact(path, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)), stream.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RunArtifact(path, null, null); // unreadable now: kept by path
        }
    }
}

/// <summary>Where a run happened: the kit's version, the git commit and whether the tree was clean, the machine and device.</summary>
public sealed record RunFacts(string? KitVersion, string? GitCommit, bool? GitClean, string Machine, string? Device)
{
    /// <summary>The facts of this process, with the git commit of the repository holding <paramref name="folder"/>.</summary>
    public static RunFacts Collect(string folder) =>
        RunMachine.Facts(folder, typeof(RunFacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
}

/// <summary>
/// The experiment store: every run of every notebook, in one SQLite file (<c>artifacts/runs/runs.db</c> at the
/// repository root). SQLite rather than DuckDB because several processes (a VS Code kernel, the runner, a test) may
/// write at once: in WAL mode each write is a short transaction and a writer that finds the file busy waits for it,
/// whereas DuckDB lets only one process open a database for writing.
/// </summary>
public sealed class RunStore
{
    /// <summary>The environment variable that moves the store: a folder (runs.db inside) or a .db file.</summary>
    public const string StoreVariable = "FOUNDATIONS_RUNS";

    /// <summary>The store's file.</summary>
    public string Path { get; }

    private readonly string _connectionString;

    private RunStore(string path)
    {
        Path = path;
        // No pooling: a kernel that lives for hours should not hold the file open between writes. The default
        // timeout is how long a command waits for another process's write to finish (SQLITE_BUSY is retried).
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>, or the one <see cref="Locate(string?)"/> finds.</summary>
    public static RunStore Open(string? path = null)
    {
        path = System.IO.Path.GetFullPath(path ?? Locate());
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var store = new RunStore(path);
        try { store.CreateSchema(); }
        catch (SqliteException e) { throw new IOException($"{path} is not a run store: {e.Message} (set {StoreVariable} to another place).", e); }
        return store;
    }

    /// <summary>
    /// The store's path: <c>FOUNDATIONS_RUNS</c> when set; otherwise <c>artifacts/runs/runs.db</c> in the first folder
    /// above <paramref name="from"/> (default: the working folder, a notebook's own folder in VS Code) that holds
    /// <c>Foundations.Notebooks.sln</c> or <c>.git</c>; otherwise under <paramref name="from"/> itself.
    /// </summary>
    public static string Locate(string? from = null) => Locate(from, Environment.GetEnvironmentVariable(StoreVariable));

    internal static string Locate(string? from, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return System.IO.Path.GetFullPath(configured.EndsWith(".db", StringComparison.OrdinalIgnoreCase) ? configured : System.IO.Path.Combine(configured, "runs.db"));
        string start = System.IO.Path.GetFullPath(from ?? Directory.GetCurrentDirectory());
        // The solution file marks this kit's root even inside another repository; .git marks a user's own project.
        foreach (string marker in new[] { "Foundations.Notebooks.sln", ".git" })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, marker)) || Directory.Exists(System.IO.Path.Combine(dir.FullName, marker)))
                    return System.IO.Path.Combine(dir.FullName, "artifacts", "runs", "runs.db");
        return System.IO.Path.Combine(start, "artifacts", "runs", "runs.db");
    }

    /// <summary>Opens a run and returns its number; it stays <c>running</c> until <see cref="Finish"/>.</summary>
    public long Begin(string uid, string notebook, string host, DateTime startedUtc, RunFacts facts, string? keyMetric = null)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var cmd = Command(c, tx, """
            INSERT INTO runs (uid, notebook, host, status, started, ended, kit_version, git_commit, git_clean, machine, device, key_metric)
            VALUES ($uid, $notebook, $host, 'running', $started, $started, $kit, $commit, $clean, $machine, $device, $key)
            RETURNING id
            """, ("$uid", uid), ("$notebook", notebook), ("$host", host), ("$started", Time(startedUtc)), ("$kit", facts.KitVersion),
            ("$commit", facts.GitCommit), ("$clean", facts.GitClean is { } b ? (b ? 1 : 0) : null), ("$machine", facts.Machine), ("$device", facts.Device), ("$key", keyMetric));
        long id = (long)cmd.ExecuteScalar()!;
        tx.Commit();
        return id;
    }

    /// <summary>The number of the run with this unique id, or null.</summary>
    public long? IdOf(string uid)
    {
        using var c = Connect();
        using var cmd = Command(c, null, "SELECT id FROM runs WHERE uid = $uid", ("$uid", uid));
        return cmd.ExecuteScalar() is long id ? id : null;
    }

    /// <summary>Records parameters of a run (last value wins).</summary>
    public void SetParameters(long run, IEnumerable<KeyValuePair<string, string>> parameters) =>
        Write(run, "INSERT INTO params (run_id, name, value) VALUES ($run, $name, $value) ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value",
            parameters.Select(p => new object?[] { p.Key, p.Value }));

    /// <summary>Records metrics of a run (last value wins; NaN and infinities are kept as missing).</summary>
    public void SetMetrics(long run, IEnumerable<KeyValuePair<string, double>> metrics) =>
        Write(run, "INSERT INTO metrics (run_id, name, value) VALUES ($run, $name, $value) ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value",
            metrics.Select(m => new object?[] { m.Key, double.IsFinite(m.Value) ? m.Value : null }));

    /// <summary>Replaces a per-step series of a run (step 1, 2, … in order).</summary>
    public void SetSeries(long run, string name, IReadOnlyList<double> values)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using (var delete = Command(c, tx, "DELETE FROM series WHERE run_id = $run AND name = $name", ("$run", run), ("$name", name))) delete.ExecuteNonQuery();
        using var insert = Command(c, tx, "INSERT INTO series (run_id, name, step, value) VALUES ($run, $name, $step, $value)", ("$run", run), ("$name", name), ("$step", 0), ("$value", 0.0));
        for (int i = 0; i < values.Count; i++)
        {
            insert.Parameters["$step"].Value = i + 1;
            insert.Parameters["$value"].Value = double.IsFinite(values[i]) ? values[i] : DBNull.Value;
            insert.ExecuteNonQuery();
        }
        Touch(c, tx, run);
        tx.Commit();
    }

    /// <summary>Records artifacts of a run (a path logged again takes its new hash).</summary>
    public void SetArtifacts(long run, IEnumerable<RunArtifact> artifacts) =>
        Write(run, "INSERT INTO artifacts (run_id, path, sha256, bytes) VALUES ($run, $name, $value, $bytes) ON CONFLICT (run_id, path) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes",
            artifacts.Select(a => new object?[] { a.Path, a.Sha256, a.Bytes }));

    /// <summary>Records the metric to chart across runs.</summary>
    public void SetKeyMetric(long run, string keyMetric)
    {
        using var c = Connect();
        using var cmd = Command(c, null, "UPDATE runs SET key_metric = $key WHERE id = $run", ("$key", keyMetric), ("$run", run));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Closes a run as succeeded or failed, with the error that stopped it.</summary>
    public void Finish(long run, string status, string? error, DateTime endedUtc)
    {
        if (status is not ("succeeded" or "failed")) throw new ArgumentException($"status '{status}': expected succeeded or failed.", nameof(status));
        using var c = Connect();
        using var cmd = Command(c, null, "UPDATE runs SET status = $status, error = $error, ended = $ended WHERE id = $run",
            ("$status", status), ("$error", error), ("$ended", Time(endedUtc)), ("$run", run));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Marks a run failed if it is still running (its process died before closing it); false when it was closed.</summary>
    public bool FailIfRunning(string uid, string error, DateTime endedUtc)
    {
        using var c = Connect();
        using var cmd = Command(c, null, "UPDATE runs SET status = 'failed', error = $error, ended = $ended WHERE uid = $uid AND status = 'running'",
            ("$error", error), ("$ended", Time(endedUtc)), ("$uid", uid));
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <summary>Every run of <paramref name="notebook"/> (all notebooks when null), oldest first.</summary>
    public IReadOnlyList<RunEntry> Runs(string? notebook = null) => Read(notebook is null ? "" : "WHERE notebook = $notebook", ("$notebook", notebook));

    /// <summary>The run with this number, or null.</summary>
    public RunEntry? Get(long id) => Read("WHERE id = $id", ("$id", id)).FirstOrDefault();

    /// <summary>The notebooks with runs in the store, with their run count and last start.</summary>
    public IReadOnlyList<(string Notebook, int Runs, DateTime LastStarted)> Notebooks()
    {
        using var c = Connect();
        using var cmd = Command(c, null, "SELECT notebook, count(*), max(started) FROM runs GROUP BY notebook ORDER BY notebook");
        using var r = cmd.ExecuteReader();
        var result = new List<(string, int, DateTime)>();
        while (r.Read()) result.Add((r.GetString(0), r.GetInt32(1), ParseTime(r.GetString(2))));
        return result;
    }

    private IReadOnlyList<RunEntry> Read(string filter, params (string Name, object? Value)[] args)
    {
        using var c = Connect();
        // One read transaction: a snapshot, so a run being written meanwhile is seen whole or as it was.
        using var tx = c.BeginTransaction(deferred: true);
        var runs = new List<RunEntry>();
        using (var cmd = Command(c, tx, $"SELECT id, uid, notebook, host, status, error, started, ended, kit_version, git_commit, git_clean, machine, device, key_metric FROM runs {filter} ORDER BY id", args))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                runs.Add(new RunEntry
                {
                    Id = r.GetInt64(0), Uid = r.GetString(1), Notebook = r.GetString(2), Host = r.GetString(3), Status = r.GetString(4),
                    Error = Text(r, 5), Started = ParseTime(r.GetString(6)), Ended = Text(r, 7) is { } e ? ParseTime(e) : null,
                    KitVersion = Text(r, 8), GitCommit = Text(r, 9), GitClean = r.IsDBNull(10) ? null : r.GetInt64(10) == 1,
                    Machine = Text(r, 11), Device = Text(r, 12), KeyMetric = Text(r, 13),
                });
        if (runs.Count == 0) return runs;
        var ids = runs.Select(r => r.Id).ToHashSet();
        string inRuns = $"run_id IN (SELECT id FROM runs {filter})";
        var parameters = Group(c, tx, $"SELECT run_id, name, value FROM params WHERE {inRuns} ORDER BY name", args, r => r.GetString(2));
        var metrics = Group(c, tx, $"SELECT run_id, name, value FROM metrics WHERE {inRuns} ORDER BY name", args, r => r.IsDBNull(2) ? double.NaN : r.GetDouble(2));
        var series = new Dictionary<long, Dictionary<string, List<double>>>();
        using (var cmd = Command(c, tx, $"SELECT run_id, name, value FROM series WHERE {inRuns} ORDER BY run_id, name, step", args))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var byName = series.TryGetValue(r.GetInt64(0), out var s) ? s : series[r.GetInt64(0)] = new(StringComparer.Ordinal);
                (byName.TryGetValue(r.GetString(1), out var list) ? list : byName[r.GetString(1)] = new()).Add(r.IsDBNull(2) ? double.NaN : r.GetDouble(2));
            }
        var artifacts = new Dictionary<long, List<RunArtifact>>();
        using (var cmd = Command(c, tx, $"SELECT run_id, path, sha256, bytes FROM artifacts WHERE {inRuns} ORDER BY rowid", args))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                (artifacts.TryGetValue(r.GetInt64(0), out var list) ? list : artifacts[r.GetInt64(0)] = new()).Add(new RunArtifact(r.GetString(1), Text(r, 2), r.IsDBNull(3) ? null : r.GetInt64(3)));
        return runs.Select(run => run with
        {
            Parameters = parameters.GetValueOrDefault(run.Id) ?? new Dictionary<string, string>(),
            Metrics = metrics.GetValueOrDefault(run.Id) ?? new Dictionary<string, double>(),
            Series = series.GetValueOrDefault(run.Id)?.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value, StringComparer.Ordinal) ?? new Dictionary<string, IReadOnlyList<double>>(),
            Artifacts = artifacts.GetValueOrDefault(run.Id) ?? (IReadOnlyList<RunArtifact>)Array.Empty<RunArtifact>(),
        }).ToList();
    }

    private static Dictionary<long, Dictionary<string, T>> Group<T>(SqliteConnection c, SqliteTransaction tx, string sql, (string, object?)[] args, Func<SqliteDataReader, T> value)
    {
        var result = new Dictionary<long, Dictionary<string, T>>();
        using var cmd = Command(c, tx, sql, args);
        using var r = cmd.ExecuteReader();
        while (r.Read())
            (result.TryGetValue(r.GetInt64(0), out var d) ? d : result[r.GetInt64(0)] = new(StringComparer.Ordinal))[r.GetString(1)] = value(r);
        return result;
    }

    // Rows of one kind in one short transaction; the run's end moves to now so a run that dies shows when it last logged.
    private void Write(long run, string sql, IEnumerable<object?[]> rows)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var cmd = Command(c, tx, sql, ("$run", run), ("$name", ""), ("$value", null), ("$bytes", null));
        foreach (var row in rows)
        {
            cmd.Parameters["$name"].Value = row[0];
            cmd.Parameters["$value"].Value = row[1] ?? DBNull.Value;
            if (row.Length > 2) cmd.Parameters["$bytes"].Value = row[2] ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }
        Touch(c, tx, run);
        tx.Commit();
    }

    private static void Touch(SqliteConnection c, SqliteTransaction tx, long run)
    {
        using var cmd = Command(c, tx, "UPDATE runs SET ended = $now WHERE id = $run AND status = 'running'", ("$now", Time(DateTime.UtcNow)), ("$run", run));
        cmd.ExecuteNonQuery();
    }

    private void CreateSchema()
    {
        using var c = Connect();
        // WAL lets readers and one writer work at once; the setting is stored in the file, so later connections get it.
        using (var wal = Command(c, null, "PRAGMA journal_mode = WAL")) wal.ExecuteNonQuery();
        using var tx = c.BeginTransaction();
        using var cmd = Command(c, tx, """
            CREATE TABLE IF NOT EXISTS runs (
              id INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT NOT NULL UNIQUE, notebook TEXT NOT NULL, host TEXT NOT NULL,
              status TEXT NOT NULL, error TEXT, started TEXT NOT NULL, ended TEXT, kit_version TEXT, git_commit TEXT,
              git_clean INTEGER, machine TEXT, device TEXT, key_metric TEXT);
            CREATE INDEX IF NOT EXISTS runs_by_notebook ON runs (notebook, id);
            CREATE TABLE IF NOT EXISTS params (run_id INTEGER NOT NULL REFERENCES runs(id), name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, name));
            CREATE TABLE IF NOT EXISTS metrics (run_id INTEGER NOT NULL REFERENCES runs(id), name TEXT NOT NULL, value REAL, PRIMARY KEY (run_id, name));
            CREATE TABLE IF NOT EXISTS series (run_id INTEGER NOT NULL REFERENCES runs(id), name TEXT NOT NULL, step INTEGER NOT NULL, value REAL, PRIMARY KEY (run_id, name, step));
            CREATE TABLE IF NOT EXISTS artifacts (run_id INTEGER NOT NULL REFERENCES runs(id), path TEXT NOT NULL, sha256 TEXT, bytes INTEGER, PRIMARY KEY (run_id, path));
            """);
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    private SqliteConnection Connect()
    {
        NativeSqlite.EnsureLoaded();
        var c = new SqliteConnection(_connectionString);
        try
        {
            c.Open();
            using var pragmas = c.CreateCommand();
            // busy_timeout also covers the moments Microsoft.Data.Sqlite does not retry itself (opening a WAL file another process is checkpointing).
            pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
            pragmas.ExecuteNonQuery();
            return c;
        }
        catch (SqliteException e)
        {
            c.Dispose();
            throw new IOException($"The run store at {Path} cannot be opened: {e.Message} (set {StoreVariable} to move it).", e);
        }
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args)
            if (sql.Contains(name, StringComparison.Ordinal)) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static string Time(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    private static DateTime ParseTime(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}

/// <summary>
/// Loads e_sqlite3 from the folder Foundations.dll was loaded from (artifacts/notebook-lib in a notebook). A host that
/// only #r's the assembly has no deps.json entry for the native package, so the name alone would not be found; once
/// loaded by full path, the bare name resolves to it (it matches the library's soname), as for libtorch.
/// </summary>
internal static class NativeSqlite
{
    private static int _loaded;

    internal static void EnsureLoaded()
    {
        if (Interlocked.Exchange(ref _loaded, 1) == 1) return;
        string? folder = System.IO.Path.GetDirectoryName(typeof(NativeSqlite).Assembly.Location);
        if (!string.IsNullOrEmpty(folder))
        {
            string file = OperatingSystem.IsWindows() ? "e_sqlite3.dll" : OperatingSystem.IsMacOS() ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
            foreach (var dir in new[] { System.IO.Path.Combine(folder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"), folder })
                if (File.Exists(System.IO.Path.Combine(dir, file)) && NativeLibrary.TryLoad(System.IO.Path.Combine(dir, file), out _)) break;
        }
        SQLitePCL.Batteries_V2.Init();
    }
}
