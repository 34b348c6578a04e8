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
/// A deployable churn (or default) model of any kind the pattern trains (deep, scorecard, lightgbm, fasttree): the
/// fitted recipe, the trained model and the schema it expects, saved together in one model file (<see cref="ModelFile"/>).
/// The only thing that scores new customers; dispose it when done (a deep model holds native memory).
/// </summary>
public sealed class TrainedPrediction : IDisposable
{
    /// <summary>The format of model.json inside a prediction model file.</summary>
    public const string Format = "foundations.prediction/3";

    /// <summary>The model names, as in <see cref="PredictionResult.Evaluations"/> and the logged metrics.</summary>
    public const string DeepName = "deep", ScorecardName = "scorecard", LogisticName = "logistic", LightGbmName = "lightgbm", FastTreeName = "fasttree";

    private readonly TrainedNetwork? _network;
    private readonly Scorecard? _scorecard;
    private readonly LogisticRegression? _logistic;
    private readonly GradientBoosting? _trees;

    private TrainedPrediction(FittedRecipe recipe, string target, string? positiveLabel, string name,
        TrainedNetwork? network = null, Scorecard? scorecard = null, LogisticRegression? logistic = null, GradientBoosting? trees = null)
    {
        Recipe = recipe;
        Target = target;
        PositiveLabel = positiveLabel;
        PositiveLabels = positiveLabel is null ? Array.Empty<string>() : new[] { positiveLabel };
        Name = name;
        _network = network;
        _scorecard = scorecard;
        _logistic = logistic;
        _trees = trees;
    }

    internal TrainedPrediction(FittedRecipe recipe, TrainedNetwork network, string target, string? positiveLabel)
        : this(recipe, target, positiveLabel, DeepName, network: network) { }

    internal TrainedPrediction(FittedRecipe recipe, Scorecard scorecard, string target, string? positiveLabel)
        : this(recipe, target, positiveLabel, ScorecardName, scorecard: scorecard) { }

    internal TrainedPrediction(FittedRecipe recipe, LogisticRegression logistic, string target, string? positiveLabel)
        : this(recipe, target, positiveLabel, LogisticName, logistic: logistic) { }

    internal TrainedPrediction(FittedRecipe recipe, GradientBoosting trees, string target, string? positiveLabel)
        : this(recipe, target, positiveLabel, NameOf(trees.Kind), trees: trees) { }

    internal static string NameOf(BoostedTrees kind) => kind == BoostedTrees.LightGbm ? LightGbmName : FastTreeName;

    /// <summary>Which model this is: deep, scorecard, logistic, lightgbm or fasttree.</summary>
    public string Name { get; }
    public FittedRecipe Recipe { get; }
    /// <summary>The deep model's trained network; an error naming the model for the others.</summary>
    public TrainedNetwork Network => _network ?? throw new InvalidOperationException($"This is the {Name} model; only the deep model has a network. Train with WithDeepModel() and use result.Deep.");
    /// <summary>The points scorecard (bins, WoE, points); an error naming the model for the others.</summary>
    public Scorecard Scorecard => _scorecard ?? throw new InvalidOperationException($"This is the {Name} model, not the scorecard. Train with WithScorecard() and use result.Model(\"scorecard\").");
    /// <summary>The logistic regression's terms and intercept; an error naming the model for the others.</summary>
    public LogisticRegression Logistic => _logistic ?? throw new InvalidOperationException($"This is the {Name} model, not the logistic regression. Train with WithLogisticRegression() and use result.Model(\"logistic\").");
    /// <summary>The label column the model predicts.</summary>
    public string Target { get; }
    /// <summary>For a text or coded label, the value that counts as the event (as the training rows wrote it).</summary>
    public string? PositiveLabel { get; }

    /// <summary>
    /// Every value that counts as the event ("Chargedoff" and "Defaulted" when both were named): <see cref="PositiveLabel"/>
    /// first. Monitoring counts each as an event. Empty for a 0/1 or true/false label.
    /// </summary>
    public IReadOnlyList<string> PositiveLabels { get; private set; } = Array.Empty<string>();

