using System.Globalization;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Training and test rows with the recipe fitted on the training rows only and applied to both, so nothing learned
/// (medians, scales, vocabularies) has seen a test row.
/// </summary>
public sealed class TrainTestSplit
{
    private TrainTestSplit(FittedRecipe recipe, DataFrame rawTrain, DataFrame rawTest, IReadOnlyList<int> trainRows, IReadOnlyList<int> testRows, string? stratifiedBy, string? groupedBy, int[]? trainGroups, int seed)
    {
        GroupedBy = groupedBy;
        TrainGroups = trainGroups;
        Recipe = recipe;
        RawTrain = rawTrain;
        RawTest = rawTest;
        TrainRows = trainRows;
        TestRows = testRows;
        StratifiedBy = stratifiedBy;
        Seed = seed;
        Train = recipe.Apply(rawTrain);
        Test = recipe.Apply(rawTest);
    }

    /// <summary>The recipe fitted on the training rows.</summary>
    public FittedRecipe Recipe { get; }
    /// <summary>The training rows after the recipe.</summary>
    public DataFrame Train { get; }
    /// <summary>The test rows after the recipe (as fitted on training rows).</summary>
    public DataFrame Test { get; }
    /// <summary>The training rows as they were.</summary>
    public DataFrame RawTrain { get; }
    /// <summary>The test rows as they were.</summary>
    public DataFrame RawTest { get; }
    /// <summary>Indices of the training rows in the original frame, ascending.</summary>
    public IReadOnlyList<int> TrainRows { get; }
    /// <summary>Indices of the test rows in the original frame, ascending.</summary>
    public IReadOnlyList<int> TestRows { get; }
    /// <summary>The column whose shares the split keeps, if any.</summary>
    public string? StratifiedBy { get; }
    /// <summary>The column whose values the split kept whole (one customer's rows all in train or all in test), if any.</summary>
    public string? GroupedBy { get; }
    /// <summary>The seed the rows were shuffled with.</summary>
    public int Seed { get; }

    /// <summary>Network inputs for the training rows (the recipe's label; text labels need <paramref name="positiveLabel"/>).</summary>
    public FeatureMatrix TrainFeatures(string? positiveLabel = null) => Recipe.ToFeatures(RawTrain, positiveLabel: positiveLabel);

    /// <summary>Network inputs for the test rows.</summary>
    public FeatureMatrix TestFeatures(string? positiveLabel = null) => Recipe.ToFeatures(RawTest, positiveLabel: positiveLabel);

    internal static TrainTestSplit Create(Recipe recipe, DataFrame data, double testShare, string? stratifyBy, int seed, string? groupBy = null)
    {
        if (!(testShare > 0 && testShare < 1))
            throw new ArgumentOutOfRangeException(nameof(testShare), testShare, "testShare must be between 0 and 1 (for example 0.2 for 20% test rows).");
        int n = checked((int)data.Rows.Count);
        if (n < 2) throw new ArgumentException($"Cannot split {n} row(s) into training and test rows.", nameof(data));
        var rng = new Random(seed);
        var test = new List<int>();
        if (groupBy is not null) test = GroupedTestRows(data, groupBy, stratifyBy, testShare, rng);
        else if (stratifyBy is not null)
        {
            var keys = FrameOps.Keys(FrameOps.Column(data, stratifyBy, "SplitTrainTest stratifyBy"));
            // Groups in ordinal key order, each shuffled with the same seeded generator: same data and seed, same split.
            foreach (var group in Enumerable.Range(0, n).GroupBy(i => keys[i] ?? "\0missing").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var rows = group.ToArray();
                rng.Shuffle(rows);
                test.AddRange(rows.Take((int)Math.Round(rows.Length * testShare, MidpointRounding.AwayFromZero)));
            }
        }
        else
        {
            var rows = Enumerable.Range(0, n).ToArray();
            rng.Shuffle(rows);
            test.AddRange(rows.Take(Math.Max(1, (int)Math.Round(n * testShare, MidpointRounding.AwayFromZero))));
        }
        var testSet = test.ToHashSet();
        var testRows = test.Order().ToArray();
        var trainRows = Enumerable.Range(0, n).Where(i => !testSet.Contains(i)).ToArray();
        if (trainRows.Length == 0 || testRows.Length == 0)
            throw new ArgumentException($"testShare {testShare} leaves no {(trainRows.Length == 0 ? "training" : "test")} rows out of {n}.", nameof(testShare));
        var rawTrain = FrameOps.Take(data, trainRows);
        var rawTest = FrameOps.Take(data, testRows);
        // With groupBy, steps that judge a column on held-out training rows (many-valued categories) hold out whole customers too.
        var trainGroups = groupBy is null ? null : GroupedHoldout.Number(FrameOps.Keys(rawTrain[groupBy]));
        return new TrainTestSplit(recipe.Fit(rawTrain, trainGroups), rawTrain, rawTest, trainRows, testRows, stratifyBy, groupBy, trainGroups, seed);
    }

    /// <summary>
    /// Test rows taken a whole group at a time: rows sharing a value of <paramref name="groupBy"/> go to the same part, so
    /// the test measures customers the model has not seen (<see cref="GroupedHoldout"/>). A row with no value is a group of its own.
    /// </summary>
    private static List<int> GroupedTestRows(DataFrame data, string groupBy, string? stratifyBy, double testShare, Random rng)
    {
        if (groupBy == stratifyBy)
            throw new ArgumentException($"groupBy '{groupBy}' is the column the split is stratified by: kept whole, each of its values would sit in one part only. Name the column that identifies a customer (or account).", nameof(groupBy));
        var groups = GroupedHoldout.Number(FrameOps.Keys(FrameOps.Column(data, groupBy, "SplitTrainTest groupBy")));
        if (groups.Distinct().Count() < 2)
            throw new ArgumentException($"groupBy '{groupBy}' holds one value in every row: kept whole, all rows would be in one part.", nameof(groupBy));
        var classes = stratifyBy is null ? new string[groups.Length] : FrameOps.Keys(FrameOps.Column(data, stratifyBy, "SplitTrainTest stratifyBy"));
        return GroupedHoldout.Take(groups, classes.Select(c => c ?? "\0missing").ToArray(), testShare, rng);
    }

    /// <summary>Each training row's group (<see cref="GroupedBy"/>), for holdouts taken from the training rows; null when the split was by rows.</summary>
    internal int[]? TrainGroups { get; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{TrainRows.Count:N0} training rows, {TestRows.Count:N0} test rows{(StratifiedBy is null ? "" : $", stratified by {StratifiedBy}")}{(GroupedBy is null ? "" : $", rows of one {GroupedBy} in one part only")}, seed {Seed}");

}
