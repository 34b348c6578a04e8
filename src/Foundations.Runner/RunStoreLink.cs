using Foundations.Experiments;

namespace Foundations.Runner;

/// <summary>
/// The runner's side of the run store: the child opens the notebook's run before the kernel starts (so the notebook
/// logs into it as it goes, and <c>Runs.Of</c> in the notebook sees it) and closes it with the status the runner saw;
/// the parent closes it as failed when the child died first.
/// </summary>
public sealed class RunStoreLink
{
    /// <summary>The environment variable through which the parent gives the child the run's unique id.</summary>
    public const string RunUidVariable = "FOUNDATIONS_RUN_UID";

    private readonly RunStore _store;
    private readonly long _id;

    private RunStoreLink(RunStore store, long id) { _store = store; _id = id; }

    /// <summary>Opens the run of <paramref name="notebookPath"/> and points the notebook's <c>Run.Current</c> at it; null (with a warning) when the store cannot be written.</summary>
    public static RunStoreLink? Begin(string notebookPath, DateTime startedUtc)
    {
        try
        {
            string folder = Path.GetDirectoryName(notebookPath)!;
            var store = RunStore.Open(RunStore.Locate(folder));
            string uid = Environment.GetEnvironmentVariable(RunUidVariable) is { Length: > 0 } given ? given : Guid.NewGuid().ToString("N");
            long id = store.Begin(uid, Path.GetFileNameWithoutExtension(notebookPath), "runner", startedUtc, RunFacts.Collect(folder));
            Environment.SetEnvironmentVariable(Run.RunIdVariable, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new RunStoreLink(store, id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"foundations: this run is not recorded in the run store: {e.Message}");
            return null;
        }
    }

    /// <summary>Records what the runner knows at the end (merged parameters, metrics, artifacts with their hashes) and closes the run.</summary>
    public void Complete(RunRecord record)
    {
        try
        {
            _store.SetParameters(_id, record.Parameters);
            _store.SetMetrics(_id, record.Metrics.Where(m => m.Value is not null).Select(m => KeyValuePair.Create(m.Key, m.Value!.Value)));
            // Artifact paths are relative to the notebook's folder, the working folder while it ran.
            string folder = Path.GetDirectoryName(record.Notebook)!;
            _store.SetArtifacts(_id, record.Artifacts.Select(a => RunArtifact.Of(Path.IsPathRooted(a) ? a : Path.GetFullPath(Path.Combine(folder, a))) with { Path = a }));
            _store.Finish(_id, record.Status, record.FailedCell is null ? record.Error : $"{record.FailedCell}: {record.Error}", record.End);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"foundations: could not finish run {_id} in the run store: {e.Message}");
        }
    }

    /// <summary>The parent's side: a child that died leaves its run open (or never opened it); record it as failed either way.</summary>
    public static void FailedInChild(string notebookPath, string uid, string error, DateTime startedUtc)
    {
        try
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
            var store = RunStore.Open(RunStore.Locate(folder));
            if (store.IdOf(uid) is null)
                store.Begin(uid, Path.GetFileNameWithoutExtension(notebookPath), "runner", startedUtc, RunFacts.Collect(folder));
            store.FailIfRunning(uid, error, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"foundations: could not record the failed run in the run store: {e.Message}");
        }
    }

    /// <summary>Where the store of runs of <paramref name="notebooks"/> lives.</summary>
    public static string StorePathFor(IReadOnlyList<string> notebooks) =>
        RunStore.Locate(notebooks.Count > 0 ? Path.GetDirectoryName(Path.GetFullPath(notebooks[0])) : null);
}
