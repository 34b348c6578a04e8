using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>A column a fitted recipe reads or writes: its name and kind ("number", "text", "boolean", "date-time").</summary>
public sealed record RecipeColumn(string Name, string Kind)
{
    /// <summary>
    /// Words the training file wrote for no value in this number column ("Exempt"), read as missing values again when
    /// a saved model scores a file; null for none (any other word in a number column sets its row aside).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? NoValueWords { get; init; }

    /// <summary>
    /// How the training file wrote this number or date column when not plainly ("dayFirst", "decimalComma", "percent",
    /// "currency:GBP"): a file to score is read so too when its own first rows cannot tell (a batch whose dates all fall
    /// on days 1–12); null for plainly written.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? WrittenAs { get; init; }

    public bool Equals(RecipeColumn? other) =>
        other is not null && Name == other.Name && Kind == other.Kind
        && (NoValueWords ?? []).SequenceEqual(other.NoValueWords ?? [], StringComparer.Ordinal)
        && (WrittenAs ?? []).SequenceEqual(other.WrittenAs ?? [], StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, Kind);
}

/// <summary>A row the features could not be built for: its position in the frame, the column and why (batch scoring sets it aside).</summary>
internal sealed record RowProblem(int Row, string Column, string Reason);

/// <summary>
/// A recipe fitted on training rows: the steps with what they learned, the input columns it needs and the columns it
/// produces. Immutable; <see cref="Apply"/> and <see cref="ToFeatures"/> re-apply the learned state unchanged, and
/// <see cref="ToJson"/>/<see cref="FromJson"/> carry it to where the model is deployed.
/// </summary>
public sealed class FittedRecipe
{
    /// <summary>The format tag written into the JSON, checked when it is read back.</summary>
    public const string Format = "foundations.fitted-recipe/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        AllowOutOfOrderMetadataProperties = true,
        // A step read back without its column, or with null where the kit never writes one, is a damaged or forged file:
        // refuse it when reading rather than fail later on a null.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    private FittedRecipe(string? label, IReadOnlyList<RecipeColumn> inputs, IReadOnlyList<FittedStep> steps, IReadOnlyList<RecipeColumn> outputs)
    {
        LabelColumn = label;
        Inputs = inputs.ToList().AsReadOnly();
        Steps = steps.ToList().AsReadOnly();
        Outputs = outputs.ToList().AsReadOnly();
    }

    /// <summary>The label column (passed through untouched), if the recipe named one.</summary>
    public string? LabelColumn { get; }

    /// <summary>The columns a frame must have for <see cref="Apply"/>, with their kinds.</summary>
    public IReadOnlyList<RecipeColumn> Inputs { get; }

    /// <summary>The fitted steps, in order.</summary>
    public IReadOnlyList<FittedStep> Steps { get; }

    /// <summary>The columns <see cref="Apply"/> returns (the label, when present, comes after them).</summary>
    public IReadOnlyList<RecipeColumn> Outputs { get; }

    /// <summary>Fits the recipe's steps in order. groups: each training row's customer (a split with groupBy), so steps that hold rows out hold out whole customers.</summary>
    internal static FittedRecipe Fit(Recipe recipe, DataFrame train, int[]? groups = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        string? label = recipe.LabelColumn;
        if (label is not null) FrameOps.Column(train, label, "Label");
        var frame = FrameOps.Copy(train);
        var context = new FitContext(label, groups);
        // The training frame the steps transform is dropped once fitted, so its columns live in pooled storage.
        using var storage = ColumnStorage.Pooled();
        var steps = new List<FittedStep>();
        var read = new HashSet<string>(StringComparer.Ordinal);
        var notNeeded = new HashSet<string>(StringComparer.Ordinal);
        for (int s = 0; s < recipe.Steps.Count; s++)
        {
            var step = recipe.Steps[s];
            var fitted = step.Fit(frame, context);
            // A column dropped (or left out) before any step reads it need not be present when the recipe is applied to new data.
            foreach (var c in fitted.Removes)
                if (!read.Contains(c)) notNeeded.Add(c);
            read.UnionWith(fitted.Reads);
            // No step learns from the last step's output: only its columns' names and kinds are needed, so it runs on no rows.
            if (s == recipe.Steps.Count - 1) frame = FrameOps.Take(frame, Array.Empty<int>());
            fitted.Apply(frame, storage);
            steps.Add(fitted);
        }
        var inputs = train.Columns.Where(c => c.Name != label && !notNeeded.Contains(c.Name))
            .Select(c => new RecipeColumn(c.Name, FrameOps.Family(c)) { NoValueWords = Data.NoValueWords.Of(c), WrittenAs = WrittenConventions.Of(c) }).ToArray();
        var outputs = frame.Columns.Where(c => c.Name != label).Select(c => new RecipeColumn(c.Name, FrameOps.Family(c))).ToArray();
        return new FittedRecipe(label, inputs, steps, outputs);
    }

