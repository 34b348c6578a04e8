namespace Foundations.Runner;

/// <summary>The exit codes every `foundations` command uses; listed in --help and the README.</summary>
public static class ExitCodes
{
    /// <summary>Done: every row was scored, or the rows set aside are counted and listed and within --max-set-aside.</summary>
    public const int Done = 0;

    /// <summary>Done, but not cleanly: `score` or `alerts` set aside more rows than --max-set-aside allows (the output exists, look at the set-aside file); `run` had a notebook fail.</summary>
    public const int SetAsideOverLimit = 1;

    /// <summary>The input, model or arguments cannot be used: nothing was written; the message names the file and what to do.</summary>
    public const int Unusable = 2;

    /// <summary>`foundations monitor` (and `score` or `alerts` with --exit-on-drift): drift worth watching.</summary>
    public const int Watch = 3;

    /// <summary>`foundations monitor` (and `score` or `alerts` with --exit-on-drift): drift that needs action.</summary>
    public const int Act = 4;

    /// <summary>`run` stopped by Ctrl+C (SIGINT): the notebook running then was stopped and the ones after it not started (128 + 2, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>`run` stopped by SIGTERM (a scheduler or `timeout`), as <see cref="Interrupted"/> (128 + 15).</summary>
    public const int Terminated = 143;
}
