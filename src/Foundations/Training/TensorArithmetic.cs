using TorchSharp;
using static TorchSharp.torch;

namespace Foundations.Training;

/// <summary>
/// Tensor arithmetic with numbers, for the whole kit: the one place where the kit hands libtorch a <see cref="Scalar"/>.
/// </summary>
/// <remarks>
/// TorchSharp passes a Scalar's native handle to libtorch and then lets the managed object go, without
/// <c>GC.KeepAlive</c>. A Scalar made by an implicit conversion (<c>t * 0.5</c>, <c>t.add(u, alpha: a)</c>) is then
/// unreachable during the native call, and if a collection runs, its finaliser frees the native scalar while libtorch
/// is still reading it: "Expected false to be true ... toFloat at c10/core/Scalar.h" (issue #15). TorchSharp does the
/// same internally in <c>t + u</c> (<c>add(u, 1)</c>), <c>t.square()</c> (<c>pow(2)</c>) and its optimisers. Here each
/// Scalar lives in a local disposed after the call, or in a static field that is never collected, so it outlives the
/// call. <c>NativeScalarLifetimeTests</c> fails the build if code elsewhere in the kit hands TorchSharp a Scalar any
/// other way.
/// </remarks>
internal static class TensorArithmetic
{
    // Static fields are roots: these are never finalised, so any thread may pass them to any call.
    private static readonly Scalar One = 1.ToScalar();

    /// <summary><c>a + b</c>, element-wise.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a + value</c>.</summary>
    public static Tensor Plus(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.add(scalar, One);
    }

    /// <summary><c>a += b</c> in place.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary><c>a += alpha · b</c> in place.</summary>
    public static Tensor PlusScaledInPlace(this Tensor a, Tensor b, double alpha)
    {
        using var scalar = alpha.ToScalar();
        return a.add_(b, scalar);
    }

    /// <summary><c>a + alpha · b</c>.</summary>
    public static Tensor PlusScaled(this Tensor a, Tensor b, double alpha)
    {
        using var scalar = alpha.ToScalar();
        return a.add(b, scalar);
    }

    /// <summary><c>value − a</c>.</summary>
    public static Tensor SubtractedFrom(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        using var negative = a.neg();
        return negative.add(scalar, One);
    }

    /// <summary><c>a · value</c>.</summary>
    public static Tensor Times(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.mul(scalar);
    }

    /// <summary><c>a *= value</c> in place.</summary>
    public static Tensor TimesInPlace(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.mul_(scalar);
    }

    /// <summary><c>a / value</c>.</summary>
    public static Tensor DividedBy(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.div(scalar);
    }

    /// <summary><c>a²</c>, element-wise (TorchSharp's <c>square()</c> makes its own Scalar).</summary>
    public static Tensor Squared(this Tensor a) => a.mul(a);

    /// <summary><c>a += value · t1 · t2</c> in place.</summary>
    public static Tensor PlusProductInPlace(this Tensor a, Tensor t1, Tensor t2, double value)
    {
        using var scalar = value.ToScalar();
        return a.addcmul_(t1, t2, scalar);
    }

    /// <summary><c>a += value · t1 / t2</c> in place.</summary>
    public static Tensor PlusQuotientInPlace(this Tensor a, Tensor t1, Tensor t2, double value)
    {
        using var scalar = value.ToScalar();
        return a.addcdiv_(t1, t2, scalar);
    }

    /// <summary><c>max(a, min)</c>, element-wise.</summary>
    public static Tensor AtLeast(this Tensor a, double min)
    {
        using var scalar = min.ToScalar();
        return a.clamp_min(scalar);
    }

    /// <summary><c>min(a, max)</c> for a tensor of whole numbers: an integer bound keeps its type (a double bound would make it float).</summary>
    public static Tensor AtMost(this Tensor a, long max)
    {
        using var scalar = max.ToScalar();
        return a.clamp_max(scalar);
    }

    /// <summary><c>min(a, max)</c>, element-wise.</summary>
    public static Tensor AtMost(this Tensor a, double max)
    {
        using var scalar = max.ToScalar();
        return a.clamp_max(scalar);
    }

    /// <summary><c>a &lt; value</c>, element-wise.</summary>
    public static Tensor LessThan(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.lt(scalar);
    }

    /// <summary><c>a ≤ value</c>, element-wise.</summary>
    public static Tensor LessOrEqual(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.le(scalar);
    }

    /// <summary><c>a == value</c>, element-wise.</summary>
    public static Tensor EqualTo(this Tensor a, double value)
    {
        using var scalar = value.ToScalar();
        return a.eq(scalar);
    }

    /// <summary><c>a</c> with <paramref name="value"/> where <paramref name="mask"/> is true.</summary>
    public static Tensor FilledWhere(this Tensor a, Tensor mask, double value)
    {
        using var scalar = value.ToScalar();
        return a.masked_fill(mask, scalar);
    }

    /// <summary>Adds the rows of <paramref name="source"/> into <paramref name="a"/> at <paramref name="index"/>, in place.</summary>
    public static Tensor IndexAddInPlace(this Tensor a, long dim, Tensor index, Tensor source) => a.index_add_(dim, index, source, One);
}
