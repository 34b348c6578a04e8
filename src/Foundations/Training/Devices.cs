using TorchSharp;

namespace Foundations.Training;

/// <summary>Chooses where tensors live: CUDA when present (built with -p:TorchBackend=cuda), otherwise the CPU.</summary>
public static class Devices
{
    /// <summary>CUDA when a GPU is visible to libtorch, else the CPU.</summary>
    public static torch.Device Auto => torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    /// <summary>Always the CPU (deterministic results for tests and reviews).</summary>
    public static torch.Device Cpu => torch.CPU;
}
