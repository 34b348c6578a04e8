using Foundations.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Foundations.Training;

/// <summary>Which ML.NET gradient-boosted trees to train: the models a .NET user would pick instead of a network.</summary>
public enum BoostedTrees { LightGbm, FastTree }

/// <summary>A trained ML.NET gradient-boosted tree model over the same features as the network. Immutable.</summary>
public sealed class GradientBoosting
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly int _width;

    private readonly DataViewSchema _inputSchema;

    private GradientBoosting(MLContext ml, ITransformer model, DataViewSchema inputSchema, int width, IReadOnlyList<int>? codes, BoostedTrees kind)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        _width = width;
        Codes = codes;
        Kind = kind;
    }

    public BoostedTrees Kind { get; }

    /// <summary>How many inputs (numeric, then category codes) the trees read.</summary>
    public int Width => _width;

    /// <summary>How many codes each categorical input had in training (null for trees saved before the kit recorded it).</summary>
    public IReadOnlyList<int>? Codes { get; }

    /// <summary>Writes the ML.NET model (its own zip) to <paramref name="stream"/>, for a kit model file's weights entry.</summary>
    internal void SaveModel(Stream stream) => _ml.Model.Save(_model, _inputSchema, stream);

    /// <summary>Reads trees written by <see cref="SaveModel"/>.</summary>
    internal static GradientBoosting LoadModel(Stream stream, BoostedTrees kind, int width, IReadOnlyList<int>? codes)
    {
        var ml = new MLContext(0);
        // ML.NET finds the loader of a saved model in the assemblies registered with its catalog.
        ml.ComponentCatalog.RegisterAssembly(typeof(LightGbmBinaryModelParameters).Assembly);
        ml.ComponentCatalog.RegisterAssembly(typeof(FastTreeBinaryModelParameters).Assembly);
        var model = ml.Model.Load(stream, out var schema);
        return new GradientBoosting(ml, model, schema, width, codes, kind);
    }

    /// <summary>Trains LightGBM or FastTree on every input of <paramref name="train"/> (category codes enter as numbers, which trees split well).</summary>
    public static GradientBoosting Fit(FeatureMatrix train, BoostedTrees kind = BoostedTrees.LightGbm, int trees = 200, int leaves = 31, double learningRate = 0.05, int? seed = null)
    {
        if (train.Label is null) throw new ArgumentException("The training matrix has no label.", nameof(train));
        var ml = new MLContext(seed ?? Kit.Seed);
        int width = train.NumericColumns.Count + train.CategoricalColumns.Count;
        var data = ToDataView(ml, train, width);
        IEstimator<ITransformer> trainer = kind switch
        {
            BoostedTrees.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = trees, NumberOfLeaves = leaves, LearningRate = learningRate, MinimumExampleCountPerLeaf = 20,
                Seed = seed ?? Kit.Seed, NumberOfThreads = 1, // one thread: identical trees on every run
            }),
            _ => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = trees, NumberOfLeaves = leaves, LearningRate = learningRate, MinimumExampleCountPerLeaf = 20, NumberOfThreads = 1,
            }),
        };
        return new GradientBoosting(ml, trainer.Fit(data), data.Schema, width, train.CategoricalColumns.Select(c => c.Cardinality).ToArray(), kind);
    }

    /// <summary>Probability of the event for every row.</summary>
    public double[] Predict(FeatureMatrix features)
    {
        int width = features.NumericColumns.Count + features.CategoricalColumns.Count;
        if (width != _width) throw new ArgumentException($"The model expects {_width} inputs; the matrix has {width}.", nameof(features));
        // Trees split category codes as numbers: a vocabulary of another size would move every code after the change.
        for (int j = 0; Codes is not null && j < features.CategoricalColumns.Count; j++)
            if (j >= Codes.Count || features.CategoricalColumns[j].Cardinality != Codes[j])
                throw new ArgumentException($"The trees learned {(j < Codes.Count ? Codes[j] : 0)} codes for '{features.CategoricalColumns[j].Name}'; the matrix has {features.CategoricalColumns[j].Cardinality}. Build it with the model's fitted recipe.", nameof(features));
        var scored = _model.Transform(ToDataView(_ml, features, width));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = Array.Empty<float>();
        public bool Label { get; set; }
    }

    private static IDataView ToDataView(MLContext ml, FeatureMatrix m, int width)
    {
        int p = m.NumericColumns.Count, c = m.CategoricalColumns.Count;
        var rows = new Row[m.Rows];
        for (int r = 0; r < m.Rows; r++)
        {
            var f = new float[width];
            m.NumericSpan.Slice(r * p, p).CopyTo(f);
            for (int j = 0; j < c; j++) f[p + j] = m.CategoricalSpan[r * c + j];
            rows[r] = new Row { Features = f, Label = m.Label is not null && m.Label[r] == 1f };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}
