using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>
/// Adam (with L2 weight decay added to the gradient, as <c>torch.optim.Adam</c>) over one flat buffer that holds every
/// parameter, and one that holds every gradient: the parameters become views into the first and their gradients views
/// into the second, so a step is six tensor operations whatever the number of layers. TorchSharp's Adam runs about ten
/// operations per parameter tensor, and on the default network that dispatch cost more than the step's arithmetic.
/// With <c>decoupled: true</c> the weight decay shrinks the weights directly instead (AdamW, Loshchilov and Hutter).
/// </summary>
public sealed class FlatAdam : IOptimizer
{
    private readonly Tensor _parameters;
    private readonly Tensor _gradients;
    private readonly Tensor _average;
    private readonly Tensor _averageSquare;
    private readonly double _beta1, _beta2, _eps, _weightDecay;
    private readonly bool _decoupled;
    private long _steps;

    /// <summary>Takes over <paramref name="parameters"/> (they become views into one buffer). The defaults are those of <c>torch.optim.Adam</c>, which the trainer used before.</summary>
    public FlatAdam(IEnumerable<Parameter> parameters, double learningRate, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, bool decoupled = false)
    {
        _decoupled = decoupled;
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("There are no parameters to optimise.", nameof(parameters));
        LearningRate = learningRate;
        (_weightDecay, _beta1, _beta2, _eps) = (weightDecay, beta1, beta2, eps);
        long total = list.Sum(p => p.numel());
        _parameters = torch.empty(total, dtype: list[0].dtype, device: list[0].device);
        _gradients = torch.zeros(total, dtype: list[0].dtype, device: list[0].device);
        using (torch.no_grad())
        {
            long offset = 0;
            foreach (var p in list)
            {
                long n = p.numel();
                // Each intermediate view is held in a local: a temporary could be finalised mid-call (issue #15).
                using var slice = _parameters.narrow(0, offset, n);
                using var place = slice.view(p.shape);
                place.copy_(p);
                p.set_(place);
                // Backward adds into an existing gradient in place, so the gradients accumulate in the flat buffer.
                using var gradientSlice = _gradients.narrow(0, offset, n);
                p.grad = gradientSlice.view(p.shape);
                offset += n;
            }
        }
        _average = torch.zeros_like(_parameters);
        _averageSquare = torch.zeros_like(_parameters);
    }

    /// <summary>The step size; the trainer halves it when validation stalls.</summary>
    public double LearningRate { get; set; }

    /// <summary>Sets every gradient to zero (one operation).</summary>
    public void ZeroGrad() => _gradients.zero_();

    /// <summary>One Adam step with bias correction, the same arithmetic as <c>torch.optim.Adam</c> (or <c>AdamW</c> when decoupled).</summary>
    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _steps++;
        double correction1 = 1 - Math.Pow(_beta1, _steps), correction2 = 1 - Math.Pow(_beta2, _steps);
        // Scalars via TensorArithmetic only: see there why (issue #15).
        if (_decoupled && _weightDecay != 0) _parameters.TimesInPlace(1 - LearningRate * _weightDecay);
        var gradient = _weightDecay != 0 && !_decoupled ? _gradients.PlusScaled(_parameters, _weightDecay) : _gradients;
        _average.TimesInPlace(_beta1).PlusScaledInPlace(gradient, 1 - _beta1);
        _averageSquare.TimesInPlace(_beta2).PlusProductInPlace(gradient, gradient, 1 - _beta2);
        var denominator = _averageSquare.sqrt().DividedBy(Math.Sqrt(correction2)).Plus(_eps);
        _parameters.PlusQuotientInPlace(_average, denominator, -LearningRate / correction1);
    }

    /// <summary>Frees the flat buffers (the parameters stay views into the first, so dispose only after training).</summary>
    public void Dispose()
    {
        _parameters.Dispose();
        _gradients.Dispose();
        _average.Dispose();
        _averageSquare.Dispose();
    }
}
