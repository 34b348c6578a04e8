using System.Diagnostics;
using Foundations.Data;
using Foundations.Experiments;
using Foundations.Training;

namespace Foundations.Patterns;

/// <summary>
/// The Prediction pattern: who will churn (or default)? A deep model on every feature beside the bank's scorecard
/// and gradient-boosted trees, compared on the same test split.
/// <c>Prediction.Of(split, target: "churned_next_90d").WithDeepModel(hidden: [128, 64]).WithScorecard().WithLightGbm().Train()</c>
/// </summary>
public static class Prediction
{
    /// <summary>The classic scorecard inputs, used when present in the data.</summary>
    public static IReadOnlyList<string> ClassicScorecardFeatures { get; } = new[] { "age", "tenure_months", "income", "products_held", "credit_score_band" };

    /// <summary>Starts a prediction of <paramref name="target"/> on a split whose recipe was fitted on its training part.</summary>
    public static PredictionSetup Of(TrainTestSplit split, string target, string? positiveLabel = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (split.RawTrain.Columns.IndexOf(target) < 0)
            throw new ArgumentException($"Target '{target}' is not a column of the data (columns: {string.Join(", ", split.RawTrain.Columns.Select(c => c.Name))}).", nameof(target));
        return new PredictionSetup(split, target, positiveLabel);
    }
}

/// <summary>What to train and how: settings only, each With* returns a new setup. <see cref="Train"/> learns.</summary>
public sealed record PredictionSetup
{
    internal PredictionSetup(TrainTestSplit split, string target, string? positiveLabel)
    {
        Split = split;
        Target = target;
        PositiveLabel = positiveLabel;
    }

    public TrainTestSplit Split { get; }
    public string Target { get; }
    public string? PositiveLabel { get; }
    public TrainingSettings? Deep { get; init; }
    public IReadOnlyList<string>? ScorecardFeatures { get; init; }
    public IReadOnlyList<BoostedTrees> Trees { get; init; } = Array.Empty<BoostedTrees>();
    /// <summary>Probability at or above which a customer is called an event in the confusion matrix.</summary>
    public double Cutoff { get; init; } = 0.5;
    public int? Seed { get; init; }

    /// <summary>Adds the deep tabular model (numeric bin encodings, category embeddings, an ensemble of members sharing one network); unset arguments keep <see cref="TrainingSettings"/>' defaults.</summary>
    public PredictionSetup WithDeepModel(int[]? hidden = null, int? epochs = null, int? batchSize = null, double? learningRate = null, double? dropout = null, int? patience = null, int? ensembleSize = null, int? numericBins = null)
    {
        var d = new TrainingSettings();
        return this with
        {
            Deep = d with
            {
                Hidden = hidden ?? d.Hidden, Epochs = epochs ?? d.Epochs, BatchSize = batchSize ?? d.BatchSize, LearningRate = learningRate ?? d.LearningRate,
                Dropout = dropout ?? d.Dropout, Patience = patience ?? d.Patience, EnsembleSize = ensembleSize ?? d.EnsembleSize, NumericBins = numericBins ?? d.NumericBins,
            },
        };
    }

    /// <summary>Adds the conventional logistic-regression scorecard on <paramref name="features"/> (default: the classic list, those present).</summary>
    public PredictionSetup WithScorecard(params string[] features) => this with { ScorecardFeatures = features };

    /// <summary>Adds ML.NET LightGBM on the same inputs as the deep model.</summary>
    public PredictionSetup WithLightGbm() => this with { Trees = Trees.Append(BoostedTrees.LightGbm).Distinct().ToArray() };

    /// <summary>Adds ML.NET FastTree on the same inputs as the deep model.</summary>
    public PredictionSetup WithFastTree() => this with { Trees = Trees.Append(BoostedTrees.FastTree).Distinct().ToArray() };

