namespace Foundations.Training;

/// <summary>Serialises work that draws from libtorch's single global random generator, so a seed gives the same result even when tests or notebooks run several fits at once.</summary>
public static class TorchRandom
{
    /// <summary>Hold this lock from torch.manual_seed until the last random draw of a fit.</summary>
    public static readonly object Gate = new();
}
