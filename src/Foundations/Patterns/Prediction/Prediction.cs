using System.Diagnostics;
using Foundations.Data;
using Foundations.Experiments;
using Foundations.Training;

namespace Foundations.Patterns;

/// <summary>
/// The Prediction pattern: who will churn (or default)? A deep model on every feature beside the bank's scorecard
/// and gradient-boosted trees, compared on the same test split. <c>Of</c> → <see cref="PredictionSetup"/> (settings) →
/// <c>Train()</c> → <see cref="PredictionResult"/>, holding one <see cref="TrainedPrediction"/> per model chosen:
/// <c>Prediction.Of(split, target: "churned_next_90d").WithDeepModel(hidden: [128, 64]).WithScorecard().WithLightGbm().Train()</c>
/// </summary>
public static class Prediction
{
    /// <summary>Starts a prediction of <paramref name="target"/> on a split whose recipe was fitted on its training part.</summary>
    public static PredictionSetup Of(TrainTestSplit split, string target, string? positiveLabel = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (split.RawTrain.Columns.IndexOf(target) < 0)
            throw new ArgumentException($"Target '{target}' is not a column of the data (columns: {string.Join(", ", split.RawTrain.Columns.Select(c => c.Name))}).", nameof(target));
        return new PredictionSetup(split, target, positiveLabel);
    }

    /// <summary>
    /// Starts a prediction of the outcome <paramref name="outcomes"/> read, on a split of its rows: the models keep what an
    /// outcome is (every value named for yes and for no), so monitoring later counts a loan still running as no outcome
    /// yet and a second value for yes or no as what it means.
    /// </summary>
    public static PredictionSetup Of(TrainTestSplit split, KnownOutcomes outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return Of(split, outcomes.Target, outcomes.PositiveLabel) with { PositiveLabels = outcomes.PositiveLabels, NegativeLabels = outcomes.NegativeLabels };
    }
}

