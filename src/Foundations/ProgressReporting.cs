namespace Foundations;

/// <summary>One update of long work (epochs, clustering restarts, agent episodes, rows loaded): step <see cref="Step"/> of <see cref="Total"/>.</summary>
/// <param name="Title">What is running ("Training deep", "k-means").</param>
/// <param name="Step">Steps done so far.</param>
/// <param name="Total">Steps in all (0 when unknown).</param>
/// <param name="Message">A short status line (epoch, loss, AUC).</param>
public sealed record ProgressReport(string Title, int Step, int Total, string Message);

/// <summary>
/// Where the core sends progress when a caller passes no <see cref="IProgress{T}"/>: the notebook layer sets
/// <see cref="Default"/> when it loads (an updating display in a notebook, a bar on a console); without it, nothing shows.
/// </summary>
public static class ProgressReporting
{
    /// <summary>Makes the reporter for work titled by its argument; null (the core alone) reports nowhere.</summary>
    public static Func<string, IProgress<ProgressReport>>? Default { get; set; }

    /// <summary>The reporter to use: the caller's, else one from <see cref="Default"/>, else one that drops reports.</summary>
    public static IProgress<ProgressReport> For(string title, IProgress<ProgressReport>? progress) =>
        progress ?? Default?.Invoke(title) ?? Silent.Instance;

    private sealed class Silent : IProgress<ProgressReport>
    {
        public static readonly Silent Instance = new();
        public void Report(ProgressReport value) { }
    }
}
