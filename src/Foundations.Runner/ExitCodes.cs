namespace Foundations.Runner;

/// <summary>What the runner's exit code tells a scheduler.</summary>
public static class ExitCodes
{
    /// <summary>Done: 0 (for monitor: every light stable); 1 rows set aside over the limit; 2 unusable input; 3 a light on watch; 4 a light on act.</summary>
    public const int Done = 0, SetAsideOverLimit = 1, Unusable = 2, Watch = 3, Act = 4;
}