    /// <summary>Sets the cut-off for accuracy, precision, recall and the confusion matrix.</summary>
    public PredictionSetup WithCutoff(double cutoff) =>
        cutoff is > 0 and < 1 ? this with { Cutoff = cutoff } : throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "The cut-off is a probability between 0 and 1.");

    /// <summary>Sets the seed for this prediction (default: <see cref="Kit.Seed"/>).</summary>
    public PredictionSetup WithSeed(int seed) => this with { Seed = seed };

    /// <summary>Trains every model chosen, evaluates them on the test split and logs the metrics to the experiment log.</summary>
    public PredictionResult Train()
    {
        int seed = Seed ?? Kit.Seed;
        var deepSettings = (Deep ?? new TrainingSettings()) with { Seed = seed };
        var train = Split.Recipe.ToFeatures(Split.RawTrain, Target, PositiveLabel);
        var test = Split.Recipe.ToFeatures(Split.RawTest, Target, PositiveLabel);
        var labels = test.Label!.Select(v => (int)v).ToArray();
        var evaluations = new List<ModelEvaluation>();
        var log = Run.Current;
        log.Param("target", Target).Param("seed", seed).Param("hidden", string.Join(",", deepSettings.Hidden))
           .Param("epochs", deepSettings.Epochs).Param("batch_size", deepSettings.BatchSize).Param("learning_rate", deepSettings.LearningRate)
           .Param("train_rows", train.Rows).Param("test_rows", test.Rows).Param("features", train.NumericColumns.Count + train.CategoricalColumns.Count);

        var network = Trainer.Fit(train, deepSettings, $"Training the deep model ({Target})");
        var deep = new TrainedPrediction(Split.Recipe, network, Target, PositiveLabel);
        evaluations.Add(new ModelEvaluation("deep", network.Predict(test), labels, Cutoff, network.TrainingTime));
        log.Metric("train_seconds_deep", network.TrainingTime.TotalSeconds);
        // The learning curve, one value per epoch, so runs can be compared epoch by epoch in the run store.
        log.Series("train_loss", network.History.Select(h => h.TrainLoss)).Series("validation_loss", network.History.Select(h => h.ValidationLoss))
           .Series("validation_auc", network.History.Select(h => h.ValidationAuc));

        LogisticScorecard? scorecard = null;
        if (ScorecardFeatures is not null)
        {
            var features = ChooseScorecardFeatures(train);
            var watch = Stopwatch.StartNew();
            scorecard = LogisticScorecard.Fit(train, features);
            evaluations.Add(new ModelEvaluation("scorecard", scorecard.Predict(test), labels, Cutoff, watch.Elapsed));
            log.Param("scorecard_features", string.Join(",", features));
        }
        var fittedTrees = new List<GradientBoosting>();
        foreach (var kind in Trees)
        {
            var watch = Stopwatch.StartNew();
            var trees = GradientBoosting.Fit(train, kind, seed: seed);
            var elapsed = watch.Elapsed;
            fittedTrees.Add(trees);
            string name = kind == BoostedTrees.LightGbm ? "lightgbm" : "fasttree";
            evaluations.Add(new ModelEvaluation(name, trees.Predict(test), labels, Cutoff, elapsed));
            log.Metric($"train_seconds_{name}", elapsed.TotalSeconds);
        }
        foreach (var e in evaluations)
        {
            log.Metric($"test_auc_{e.Model}", e.Auc).Metric($"test_gini_{e.Model}", e.Gini).Metric($"test_ks_{e.Model}", e.Ks);
        }
        return new PredictionResult(this, deep, scorecard, fittedTrees, evaluations, train, test);
    }

    private IReadOnlyList<string> ChooseScorecardFeatures(FeatureMatrix train)
    {
        var inputs = train.FeatureNames.ToHashSet();
        if (ScorecardFeatures is { Count: > 0 })
        {
            var missing = ScorecardFeatures.Where(f => !inputs.Contains(f)).ToArray();
            if (missing.Length > 0)
                throw new ArgumentException($"Scorecard feature(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} are not model inputs after the recipe (inputs: {string.Join(", ", inputs)}).", nameof(ScorecardFeatures));
            return ScorecardFeatures;
        }
        var classic = Prediction.ClassicScorecardFeatures.Where(inputs.Contains).ToArray();
        if (classic.Length > 0) return classic;
        // Someone else's data: a short list of the five numeric inputs that rank the label best on their own.
        var labels = train.Label!.Select(v => (int)v).ToArray();
        int p = train.NumericColumns.Count;
        return Enumerable.Range(0, p)
            .Select(j => (Name: train.NumericColumns[j], Strength: Math.Abs(BinaryMetrics.Auc(Enumerable.Range(0, train.Rows).Select(r => (double)train.Numeric[r * p + j]).ToArray(), labels) - 0.5)))
            .OrderByDescending(x => x.Strength).Take(5).Select(x => x.Name).ToArray();
    }
}