/// <summary>What to train and how: settings only (nothing learned), each With* returns a new setup. <see cref="Train"/> learns.</summary>
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
    /// <summary>Every value named for the event, <see cref="PositiveLabel"/> first (from <see cref="KnownOutcomes"/>; empty: the positive label alone).</summary>
    public IReadOnlyList<string> PositiveLabels { get; internal init; } = Array.Empty<string>();
    /// <summary>The values named for "no event" (from <see cref="KnownOutcomes"/>; empty: a text label's other values in the rows).</summary>
    public IReadOnlyList<string> NegativeLabels { get; internal init; } = Array.Empty<string>();
    public TrainingSettings? Deep { get; init; }
    /// <summary>The points scorecard's settings, when one is asked for.</summary>
    public ScorecardSettings? Scorecard { get; init; }
    /// <summary>Whether a plain logistic regression on all the recipe's features is trained as a baseline.</summary>
    public bool Logistic { get; init; }
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

    /// <summary>Adds the bank's points scorecard (binned, WoE-coded characteristics), built on the raw columns <paramref name="characteristics"/> (default: every input but identifiers).</summary>
    public PredictionSetup WithScorecard(params string[] characteristics) => this with { Scorecard = new ScorecardSettings { Characteristics = characteristics } };

    /// <summary>Adds the bank's points scorecard built with <paramref name="settings"/> (points to double the odds, base score, bins, selection).</summary>
    public PredictionSetup WithScorecard(ScorecardSettings settings) => this with { Scorecard = settings ?? throw new ArgumentNullException(nameof(settings)) };

    /// <summary>Adds a plain logistic regression on all the recipe's features: the baseline every other model must beat.</summary>
    public PredictionSetup WithLogisticRegression() => this with { Logistic = true };

    /// <summary>Adds ML.NET LightGBM on the same inputs as the deep model.</summary>
    public PredictionSetup WithLightGbm() => this with { Trees = Trees.Append(BoostedTrees.LightGbm).Distinct().ToArray() };

    /// <summary>Adds ML.NET FastTree on the same inputs as the deep model.</summary>
    public PredictionSetup WithFastTree() => this with { Trees = Trees.Append(BoostedTrees.FastTree).Distinct().ToArray() };

    /// <summary>Sets the cut-off for accuracy, precision, recall and the confusion matrix.</summary>
    public PredictionSetup WithCutoff(double cutoff) =>
        cutoff is > 0 and < 1 ? this with { Cutoff = cutoff } : throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "The cut-off is a probability between 0 and 1.");

    /// <summary>Sets the seed for this prediction (default: <see cref="Kit.Seed"/>).</summary>
    public PredictionSetup WithSeed(int seed) => this with { Seed = seed };

    /// <summary>
    /// Trains every model chosen (the deep model alone when none was), evaluates them on the test split and logs the
    /// metrics to the experiment log. The seed is read now: <see cref="WithSeed"/>, else <see cref="Kit.Seed"/>.
    /// </summary>
    public PredictionResult Train()
    {
        int seed = Seed ?? Kit.Seed;
        // The one-line happy path (Prediction.Of(split, target).Train()) trains the deep model; otherwise only what was chosen.
        bool noneChosen = Deep is null && Scorecard is null && !Logistic && Trees.Count == 0;
        var deepSettings = Deep ?? (noneChosen ? new TrainingSettings() : null);
        var train = Split.Recipe.ToFeatures(Split.RawTrain, Target, PositiveLabel).WithGroups(Split.TrainGroups);
        // Every column left out (identifiers, text, constants): no model could learn, and each would fail its own way.
        if (train.NumericColumns.Count + train.CategoricalColumns.Count == 0)
            throw new ArgumentException($"No input is left to predict '{Target}' from: the recipe leaves out every column. {string.Join("; ", Split.Recipe.Steps.Select(s => s.Describe()))}. Check the columns' types in the load report, and idColumns and excludeColumns.");
        var test = Split.Recipe.ToFeatures(Split.RawTest, Target, PositiveLabel);
        var labels = test.Label!.Select(v => (int)v).ToArray();
        // Every model is judged by its AUC on the test rows and compared with the others by DeLong's test, which needs two
        // events and two non-events there; a split without them would train for minutes and then fail. Say so first.
        int testEvents = labels.Sum(), trainEvents = train.Label!.Count(v => v == 1);
        if (trainEvents < 2 || train.Rows - trainEvents < 2)
            throw new ArgumentException($"The training rows hold {trainEvents} event(s) and {train.Rows - trainEvents} non-event(s) of '{Target}': too few to learn from. Use a file with more rows of the rarer class.");
        if (testEvents < 2 || labels.Length - testEvents < 2)
            throw new ArgumentException($"The test rows hold {testEvents} event(s) and {labels.Length - testEvents} non-event(s) of '{Target}': too few to measure a model's AUC or to compare models (DeLong's test needs at least 2 of each, and a reliable measure many more). Use a file with more rows of the rarer class, or a larger test share (SplitTrainTest(0.3, ...)).");
        // The values that mean "no event", named or else a text label's other values; monitoring tells them from outcomes not known yet.
        IReadOnlyList<string> negatives = PositiveLabel is null ? Array.Empty<string>()
            : NegativeLabels.Count > 0 ? NegativeLabels
            : new[] { Split.RawTrain, Split.RawTest }.Select(f => f.Columns[Target]).OfType<Microsoft.Data.Analysis.StringDataFrameColumn>()
                .SelectMany(c => c).OfType<string>().Where(v => v != PositiveLabel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var evaluations = new List<ModelEvaluation>();
        var models = new List<TrainedPrediction>();
        var log = Run.Current;
        log.Param("target", Target).Param("seed", seed)
           .Param("train_rows", train.Rows).Param("test_rows", test.Rows).Param("features", train.NumericColumns.Count + train.CategoricalColumns.Count);

        if (deepSettings is not null)
        {
            deepSettings = deepSettings with { Seed = seed };
            log.Param("hidden", string.Join(",", deepSettings.Hidden)).Param("epochs", deepSettings.Epochs)
               .Param("batch_size", deepSettings.BatchSize).Param("learning_rate", deepSettings.LearningRate);
            var network = Trainer.Fit(train, deepSettings, $"Training the deep model ({Target})");
            models.Add(new TrainedPrediction(Split.Recipe, network, Target, PositiveLabel).WithOutcomeLabels(PositiveLabels, negatives));
            evaluations.Add(new ModelEvaluation(TrainedPrediction.DeepName, network.Predict(test), labels, Cutoff, network.TrainingTime));
            log.Metric("train_seconds_deep", network.TrainingTime.TotalSeconds);
            // The learning curve, one value per epoch, so runs can be compared epoch by epoch in the run store.
            log.Series("train_loss", network.History.Select(h => h.TrainLoss)).Series("validation_loss", network.History.Select(h => h.ValidationLoss))
               .Series("validation_auc", network.History.Select(h => h.ValidationAuc));
        }

        if (Scorecard is not null)
        {
            var watch = Stopwatch.StartNew();
            // The scorecard bins the raw columns the recipe reads (not the ones it was told to drop), from the same training
            // rows. They are named to it, so it considers every one the other models read: left to itself it would also
            // leave out what looks like personal data (a postcode, a date of birth), and the comparison would be unequal.
            var raw = Split.RawTrain;
            var names = Split.Recipe.Inputs.Where(i => raw.Columns.IndexOf(i.Name) >= 0 && i.Name != Target).Select(i => i.Name).ToArray();
            var inputs = new Microsoft.Data.Analysis.DataFrame(names.Select(n => raw.Columns[n]).ToList());
            var binnable = names.Where(n => FrameOps.Family(raw.Columns[n]) is "number" or "date-time" or "text" or "boolean").ToArray();
            var settings = Scorecard.Characteristics.Count > 0 || binnable.Length == 0 ? Scorecard : Scorecard with { Characteristics = binnable };
            // With groupBy its cross-validation and held-out checks hold out whole customers, as the split did.
            var scorecard = Training.Scorecard.Fit(inputs, train.Label!.Select(v => (int)v).ToArray(), Target, settings, Split.TrainGroups);
            models.Add(new TrainedPrediction(Split.Recipe, scorecard, Target, PositiveLabel).WithOutcomeLabels(PositiveLabels, negatives));
            evaluations.Add(new ModelEvaluation(TrainedPrediction.ScorecardName, scorecard.Predict(Split.RawTest), labels, Cutoff, watch.Elapsed));
            log.Param("scorecard_characteristics", string.Join(",", scorecard.Selected.Select(c => c.Name)));
        }
        if (Logistic)
        {
            var watch = Stopwatch.StartNew();
            var logistic = LogisticRegression.Fit(train);
            models.Add(new TrainedPrediction(Split.Recipe, logistic, Target, PositiveLabel).WithOutcomeLabels(PositiveLabels, negatives));
            evaluations.Add(new ModelEvaluation(TrainedPrediction.LogisticName, logistic.Predict(test), labels, Cutoff, watch.Elapsed));
        }
        foreach (var kind in Trees)
        {
            var watch = Stopwatch.StartNew();
            var trees = GradientBoosting.Fit(train, kind, seed: seed);
            var elapsed = watch.Elapsed;
            var model = new TrainedPrediction(Split.Recipe, trees, Target, PositiveLabel).WithOutcomeLabels(PositiveLabels, negatives);
            models.Add(model);
            evaluations.Add(new ModelEvaluation(model.Name, trees.Predict(test), labels, Cutoff, elapsed));
            log.Metric($"train_seconds_{model.Name}", elapsed.TotalSeconds);
        }
        foreach (var e in evaluations)
        {
            log.Metric($"test_auc_{e.Model}", e.Auc).Metric($"test_gini_{e.Model}", e.Gini).Metric($"test_ks_{e.Model}", e.Ks);
        }
        var result = new PredictionResult(this, seed, models, evaluations, train, test);
        // DeLong's test of the deep model against each other model on the same test customers.
        if (deepSettings is not null)
            foreach (var c in result.Comparison.Against)
                log.Metric($"auc_diff_deep_{c.Baseline}", c.Difference).Metric($"auc_diff_deep_{c.Baseline}_p", c.PValue);
        return result;
    }
}