    /// <summary>
    /// Applies the fitted steps to <paramref name="frame"/> (which is not changed) and returns the output columns, then
    /// the label if the frame has it. A missing input column, or one of another kind than in training, is an error naming it.
    /// </summary>
    public DataFrame Apply(DataFrame frame)
    {
        var result = ApplySteps(frame, Steps.Count, ColumnStorage.Fresh);
        if (LabelColumn is not null && frame.Columns.IndexOf(LabelColumn) >= 0) result.Columns.Add(frame.Columns[LabelColumn]);
        return result;
    }

    /// <summary>The output columns after the first <paramref name="count"/> steps (without the label).</summary>
    private DataFrame ApplySteps(DataFrame frame, int count, ColumnStorage storage)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var missing = new List<string>();
        var columns = new List<DataFrameColumn>(Inputs.Count + 1);
        foreach (var input in Inputs)
        {
            int i = frame.Columns.IndexOf(input.Name);
            if (i < 0) { missing.Add($"'{input.Name}' ({input.Kind})"); continue; }
            var column = frame.Columns[i];
            string kind = FrameOps.Family(column);
            if (kind != input.Kind)
                throw new ArgumentException($"Column '{input.Name}' is {kind} in this frame, but the recipe was fitted with it as {input.Kind}.", input.Name);
            columns.Add(column);
        }
        if (missing.Count > 0)
            throw new ArgumentException($"The frame lacks {(missing.Count == 1 ? "a column" : "columns")} the recipe was fitted with: {string.Join(", ", missing)}.", nameof(frame));
        var work = new DataFrame(columns);
        for (int s = 0; s < count; s++) Steps[s].Apply(work, storage);
        return new DataFrame(Outputs.Select(o => work.Columns[o.Name]).ToList());
    }

    /// <summary>
    /// Applies the recipe and builds the network's inputs: float32 numeric features, int64 category codes (from
    /// Categorize steps) and, when a label is present, a 0/1 float label. A label given as text (yes/no) needs
    /// <paramref name="positiveLabel"/>. A missing, NaN or infinite feature, or a column that is not numeric, is an error naming it.
    /// </summary>
    public FeatureMatrix ToFeatures(DataFrame frame, string? label = null, string? positiveLabel = null) =>
        BuildFeatures(frame, label, positiveLabel, problems: null);

    /// <summary>
    /// As the public ToFeatures, but with <paramref name="problems"/> a row whose feature is missing or not finite is
    /// listed there (its features left at 0) instead of failing the whole frame; the caller must leave those rows out.
    /// </summary>
    internal FeatureMatrix BuildFeatures(DataFrame frame, string? label, string? positiveLabel, List<RowProblem>? problems)
    {
        label ??= LabelColumn is not null && frame.Columns.IndexOf(LabelColumn) >= 0 ? LabelColumn : null;
        if (label is not null && label != LabelColumn && Inputs.Any(i => i.Name == label))
            throw new ArgumentException($"'{label}' was an input when this recipe was fitted, so its steps may have changed it: name the label with .Label(\"{label}\") before fitting.", nameof(label));
        // Trailing Standardize steps (the usual end of a recipe) are not materialised as columns of doubles only to be
        // read back: the matrix fill scales each value on its way to float32, with the same arithmetic.
        int applied = Steps.Count;
        while (applied > 0 && Steps[applied - 1] is FittedStandardize) applied--;
        // The applied frame is only read into the matrix, so its columns live in pooled storage.
        using var storage = ColumnStorage.Pooled();
        var frameBefore = ApplySteps(frame, applied, storage);
        int rows = checked((int)frame.Rows.Count);
        var categorize = Steps.OfType<FittedCategorize>().ToArray();
        var codeColumns = new HashSet<string>(categorize.SelectMany(c => c.Columns), StringComparer.Ordinal);
        var numericNames = Outputs.Select(o => o.Name).Where(n => !codeColumns.Contains(n) && n != label).ToArray();
        var categoricalNames = Outputs.Select(o => o.Name).Where(codeColumns.Contains).ToArray();

        var numericColumns = new DataFrameColumn[numericNames.Length];
        var scalings = new List<(double Mean, double Std)>[numericNames.Length];
        for (int j = 0; j < numericNames.Length; j++)
        {
            numericColumns[j] = frameBefore.Columns[numericNames[j]];
            scalings[j] = new();
            foreach (var standardize in Steps.Skip(applied).Cast<FittedStandardize>())
            {
                int c = standardize.Columns.ToList().IndexOf(numericNames[j]);
                if (c < 0) continue;
                FrameOps.NumbersAsFitted(numericColumns[j], numericNames[j], "Standardize");
                scalings[j].Add((standardize.Means[c], standardize.Stds[c]));
            }
            if (!ColumnTypes.IsNumeric(numericColumns[j]) && numericColumns[j].DataType != typeof(bool))
                throw new ArgumentException($"Column '{numericNames[j]}' is {FrameOps.Family(numericColumns[j])}: drop it, Categorize it or OneHot it before ToFeatures.", numericNames[j]);
        }
        var features = new List<CategoricalFeature>();
        foreach (var name in categoricalNames)
            features.Add(categorize.First(c => c.Columns.Contains(name)).Feature(name));

        var numeric = new float[rows * numericNames.Length];
        var categorical = new long[rows * categoricalNames.Length];
        FillMatrix(numericColumns, scalings, categoricalNames.Select(n => frameBefore.Columns[n]).ToArray(), rows, numeric, categorical, problems);

        float[]? labels = label is null ? null : Labels(FrameOps.Column(frame, label, "ToFeatures label"), positiveLabel, r => RowName(frame, r));
        return new FeatureMatrix(rows, numericNames, numeric, features, categorical, labels, label);
    }

    /// <summary>
    /// Fills the row-major matrices a block of rows at a time: writing one whole column at a stride of a row would
    /// stream the entire matrix through the cache once per column.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void FillMatrix(DataFrameColumn[] numericColumns, List<(double Mean, double Std)>[] scalings, DataFrameColumn[] codeColumns, int rows, float[] numeric, long[] categorical,
        List<RowProblem>? problems)
    {
        const int Block = 2048;
        int p = numericColumns.Length, q = codeColumns.Length;
        var values = new double[Math.Min(Block, Math.Max(rows, 1))];
        for (int start = 0; start < rows; start += Block)
        {
            int count = Math.Min(Block, rows - start);
            var block = values.AsSpan(0, count);
            for (int j = 0; j < p; j++)
            {
                ColumnTypes.ReadDoubles(numericColumns[j], start, block);
                // As FittedStandardize.Apply computes it: (x − mean) / std in doubles, missing stays missing.
                foreach (var (mean, std) in scalings[j])
                    for (int i = 0; i < count; i++)
                        block[i] = double.IsFinite(block[i]) ? (block[i] - mean) / std : double.NaN;
                for (int i = 0; i < count; i++)
                {
                    double v = block[i];
                    if (!double.IsFinite(v))
                    {
                        string name = numericColumns[j].Name;
                        if (problems is not null)
                        {
                            problems.Add(new RowProblem(start + i, name, double.IsNaN(v)
                                ? $"column '{name}' is missing (or its derived value is not a number) and the model has no Impute for it"
                                : $"column '{name}' holds {v}: features must be finite numbers"));
                            v = 0;
                        }
                        else
                            throw new ArgumentException(double.IsNaN(v)
                                ? $"Column '{name}' has a missing value at row {start + i}: add Impute(\"{name}\", ...) to the recipe or drop the column."
                                : $"Column '{name}' holds {v} at row {start + i}: features must be finite numbers.", name);
                    }
                    numeric[(start + i) * p + j] = (float)v;
                }
            }
            for (int j = 0; j < q; j++)
            {
                ColumnTypes.ReadDoubles(codeColumns[j], start, block);
                for (int i = 0; i < count; i++) categorical[(start + i) * q + j] = double.IsNaN(block[i]) ? 0 : (long)block[i];
            }
        }
    }

    /// <summary>
    /// A row as a person can find it: by its identifier when the frame has one (a split's rows are shuffled, so the
    /// position alone points nowhere in the file), else by its 0-based position in this frame.
    /// </summary>
    private static string RowName(DataFrame frame, int row)
    {
        foreach (var c in frame.Columns)
            if (Disclosure.IsIdentifier(c.Name) && c[row] is { } id)
                return $"the row with {c.Name} {id} (row {row} of this frame)";
        return $"row {row} of this frame (0-based; no identifier column to name it by)";
    }

    internal static float[] Labels(DataFrameColumn column, string? positiveLabel, Func<int, string> rowName)
    {
        var result = new float[column.Length];
        if (column is StringDataFrameColumn text)
        {
            if (positiveLabel is null)
                throw new ArgumentException($"Label '{column.Name}' is text: pass positiveLabel (for example positiveLabel: \"yes\") to say which value is 1.", nameof(positiveLabel));
            var seen = new SortedSet<string>(StringComparer.Ordinal);
            for (int r = 0; r < result.Length; r++)
            {
                var v = text[r] ?? throw new ArgumentException($"Label '{column.Name}' is missing at {rowName(r)}: drop unlabelled rows before training.", column.Name);
                seen.Add(v);
                result[r] = v == positiveLabel ? 1f : 0f;
            }
            CheckTwoValues(column.Name, seen.ToList(), seen.Contains(positiveLabel), positiveLabel);
            return result;
        }
        if (!ColumnTypes.IsNumeric(column) && column.DataType != typeof(bool))
            throw new ArgumentException($"Label '{column.Name}' is {FrameOps.Family(column)}; a binary label is 0/1, true/false, or text with positiveLabel.", column.Name);
        var values = ColumnTypes.ToDoubles(column);
        // A number coded other than 0/1 (UCI's German credit: 1 good, 2 bad) names its event with positiveLabel, as text does.
        double? positive = NumberLabel(column.Name, positiveLabel);
        var numbers = new SortedSet<double>();
        for (int r = 0; r < values.Length; r++)
        {
            if (double.IsNaN(values[r])) throw new ArgumentException($"Label '{column.Name}' is missing at {rowName(r)}: drop unlabelled rows before training.", column.Name);
            if (positive is double p) { numbers.Add(values[r]); result[r] = values[r] == p ? 1f : 0f; continue; }
            if (values[r] != 0 && values[r] != 1) throw new ArgumentException($"Label '{column.Name}' holds {values[r].ToString(CultureInfo.InvariantCulture)} at {rowName(r)}; a binary label is 0 or 1: pass positiveLabel (for example positiveLabel: \"2\") to say which value is the event.", column.Name);
            result[r] = (float)values[r];
        }
        if (positive is double wanted)
            CheckTwoValues(column.Name, numbers.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList(), numbers.Contains(wanted), positiveLabel!);
        return result;
    }

    /// <summary>A label named by positiveLabel takes two values, one of them that label; otherwise an error saying how to fix it.</summary>
    private static void CheckTwoValues(string column, IReadOnlyList<string> seen, bool positiveSeen, string positiveLabel)
    {
        string shown = string.Join(", ", seen.Take(5)) + (seen.Count > 5 ? ", …" : "");
        if (seen.Count > 2)
            throw new ArgumentException($"Label '{column}' has {seen.Count} values ({shown}); a binary label has two. Name the values that mean no (KnownOutcomes.Of(frame, target, positiveLabel, negativeLabels); the template's negativeLabels parameter) and rows with any other value are set aside, counted.", column);
        if (seen.Count > 0 && !positiveSeen)
            throw new ArgumentException($"Label '{column}' never equals positiveLabel '{positiveLabel}' (values: {shown}).", nameof(positiveLabel));
    }

    /// <summary>The positive label of a number column as a number (null when none is given); a label that is not a number is refused.</summary>
    internal static double? NumberLabel(string column, string? positiveLabel)
    {
        if (string.IsNullOrWhiteSpace(positiveLabel)) return null;
        if (double.TryParse(positiveLabel, NumberStyles.Float, CultureInfo.InvariantCulture, out double p)) return p;
        if (bool.TryParse(positiveLabel, out bool b)) return b ? 1 : 0;
        throw new ArgumentException($"Label '{column}' holds numbers, but positiveLabel '{positiveLabel}' is not a number.", nameof(positiveLabel));
    }

    // Every part optional when read, so that a missing one gets FromJson's own message rather than the serializer's.
    private sealed record Document(string? Format = null, string? Label = null, IReadOnlyList<RecipeColumn>? Inputs = null, IReadOnlyList<FittedStep>? Steps = null, IReadOnlyList<RecipeColumn>? Outputs = null);

    /// <summary>The fitted recipe as JSON: the steps with their learned state, inputs and outputs.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Document(Format, LabelColumn, Inputs, Steps, Outputs), Json);

    /// <summary>Reads a fitted recipe written by <see cref="ToJson"/>; anything else is a clear error.</summary>
    public static FittedRecipe FromJson(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        Document? doc;
        try
        {
            doc = JsonSerializer.Deserialize<Document>(json, Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new FormatException($"Not a fitted recipe ({Format}): {e.Message}", e);
        }
        if (doc is null || doc.Format != Format)
            throw new FormatException($"Not a fitted recipe: expected format '{Format}', found '{doc?.Format}'.");
        if (doc.Inputs is null || doc.Steps is null || doc.Outputs is null || doc.Steps.Any(s => s is null))
            throw new FormatException("Not a fitted recipe: inputs, steps and outputs are required.");
        var recipe = new FittedRecipe(doc.Label, doc.Inputs, doc.Steps, doc.Outputs);
        recipe.CheckSteps();
        return recipe;
    }

    /// <summary>
    /// A damaged or forged file can name a column twice, or hold steps that read a column the recipe does not have:
    /// running the steps on a frame of no rows finds that when the file is read, not on the first batch it scores.
    /// </summary>
    private void CheckSteps()
    {
        foreach (var (list, what) in new[] { (Inputs, "inputs"), (Outputs, "outputs") })
            if (list.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new FormatException($"Not a fitted recipe: its {what} name '{twice.Key}' twice.");
        // The loader finds at most three such words, none blank or with a digit; anything else did not come from it.
        if (Inputs.FirstOrDefault(c => c.NoValueWords is { } w && (c.Kind != "number" || w.Count is 0 or > CsvLoader.MaxNoValueWords
                || w.Any(x => string.IsNullOrWhiteSpace(x) || x.Length > CsvLoader.MaxNoValueWordLength || x.Any(char.IsAsciiDigit)))) is { } odd)
            throw new FormatException($"Not a fitted recipe: input '{odd.Name}' ({odd.Kind}) lists words for no value that the loader never writes.");
        foreach (var c in Inputs)
        {
            if (c.WrittenAs is not { } names) continue;
            string? why = names.Count == 0 ? "an empty list" : null;
            if (why is null && Data.WrittenAs.FromNames(names, c.Kind, out why) is not null) continue;
            throw new FormatException($"Not a fitted recipe: input '{c.Name}' ({c.Kind}) says it was written in a way the loader never finds ({why}).");
        }
        for (int s = 0; s < Steps.Count; s++)
            if (Steps[s].Inconsistency is { } why)
                throw new FormatException($"Not a fitted recipe: step {s + 1} ({Steps[s].GetType().Name["Fitted".Length..]}) {why}.");
        var empty = EmptyInput();
        try { ApplySteps(empty, Steps.Count, ColumnStorage.Fresh); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"Not a fitted recipe: its steps do not fit its own inputs and outputs ({e.Message.TrimEnd('.')}).", e);
        }
    }

    /// <summary>A frame of no rows with the recipe's input columns, each of its kind (to check a recipe or a model read from a file).</summary>
    internal DataFrame EmptyInput() => new(Inputs.Select(c => c.Kind switch
    {
        "number" => (DataFrameColumn)new DoubleDataFrameColumn(c.Name),
        "boolean" => new BooleanDataFrameColumn(c.Name),
        "date-time" => new PrimitiveDataFrameColumn<DateTime>(c.Name),
        "text" => new StringDataFrameColumn(c.Name),
        var other => throw new FormatException($"Not a fitted recipe: input '{c.Name}' has the kind '{other}'; the kit writes number, boolean, date-time or text."),
    }).ToList());

    /// <summary>Writes <see cref="ToJson"/> to a file.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson(), new UTF8Encoding(false));

    /// <summary>Reads a fitted recipe saved with <see cref="Save"/>.</summary>
    public static FittedRecipe Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>The fitted steps with what they learned, one per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i + 1}. {s.Describe()}"));

}
