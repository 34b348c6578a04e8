using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>Fills missing values of one column with a value learned on the training rows (or a given constant).</summary>
public sealed class ImputeStep : RecipeStep
{
    internal ImputeStep(string column, Impute? strategy, double? number, string? text)
    {
        Column = column;
        Strategy = strategy;
        Number = number;
        Text = text;
    }

    public string Column { get; }
    /// <summary>The statistic to learn, or null for a constant.</summary>
    public Impute? Strategy { get; }
    public double? Number { get; }
    public string? Text { get; }
    /// <summary>Whether a 0/1 column <c>{Column}_missing</c> keeps where the gaps were (numbers only).</summary>
    public bool FlagMissing { get; init; }

    internal override FittedStep Fit(DataFrame frame, FitContext context)
    {
        context.RejectLabel("Impute", new[] { Column });
        var column = FrameOps.Column(frame, Column, "Impute");
        bool numeric = ColumnTypes.IsNumeric(column) || column.DataType == typeof(bool);
        string? flag = FlagMissing ? $"{Column}_missing" : null;
        if (flag is not null && !ColumnTypes.IsNumeric(column))
            throw new ArgumentException($"Impute: flagMissing is for number columns, and '{Column}' is {FrameOps.Family(column)} (a category's gaps already get a code of their own).", Column);
        if (flag is not null && frame.Columns.IndexOf(flag) >= 0)
            throw new ArgumentException($"Impute: the flag column '{flag}' already exists; rename it first.", Column);
        if (Strategy is null)
        {
            if (numeric && Number is null) throw new ArgumentException($"Impute: column '{Column}' holds numbers; give a numeric constant.", Column);
            if (!numeric && column is not StringDataFrameColumn) throw new ArgumentException($"Impute: column '{Column}' is {FrameOps.Family(column)}; only numbers and text can be imputed.", Column);
            if (!numeric && Text is null) throw new ArgumentException($"Impute: column '{Column}' is text; give a text constant.", Column);
            return new FittedImpute(Column, "constant", numeric ? Number : null, numeric ? null : Text, flag);
        }
        if (numeric)
        {
            int rows = (int)column.Length;
            // A pooled buffer (fresh memory costs a page fault per 4 KiB) holding the finite values; a selection finds
            // the median without sorting a million of them.
            var pooled = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(rows, 1));
            double v;
            try
            {
                ColumnTypes.ReadDoubles(column, pooled.AsSpan(0, rows));
                int finite = 0;
                for (int i = 0; i < rows; i++)
                    if (double.IsFinite(pooled[i])) pooled[finite++] = pooled[i];
                if (finite == 0) throw new ArgumentException($"Impute: column '{Column}' has no values in the training rows to learn a {Strategy} from.", Column);
                var values = pooled.AsSpan(0, finite);
                v = Strategy switch
                {
                    Impute.Median => DataProfile.QuantileUnsorted(values, 0.5),
                    Impute.Mean => values.ToArray().Average(),
                    _ => values.ToArray().GroupBy(x => x).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key,
                };
            }
            finally
            {
                System.Buffers.ArrayPool<double>.Shared.Return(pooled);
            }
            return new FittedImpute(Column, Strategy.Value.ToString().ToLowerInvariant(), v, null, flag);
        }
        if (column is not StringDataFrameColumn)
            throw new ArgumentException($"Impute: column '{Column}' is {FrameOps.Family(column)}; only numbers and text can be imputed.", Column);
        if (Strategy != Impute.MostFrequent)
            throw new ArgumentException($"Impute: Impute.{Strategy} needs numbers, and column '{Column}' is text: use Impute.MostFrequent or a text constant.", Column);
        var top = FrameOps.Keys(column).Where(k => k is not null).GroupBy(k => k!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new ArgumentException($"Impute: column '{Column}' has no values in the training rows to learn the most frequent from.", Column);
        return new FittedImpute(Column, "most_frequent", null, top.Key);
    }

    public override string ToString() => (Strategy is null ? $"Impute {Column} with {(object?)Number ?? Text}" : $"Impute {Column} with the {Strategy}")
        + (FlagMissing ? $"; {Column}_missing = 1 where it was missing" : "");
}

/// <summary>
/// Fills missing values of <see cref="Column"/> with the learned <see cref="Number"/> (numbers, giving a Double column) or
/// <see cref="Text"/>; with a <see cref="Flag"/> column, writes 1 there where a value was missing (absent in recipes saved
/// before flags existed, which load as before).
/// </summary>
public sealed record FittedImpute(string Column, string Learned, double? Number, string? Text, string? Flag = null) : FittedStep
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Reads => new[] { Column };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Apply(DataFrame frame, ColumnStorage storage)
    {
        var column = FrameOps.Column(frame, Column, "Impute");
        if (Number is double fill)
        {
            if (!ColumnTypes.IsNumeric(column) && column.DataType != typeof(bool))
                throw new ArgumentException($"Impute: column '{Column}' is {FrameOps.Family(column)} here, but the recipe was fitted with numbers in it.", Column);
            var filled = storage.DoublesOf(column);
            var values = ColumnStorage.AsDoubles(filled);
            if (Flag is null)
            {
                for (int i = 0; i < values.Length; i++)
                    if (!double.IsFinite(values[i])) values[i] = fill;
            }
            else
            {
                if (frame.Columns.IndexOf(Flag) >= 0)
                    throw new ArgumentException($"Impute: the recipe writes its flag '{Flag}', but the data already has a column of that name.", Flag);
                var flagStorage = storage.Doubles(values.Length);
                var flags = ColumnStorage.AsDoubles(flagStorage);
                for (int i = 0; i < values.Length; i++)
                {
                    bool gap = !double.IsFinite(values[i]);
                    flags[i] = gap ? 1 : 0;
                    if (gap) values[i] = fill;
                }
                frame.Columns.Insert(frame.Columns.IndexOf(Column) + 1, ColumnStorage.DoubleColumn(Flag, flagStorage));
            }
            FrameOps.Put(frame, ColumnStorage.DoubleColumn(Column, filled));
            return;
        }
        if (column is not StringDataFrameColumn text)
            throw new ArgumentException($"Impute: column '{Column}' is {FrameOps.Family(column)} here, but the recipe was fitted with text in it.", Column);
        FrameOps.Put(frame, text.FillNulls(Text!, inPlace: false));
    }

    public override string Describe() =>
        $"Impute {Column} with {(Number is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : $"'{Text}'")} ({Learned.Replace('_', ' ')})"
        + (Flag is null ? "" : $"; {Flag} = 1 where it was missing");
}
