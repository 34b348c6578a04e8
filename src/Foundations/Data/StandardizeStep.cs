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
        for (int i = 0; i < names.Count; i++)
        {
            var column = FrameOps.Column(frame, names[i], "Standardize");
            if (!ColumnTypes.IsNumeric(column))
                throw new ArgumentException($"Standardize: column '{names[i]}' is {FrameOps.Family(column)}; only numbers can be standardized.", names[i]);
            var values = ColumnTypes.ToDoubles(column).Where(double.IsFinite).ToArray();
            if (values.Length == 0) throw new ArgumentException($"Standardize: column '{names[i]}' has no values in the training rows.", names[i]);
            double mean = values.Average();
            double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
            means[i] = mean;
            // A constant column has no spread to divide by: it is only centred.
            stds[i] = std > 0 ? std : 1;
        }
        return new FittedStandardize(names.ToArray(), means, stds);
    }

    public override string ToString() => Columns.Count == 0 ? "Standardize every numeric column" : $"Standardize {string.Join(", ", Columns)}";
}

/// <summary>(x − Means[i]) / Stds[i] for each column (population standard deviation, learned on training rows); missing stays missing.</summary>
public sealed record FittedStandardize(IReadOnlyList<string> Columns, IReadOnlyList<double> Means, IReadOnlyList<double> Stds) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => Columns;

    internal override void Apply(DataFrame frame)
    {
        for (int c = 0; c < Columns.Count; c++)
        {
            var column = FrameOps.Column(frame, Columns[c], "Standardize");
            if (!ColumnTypes.IsNumeric(column))
                throw new ArgumentException($"Standardize: column '{Columns[c]}' is {FrameOps.Family(column)} here, but the recipe was fitted with numbers in it.", Columns[c]);
            var values = ColumnTypes.ToDoubles(column);
            var result = new double?[values.Length];
            for (int i = 0; i < values.Length; i++)
                result[i] = double.IsFinite(values[i]) ? (values[i] - Means[c]) / Stds[c] : null;
            FrameOps.Put(frame, new DoubleDataFrameColumn(Columns[c], result));
        }
    }

    public override string Describe() =>
        "Standardize " + string.Join("; ", Columns.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c} (mean {Means[i]:G5}, std {Stds[i]:G5})")));
}