    /// <summary>
    /// The values that mean "no event" ("Fully Paid"; a mortgage register's codes 1 and 2): those named when the outcomes
    /// were read, else the other values of a text label the model was trained on. Monitoring counts any value that is
    /// neither (a loan still "Current", an application withdrawn) as no outcome yet, not as a non-event. Empty for a 0/1
    /// label, for a coded label with no values named, and for files saved before the kit recorded it.
    /// </summary>
    public IReadOnlyList<string> NegativeLabels { get; private set; } = Array.Empty<string>();

    /// <summary>Records what an outcome is (the event's values and the non-event's); called once, before the model is handed out.</summary>
    internal TrainedPrediction WithOutcomeLabels(IReadOnlyList<string> positives, IReadOnlyList<string> negatives)
    {
        PositiveLabels = PositiveLabel is null ? Array.Empty<string>() : positives.Count > 0 ? positives : new[] { PositiveLabel };
        NegativeLabels = negatives;
        return this;
    }
    /// <summary>The input columns (and their kinds) a frame must have to be scored.</summary>
    public IReadOnlyList<RecipeColumn> Schema => Recipe.Inputs.Where(c => c.Name != Target).ToArray();

    /// <summary>Probability of the event for every row of <paramref name="frame"/>; a missing or mistyped column is an error naming it.</summary>
    public double[] Score(DataFrame frame)
    {
        var features = Features(frame); // checks the schema and every value, for the scorecard too
        return _scorecard is not null ? _scorecard.Predict(frame) : Predict(features);
    }

    /// <summary>Probability of the event for rows whose features are already built by the model's recipe (not for the scorecard, which reads raw columns: use <see cref="Score"/>).</summary>
    public double[] Predict(FeatureMatrix features) =>
        _network?.Predict(features) ?? _logistic?.Predict(features) ?? _trees?.Predict(features)
        ?? throw new InvalidOperationException("The scorecard bins the raw columns, not the recipe's features: score a frame with Score(frame).");

    /// <summary>Scores every row and names its <paramref name="top"/> reasons (inputs that raised the score most versus an average customer; for the scorecard, the characteristics that lost most points).</summary>
    public IReadOnlyList<ScoredRow> ScoreWithReasons(DataFrame frame, int top = 3)
    {
        var features = Features(frame);
        return _scorecard is not null ? ScorecardReasons(frame, top) : ScoreWithReasons(features, top);
    }

    /// <summary>Scores the <paramref name="rows"/> of <paramref name="frame"/> whose features are <paramref name="features"/> (batch scoring).</summary>
    internal IReadOnlyList<ScoredRow> ScoreWithReasons(DataFrame frame, IReadOnlyList<int> rows, FeatureMatrix features, int top) =>
        _scorecard is not null ? ScorecardReasons(FrameOps.Take(frame, rows), top) : ScoreWithReasons(features, top);

    // A scorecard's reasons are the characteristics where the customer lost most points against the best bin, as log-odds.
    private IReadOnlyList<ScoredRow> ScorecardReasons(DataFrame frame, int top) =>
        _scorecard!.Score(frame, top).Select(s => new ScoredRow(s.Row, s.Probability,
            s.Reasons.Select(p => new Reason(p.Characteristic, p.PointsLost / _scorecard.Factor)).ToArray())).ToArray();

    /// <summary>Scores rows whose features are already built by the model's recipe.</summary>
    internal IReadOnlyList<ScoredRow> ScoreWithReasons(FeatureMatrix features, int top)
    {
        var probabilities = Predict(features);
        var effects = _network is { } network ? NetworkOcclusion(network, features) : Occlusion(features, probabilities);
        var names = features.FeatureNames.ToArray();
        return Enumerable.Range(0, features.Rows).Select(r => new ScoredRow(r, probabilities[r],
            effects[r].Select((e, j) => new Reason(names[j], e)).Where(x => x.Effect > 0).OrderByDescending(x => x.Effect).Take(top).ToArray())).ToArray();
    }

    // Occlusion: set one input to the training average (0 after standardizing, code 0 for categories) and see how far the
    // log-odds fall. effects[row][input].
    private double[][] Occlusion(FeatureMatrix features, double[] baseline)
    {
        int inputs = features.NumericColumns.Count + features.CategoricalColumns.Count;
        var effects = new double[features.Rows][];
        for (int r = 0; r < features.Rows; r++) effects[r] = new double[inputs];
        var replacement = new MatrixInputReplacement(Predict, features);
        for (int j = 0; j < inputs; j++)
        {
            var occluded = replacement.Occluded(j);
            for (int r = 0; r < features.Rows; r++) effects[r][j] = Logit(baseline[r]) - Logit(occluded[r]);
        }
        return effects;
    }

