using Foundations.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Foundations.Patterns;

/// <summary>
/// The Q-network: a small multilayer perceptron from the state to one value per action (Pass, Watch, Alert), the
/// expected reward of each choice. Training keeps two: the online network that learns and a target network that
/// follows it slowly, so the values it learns towards do not move with every step.
/// </summary>
public sealed class QNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    /// <summary>A network with <paramref name="inputs"/> inputs, two hidden layers of <paramref name="hidden"/> units and one output per action.</summary>
    public QNetwork(int inputs, int hidden) : base(nameof(QNetwork))
    {
        using var gate = Foundations.Training.TorchRandomness.Held(); // building draws first weights from the shared generator
        if (inputs <= 0) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "inputs must be positive.");
        if (hidden <= 0) throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "hidden must be positive.");
        Inputs = inputs;
        Hidden = hidden;
        _layers = nn.Sequential(
            ("hidden1", nn.Linear(inputs, hidden)), ("relu1", nn.ReLU()),
            ("hidden2", nn.Linear(hidden, hidden)), ("relu2", nn.ReLU()),
            ("values", nn.Linear(hidden, Enum.GetValues<AlertAction>().Length)));
        RegisterComponents();
    }

    public int Inputs { get; }
    public int Hidden { get; }

    /// <summary>Action values for a batch of states [batch, inputs] → [batch, 3].</summary>
    public override Tensor forward(Tensor states) => _layers.forward(states);

    /// <summary>
    /// Moves this (target) network towards <paramref name="online"/>: weights ← (1 − τ)·weights + τ·online.
    /// τ = 1 copies the online network (the periodic hard update); a small τ is the soft update.
    /// </summary>
    public void FollowFrom(QNetwork online, double tau)
    {
        ArgumentNullException.ThrowIfNull(online);
        if (!(tau is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "tau must be in (0, 1].");
        using var noGrad = no_grad();
        var mine = parameters().ToArray();
        var theirs = online.parameters().ToArray();
        if (mine.Length != theirs.Length) throw new ArgumentException("The networks have different shapes.", nameof(online));
        for (int i = 0; i < mine.Length; i++)
        {
            if (tau == 1) mine[i].copy_(theirs[i]);
            else mine[i].TimesInPlace(1 - tau).PlusScaledInPlace(theirs[i], tau);
        }
    }

    /// <summary>Sets this network's weights from plain arrays written by <see cref="Export"/>.</summary>
    internal void Import(IReadOnlyList<DenseLayer> layers)
    {
        var linears = _layers.children().OfType<Linear>().ToArray();
        if (linears.Length != layers.Count) throw new ArgumentException($"Expected {linears.Length} layers, found {layers.Count}.", nameof(layers));
        using var noGrad = no_grad();
        for (int i = 0; i < linears.Length; i++)
        {
            var (w, b) = (linears[i].weight!, linears[i].bias!);
            if (w.shape[0] != layers[i].Outputs || w.shape[1] != layers[i].Inputs)
                throw new ArgumentException($"Layer {i} is {w.shape[0]}×{w.shape[1]}; the weights are {layers[i].Outputs}×{layers[i].Inputs}.", nameof(layers));
            using var wt = tensor(layers[i].Weights, new long[] { layers[i].Outputs, layers[i].Inputs });
            using var bt = tensor(layers[i].Bias, new long[] { layers[i].Outputs });
            w.copy_(wt);
            b.copy_(bt);
        }
    }

    /// <summary>The weights as plain arrays (row-major [out, in]) for the trained agent's managed forward pass.</summary>
    internal DenseLayer[] Export()
    {
        using var scope = NewDisposeScope(); // the detached CPU copies are freed here; the parameters are not touched
        var linears = _layers.children().OfType<Linear>().ToArray();
        return linears.Select(l =>
        {
            var w = l.weight!.detach().cpu().to_type(ScalarType.Float32);
            var b = l.bias!.detach().cpu().to_type(ScalarType.Float32);
            return new DenseLayer((int)w.shape[1], (int)w.shape[0], w.data<float>().ToArray(), b.data<float>().ToArray());
        }).ToArray();
    }
}

/// <summary>One fully connected layer of the trained agent, as plain numbers: outputs = weights · inputs + bias.</summary>
internal sealed record DenseLayer(int Inputs, int Outputs, float[] Weights, float[] Bias)
{
    /// <summary>Writes weights · input + bias into <paramref name="output"/>, with ReLU when <paramref name="relu"/>.</summary>
    public void Apply(ReadOnlySpan<float> input, Span<float> output, bool relu)
    {
        var w = Weights.AsSpan();
        var x = input[..Inputs];
        for (int o = 0; o < Outputs; o++)
        {
            float sum = Bias[o] + System.Numerics.Tensors.TensorPrimitives.Dot(w.Slice(o * Inputs, Inputs), x);
            output[o] = relu && sum < 0 ? 0 : sum;
        }
    }
}
