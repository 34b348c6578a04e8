using System.Runtime.CompilerServices;
using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Centres and scales numeric columns with the training mean and standard deviation; no columns named means every numeric feature.</summary>
public sealed class StandardizeStep(IReadOnlyList<string> columns) : RecipeStep
{
    /// <summary>The columns to scale; empty means every numeric column at this point except the label, category codes and indicators.</summary>
    public IReadOnlyList<string> Columns { get; } = columns;

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("Standardize", Columns);
        var names = Columns.Count > 0
            ? Columns
            : frame.Columns.Where(c => ColumnTypes.IsNumeric(c) && c.Name != context.Label && !context.CodeColumns.Contains(c.Name) && !context.IndicatorColumns.Contains(c.Name))
                .Select(c => c.Name).ToArray();
        var means = new double[names.Count];
        var stds = new double[names.Count];
        int rows = (int)frame.Rows.Count;
        // One pooled buffer read column by column: fresh memory costs a page fault per 4 KiB.
        var pooled = System.Buffers.ArrayPool<double>.Shared.Rent(rows);
        try
        {
            for (int i = 0; i < names.Count; i++)
            {
                var column = FrameOps.Column(frame, names[i], "Standardize");
                if (!ColumnTypes.IsNumeric(column))
                    throw new ArgumentException($"Standardize: column '{names[i]}' is {FrameOps.Family(column)}; only numbers can be standardized.", names[i]);
                var values = pooled.AsSpan(0, rows);
                ColumnTypes.ReadDoubles(column, values);
                (means[i], stds[i]) = MeanAndSpread(values)
                    ?? throw new ArgumentException($"Standardize: column '{names[i]}' has no values in the training rows.", names[i]);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(pooled);
        }
        return new FittedStandardize(names.ToArray(), means, stds);
    }

    /// <summary>Mean and population standard deviation of the finite values (1 for a constant column, which is then only centred); null when there are none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Mean, double Std)? MeanAndSpread(ReadOnlySpan<double> values)
    {
        // Two passes in row order: the same sums as LINQ's Average and Sum over the finite values, without copying them.
        double sum = 0;
        int count = 0;
        foreach (var v in values)
            if (double.IsFinite(v)) { sum += v; count++; }
        if (count == 0) return null;
        double mean = sum / count, squares = 0;
        foreach (var v in values)
            if (double.IsFinite(v)) squares += (v - mean) * (v - mean);
        double std = Math.Sqrt(squares / count);
        return (mean, std > 0 ? std : 1);
    }

    public override string ToString() => Columns.Count == 0 ? "Standardize every numeric column" : $"Standardize {string.Join(", ", Columns)}";
}

/// <summary>(x − Means[i]) / Stds[i] for each column (population standard deviation, learned on training rows); missing stays missing.</summary>
public sealed record FittedStandardize(IReadOnlyList<string> Columns, IReadOnlyList<double> Means, IReadOnlyList<double> Stds) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => Columns;

    internal override string? Inconsistency =>
        Means.Count != Columns.Count || Stds.Count != Columns.Count ? $"has {Columns.Count} columns but {Means.Count} means and {Stds.Count} standard deviations"
        : Means.Any(m => !double.IsFinite(m)) || Stds.Any(s => !(s > 0) || !double.IsFinite(s)) ? "has a mean that is not a number, or a standard deviation that is not positive"
        : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
        for (int c = 0; c < Columns.Count; c++)
        {
            var column = FrameOps.FittedNumberColumn(frame, Columns[c], "Standardize");
            var scaled = storage.DoublesOf(column);
            var values = ColumnStorage.AsDoubles(scaled);
            double mean = Means[c], std = Stds[c];
            for (int i = 0; i < values.Length; i++)
                values[i] = double.IsFinite(values[i]) ? (values[i] - mean) / std : double.NaN;
            FrameOps.Put(frame, ColumnStorage.DoubleColumn(Columns[c], scaled));
        }
    }

    public override string Describe() =>
        "Standardize " + string.Join("; ", Columns.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c} (mean {Means[i]:G5}, std {Stds[i]:G5})")));
}