    // The same occlusion for the deep model, through its first layer's product computed once (InputReplacement), a block
    // of rows at a time so that the embedded rows stay a few hundred MB on the widest files.
    private static double[][] NetworkOcclusion(TrainedNetwork network, FeatureMatrix features)
    {
        int inputs = features.NumericColumns.Count + features.CategoricalColumns.Count;
        var effects = new double[features.Rows][];
        const int block = 8192;
        for (int start = 0; start < features.Rows; start += block)
        {
            var rows = Enumerable.Range(start, Math.Min(block, features.Rows - start)).ToArray();
            using var replacement = network.ReplaceInputs(rows.Length == features.Rows ? features : features.Take(rows));
            var baseline = replacement.Unchanged();
            for (int i = 0; i < rows.Length; i++) effects[start + i] = new double[inputs];
            for (int j = 0; j < inputs; j++)
            {
                var occluded = replacement.Occluded(j);
                for (int i = 0; i < rows.Length; i++) effects[start + i][j] = Logit(baseline[i]) - Logit(occluded[i]);
            }
        }
        return effects;
    }

    /// <summary>
    /// The model's inputs for <paramref name="frame"/>, built by the fitted recipe from the columns of <see cref="Schema"/>
    /// alone: an outcome column, if there, is not read (a loan book's "Current" beside its outcomes is no error when scoring).
    /// </summary>
    public FeatureMatrix Features(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        foreach (var column in Schema)
            if (frame.Columns.IndexOf(column.Name) < 0)
                throw new ArgumentException($"Cannot score: column '{column.Name}' ({column.Kind}) is missing. The model expects: {string.Join(", ", Schema.Select(s => s.Name))}.", column.Name);
        return Recipe.ToFeatures(new DataFrame(Schema.Select(c => frame.Columns[c.Name]).ToList()));
    }

    /// <summary>Saves recipe, model and schema to one model file (.fnd), records it in the experiment log and returns the path.</summary>
    public string Save(string path)
    {
        var deep = _network is { } n ? new DeepJson(n.Shape, n.Settings, n.History, n.BestEpoch, n.TrainingTime.TotalSeconds, n.LogitOffset) : null;
        var manifest = new Manifest(Format, Name, Target, PositiveLabel, Schema, deep, _scorecard?.ToFileJson(), _logistic?.State, _trees is { } t ? new TreesJson(t.Width, t.Codes?.ToArray()) : null,
            NegativeLabels.Count > 0 ? NegativeLabels : null, PositiveLabels.Count > 1 ? PositiveLabels : null);
        Action<Stream>? weights = _network is not null ? _network.SaveWeights : _trees is not null ? _trees.SaveModel : null;
        ModelFile.Write(path, manifest, Recipe.ToJson(), weights, Kind, Format, Schema);
        Run.Current.Artifact(path);
        return path;
    }

    private const string Kind = "prediction model";

