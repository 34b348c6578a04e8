using Foundations.Data;
using Foundations.Experiments;
using Foundations.Training;
using Microsoft.Data.Analysis;

namespace Foundations.Patterns;

/// <summary>One scored row: the probability and the inputs that pushed it up most.</summary>
public sealed record ScoredRow(int Row, double Probability, IReadOnlyList<Reason> Reasons);

/// <summary>A reason for a score: an input and how much it moved the log-odds against an average customer.</summary>
public sealed record Reason(string Feature, double Effect);

/// <summary>
/// A deployable churn (or default) model: the fitted recipe, the trained network and the schema it expects, saved
/// together in one .fnd file. The only thing that scores new customers.
/// </summary>
public sealed class TrainedPrediction
{
    /// <summary>The format written inside .fnd files.</summary>
    public const string Format = "foundations.prediction/2";

    internal TrainedPrediction(FittedRecipe recipe, TrainedNetwork network, string target, string? positiveLabel)
    {
        Recipe = recipe;
        Network = network;
        Target = target;
        PositiveLabel = positiveLabel;
    }

    public FittedRecipe Recipe { get; }
    public TrainedNetwork Network { get; }
    /// <summary>The label column the model predicts.</summary>
    public string Target { get; }
    /// <summary>For a text label, the value that counts as the event.</summary>
    public string? PositiveLabel { get; }
    /// <summary>The input columns (and their kinds) a frame must have to be scored.</summary>
    public IReadOnlyList<RecipeColumn> Schema => Recipe.Inputs.Where(c => c.Name != Target).ToArray();

    /// <summary>Probability of the event for every row of <paramref name="frame"/>; a missing or mistyped column is an error naming it.</summary>
    public double[] Score(DataFrame frame) => Network.Predict(Features(frame));

    /// <summary>Scores every row and names its <paramref name="top"/> reasons (inputs that raised the score most versus an average customer).</summary>
    public IReadOnlyList<ScoredRow> ScoreWithReasons(DataFrame frame, int top = 3) => ScoreWithReasons(Features(frame), top);

    /// <summary>Scores rows whose features are already built by the model's recipe.</summary>
    internal IReadOnlyList<ScoredRow> ScoreWithReasons(FeatureMatrix features, int top)
    {
        var baseline = Network.Predict(features);
        var effects = new double[features.Rows][];
        for (int r = 0; r < features.Rows; r++) effects[r] = new double[features.NumericColumns.Count + features.CategoricalColumns.Count];
        int p = features.NumericColumns.Count, c = features.CategoricalColumns.Count;
        // Occlusion: set one input to the training average (0 after standardizing, code 0 for categories) and see how far the log-odds fall.
        for (int j = 0; j < p + c; j++)
        {
            var numeric = (float[])features.Numeric.Clone();
            var categorical = (long[])features.Categorical.Clone();
            for (int r = 0; r < features.Rows; r++)
            {
                if (j < p) numeric[r * p + j] = 0f; else categorical[r * c + (j - p)] = 0;
            }
            var occluded = Network.Predict(new FeatureMatrix(features.Rows, features.NumericColumns, numeric, features.CategoricalColumns, categorical));
            for (int r = 0; r < features.Rows; r++) effects[r][j] = Logit(baseline[r]) - Logit(occluded[r]);
        }
        var names = features.FeatureNames.ToArray();
        return Enumerable.Range(0, features.Rows).Select(r => new ScoredRow(r, baseline[r],
            effects[r].Select((e, j) => new Reason(names[j], e)).Where(x => x.Effect > 0).OrderByDescending(x => x.Effect).Take(top).ToArray())).ToArray();
    }

    /// <summary>The model's inputs for <paramref name="frame"/>, built by the fitted recipe (the label is not needed).</summary>
    public FeatureMatrix Features(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        foreach (var column in Schema)
            if (frame.Columns.IndexOf(column.Name) < 0)
                throw new ArgumentException($"Cannot score: column '{column.Name}' ({column.Kind}) is missing. The model expects: {string.Join(", ", Schema.Select(s => s.Name))}.", column.Name);
        bool hasLabel = frame.Columns.IndexOf(Target) >= 0;
        return Recipe.ToFeatures(frame, hasLabel ? Target : null, PositiveLabel);
    }

    /// <summary>Saves recipe, network and schema to one .fnd file and records it in the experiment log.</summary>
    public string Save(string path)
    {
        var manifest = new Manifest(Format, Target, PositiveLabel, Network.Shape, Network.Settings, Network.History, Network.BestEpoch, Network.TrainingTime.TotalSeconds, Network.LogitOffset, Schema);
        ModelFile.Write(path, manifest, Recipe.ToJson(), Network.SaveWeights, Kind, Format, Schema);
        Run.Current.Artifact(path);
        return path;
    }

    private const string Kind = "prediction model";

    /// <summary>
    /// Loads a model saved by <see cref="Save"/>, after checking the file's manifest, sizes and SHA-256 (see
    /// <see cref="ModelFile"/>); a damaged or altered file is refused with a message naming it. Works without a GPU.
    /// </summary>
    public static TrainedPrediction Load(string path)
    {
        var file = ModelFile.Read<Manifest>(path, Kind, Format, m => m.Format);
        return ModelFile.Build(path, Kind, () =>
        {
            var manifest = file.Manifest<Manifest>();
            if (manifest.Target is null || manifest.Shape is null || manifest.Settings is null || manifest.Schema is null)
                throw new InvalidDataException("model.json lacks its target, shape, settings or schema");
            var recipe = FittedRecipe.FromJson(file.RecipeJson);
            var missing = manifest.Schema.Where(c => !recipe.Inputs.Contains(c)).Select(c => c.Name).ToArray();
            if (missing.Length > 0) throw new InvalidDataException($"model.json's schema names {string.Join(", ", missing)}, which the recipe does not read");
            if (!file.FileManifest.Schema.SequenceEqual(manifest.Schema)) throw new InvalidDataException("manifest.json's schema differs from model.json's");
            var network = TrainedNetwork.LoadWeights(file.Weights, manifest.Shape, manifest.Settings, manifest.History ?? Array.Empty<EpochRecord>(), manifest.BestEpoch, TimeSpan.FromSeconds(manifest.TrainingSeconds), manifest.LogitOffset);
            return new TrainedPrediction(recipe, network, manifest.Target, manifest.PositiveLabel) { Source = path };
        });
    }

    /// <summary>The file the model was loaded from (null when trained in this session).</summary>
    internal string? Source { get; private init; }

    private static double Logit(double p) => Math.Log(Math.Clamp(p, 1e-7, 1 - 1e-7) / (1 - Math.Clamp(p, 1e-7, 1 - 1e-7)));

    private sealed record Manifest(string Format, string Target, string? PositiveLabel, NetworkShape Shape, TrainingSettings Settings,
        IReadOnlyList<EpochRecord> History, int BestEpoch, double TrainingSeconds, double LogitOffset, IReadOnlyList<RecipeColumn> Schema);
}
