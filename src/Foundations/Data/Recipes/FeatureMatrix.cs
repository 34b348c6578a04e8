using TorchSharp;

namespace Foundations.Data;

/// <summary>One categorical input of a network: its name and how many codes it can take (code 0 means unseen or missing).</summary>
public sealed record CategoricalFeature(string Name, int Cardinality, IReadOnlyList<string> Categories);

/// <summary>
/// The bridge from a wrangled frame to a network: float32 numeric features, int64 category codes for embeddings,
/// and an optional label, all row-major. Produced by <c>FittedRecipe.ToFeatures</c>. The features are read-only views
/// (the matrix owns the arrays given to its constructor: do not change them afterwards); <see cref="Label"/> is the
/// array the training loops read directly, so it is not copied: treat it as read-only too.
/// </summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(int rows, IReadOnlyList<string> numericColumns, float[] numeric,
        IReadOnlyList<CategoricalFeature> categoricalColumns, long[] categorical, float[]? label = null, string? labelColumn = null)
    {
        if (numeric.Length != rows * numericColumns.Count)
            throw new ArgumentException($"numeric holds {numeric.Length} values, expected rows × columns = {rows} × {numericColumns.Count}.", nameof(numeric));
        if (categorical.Length != rows * categoricalColumns.Count)
            throw new ArgumentException($"categorical holds {categorical.Length} codes, expected {rows} × {categoricalColumns.Count}.", nameof(categorical));
        if (label is not null && label.Length != rows)
            throw new ArgumentException($"label holds {label.Length} values, expected {rows}.", nameof(label));
        for (int i = 0; i < numeric.Length; i++)
        {
            if (!float.IsFinite(numeric[i]))
                throw new ArgumentException($"Column '{numericColumns[i % numericColumns.Count]}' holds {numeric[i]} at row {i / numericColumns.Count}: impute or drop it before building tensors.", nameof(numeric));
        }
        Rows = rows;
        NumericColumns = numericColumns;
        _numeric = numeric;
        CategoricalColumns = categoricalColumns;
        _categorical = categorical;
        Numeric = Array.AsReadOnly(numeric);
        Categorical = Array.AsReadOnly(categorical);
        Label = label;
        LabelColumn = labelColumn;
    }

    public int Rows { get; }
    public IReadOnlyList<string> NumericColumns { get; }
    private readonly float[] _numeric;
    private readonly long[] _categorical;

    /// <summary>Row-major, Rows × NumericColumns.Count (read-only).</summary>
    public IReadOnlyList<float> Numeric { get; }
    public IReadOnlyList<CategoricalFeature> CategoricalColumns { get; }
    /// <summary>Row-major, Rows × CategoricalColumns.Count; 0 is the unseen/missing code (read-only).</summary>
    public IReadOnlyList<long> Categorical { get; }

    /// <summary>The numeric values themselves, for the kit's own loops (never handed out).</summary>
    internal ReadOnlySpan<float> NumericSpan => _numeric;

    /// <summary>The category codes themselves, for the kit's own loops (never handed out).</summary>
    internal ReadOnlySpan<long> CategoricalSpan => _categorical;

    /// <summary>A copy of the numeric values, to change (occlusion, permutation) and build a new matrix from.</summary>
    public float[] CopyNumeric() => (float[])_numeric.Clone();

    /// <summary>A copy of the category codes, to change and build a new matrix from.</summary>
    public long[] CopyCategorical() => (long[])_categorical.Clone();
    public float[]? Label { get; }
    public string? LabelColumn { get; }

    /// <summary>Each row's customer, numbered, when the rows came from a split that kept customers whole (groupBy): holdouts taken from these rows keep them whole too.</summary>
    internal int[]? Groups { get; private init; }

    /// <summary>The same rows with each one's customer number (see <see cref="Groups"/>).</summary>
    internal FeatureMatrix WithGroups(int[]? groups)
    {
        if (groups is not null && groups.Length != Rows) throw new ArgumentException($"groups holds {groups.Length} values, expected {Rows}.", nameof(groups));
        return new FeatureMatrix(Rows, NumericColumns, _numeric, CategoricalColumns, _categorical, Label, LabelColumn) { Groups = groups };
    }

    /// <summary>Every input column name, numeric first then categorical, as the network sees them.</summary>
    public IEnumerable<string> FeatureNames => NumericColumns.Concat(CategoricalColumns.Select(c => c.Name));

    /// <summary>Numeric features as a [Rows, NumericColumns] float32 tensor.</summary>
    public torch.Tensor NumericTensor(torch.Device? device = null) =>
        torch.tensor(_numeric, new long[] { Rows, NumericColumns.Count }, device: device);

    /// <summary>Category codes as a [Rows, CategoricalColumns] int64 tensor.</summary>
    public torch.Tensor CategoricalTensor(torch.Device? device = null) =>
        torch.tensor(_categorical, new long[] { Rows, CategoricalColumns.Count }, device: device);

    /// <summary>The label as a [Rows] float32 tensor; a clear error when the matrix was built without one.</summary>
    public torch.Tensor LabelTensor(torch.Device? device = null) =>
        Label is null
            ? throw new InvalidOperationException("This feature matrix has no label: build it with a label column.")
            : torch.tensor(Label, new long[] { Rows }, device: device);

    /// <summary>The rows at the given indices, as a new matrix (for splits, folds and batches).</summary>
    public FeatureMatrix Take(IReadOnlyList<int> rows)
    {
        int p = NumericColumns.Count, c = CategoricalColumns.Count;
        var num = new float[rows.Count * p];
        var cat = new long[rows.Count * c];
        var lab = Label is null ? null : new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            int r = rows[i];
            Array.Copy(_numeric, r * p, num, i * p, p);
            Array.Copy(_categorical, r * c, cat, i * c, c);
            if (lab is not null) lab[i] = Label![r];
        }
        return new FeatureMatrix(rows.Count, NumericColumns, num, CategoricalColumns, cat, lab, LabelColumn) { Groups = Groups is null ? null : rows.Select(r => Groups[r]).ToArray() };
    }
}