    /// <summary>
    /// Loads a model saved by <see cref="Save"/> (any kind), after checking the file's manifest, sizes and SHA-256 (see
    /// <see cref="ModelFile"/>); a damaged or altered file is refused with a message naming it. Works without a GPU.
    /// </summary>
    public static TrainedPrediction Load(string path)
    {
        var file = ModelFile.Read<Manifest>(path, Kind, Format, m => m.Format);
        return ModelFile.Build(path, Kind, () =>
        {
            var manifest = file.Manifest<Manifest>();
            if (manifest.Target is null || manifest.Model is null || manifest.Schema is null)
                throw new InvalidDataException("model.json lacks its target, model name or schema");
            var recipe = FittedRecipe.FromJson(file.RecipeJson);
            var missing = manifest.Schema.Where(c => !recipe.Inputs.Contains(c)).Select(c => c.Name).ToArray();
            if (missing.Length > 0) throw new InvalidDataException($"model.json's schema names {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the recipe does not read");
            if (!file.FileManifest.Schema.SequenceEqual(manifest.Schema)) throw new InvalidDataException("manifest.json's schema differs from model.json's");
            var positives = manifest.PositiveLabels ?? (manifest.PositiveLabel is { } p ? new[] { p } : Array.Empty<string>());
            if (manifest.PositiveLabels is not null && (manifest.PositiveLabel is null || positives.Count == 0 || positives[0] != manifest.PositiveLabel || positives.Any(v => v is null) || positives.Distinct().Count() != positives.Count))
                throw new InvalidDataException("model.json's positive labels must be distinct text values, the positive label first");
            if (manifest.NegativeLabels is { } negatives && (manifest.PositiveLabel is null || negatives.Any(v => v is null || positives.Contains(v)) || negatives.Distinct().Count() != negatives.Count))
                throw new InvalidDataException("model.json's negative labels must be distinct text values other than the positive labels, which must be given");
            var model = manifest.Model switch
            {
                DeepName when manifest.Deep is { Shape: not null, Settings: not null } d => new TrainedPrediction(recipe,
                    TrainedNetwork.LoadWeights(file.Weights, d.Shape, d.Settings, d.History ?? Array.Empty<EpochRecord>(), d.BestEpoch, TimeSpan.FromSeconds(d.TrainingSeconds), d.LogitOffset),
                    manifest.Target, manifest.PositiveLabel),
                ScorecardName when manifest.Scorecard is { } s => new TrainedPrediction(recipe, Training.Scorecard.FromFileJson(s), manifest.Target, manifest.PositiveLabel),
                LogisticName when manifest.Logistic is { } l => new TrainedPrediction(recipe, LogisticRegression.FromState(l), manifest.Target, manifest.PositiveLabel),
                LightGbmName or FastTreeName when manifest.Trees is { } t => new TrainedPrediction(recipe,
                    GradientBoosting.LoadModel(file.Weights, manifest.Model == LightGbmName ? BoostedTrees.LightGbm : BoostedTrees.FastTree, t.Width, t.Codes),
                    manifest.Target, manifest.PositiveLabel),
                DeepName or ScorecardName or LogisticName or LightGbmName or FastTreeName => throw new InvalidDataException($"model.json names a {manifest.Model} model but lacks its settings"),
                _ => throw new InvalidDataException($"model.json names a model '{manifest.Model}' this kit does not know (deep, scorecard, logistic, lightgbm, fasttree)"),
            };
            // Scoring no rows runs every check between the recipe's features and the model (widths, columns, kinds)
            // when the file is read, so an inconsistent file is refused here rather than by the first batch.
            try { model.ScoreWithReasons(recipe.EmptyInput(), top: 1); }
            catch { model.Dispose(); throw; } // the network's native memory, on a refused file
            model.Source = path;
            return model.WithOutcomeLabels(positives, manifest.NegativeLabels ?? Array.Empty<string>());
        });
    }

    /// <summary>The file the model was loaded from (null when trained in this session).</summary>
    internal string? Source { get; private set; }

    /// <summary>Frees the deep model's native memory (nothing to free for the scorecard and trees).</summary>
    public void Dispose() => _network?.Dispose();

    public override string ToString() => $"{Name} model of {Target} ({Schema.Count} input columns)";

    private static double Logit(double p) => Math.Log(Math.Clamp(p, 1e-7, 1 - 1e-7) / (1 - Math.Clamp(p, 1e-7, 1 - 1e-7)));

    private sealed record Manifest(string Format, string Model, string Target, string? PositiveLabel, IReadOnlyList<RecipeColumn> Schema,
        DeepJson? Deep, System.Text.Json.JsonElement? Scorecard, LogisticState? Logistic, TreesJson? Trees,
        IReadOnlyList<string>? NegativeLabels = null, // absent in files written before the kit recorded it
        IReadOnlyList<string>? PositiveLabels = null); // written when several values mean the event; absent before the kit recorded it

    private sealed record DeepJson(NetworkShape Shape, TrainingSettings Settings, IReadOnlyList<EpochRecord> History, int BestEpoch, double TrainingSeconds, double LogitOffset);

    // Codes is absent from files written before the kit recorded it; those are read without the check it allows.
    private sealed record TreesJson(int Width, int[]? Codes = null);
}
