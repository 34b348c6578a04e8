using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// A preparation recipe as written: an immutable list of steps and the label, optionally with the frame it will be
/// fitted on. Every method returns a new recipe. <see cref="Fit()"/> learns on training rows only and gives the
/// <see cref="FittedRecipe"/>, the only thing that can be applied, saved or loaded.
/// </summary>
public sealed class Recipe
{
    private Recipe(DataFrame? data, IReadOnlyList<RecipeStep> steps, string? label)
    {
        Data = data;
        Steps = steps;
        LabelColumn = label;
    }

    internal static Recipe Start(DataFrame? data) => new(data, Array.Empty<RecipeStep>(), null);

    /// <summary>The frame this recipe was started from (with <see cref="Wrangle.From"/>), if any.</summary>
    public DataFrame? Data { get; }

    /// <summary>The steps, in the order they run.</summary>
    public IReadOnlyList<RecipeStep> Steps { get; }

    /// <summary>The label column: passed through untouched and left out of every "all columns" choice.</summary>
    public string? LabelColumn { get; }

    private Recipe With(RecipeStep step) => new(Data, Steps.Append(step).ToArray(), LabelColumn);

    /// <summary>Names the label column (steps never change it; <see cref="Standardize"/> with no columns skips it).</summary>
    public Recipe Label(string column)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return new Recipe(Data, Steps, column);
    }

    /// <summary>Drops columns that are not features, such as identifiers and names.</summary>
    public Recipe Drop(params string[] columns) => With(new DropStep(Check(columns, nameof(Drop))));

    /// <summary>Drops <paramref name="columns"/>, with the reason shown in the recipe (for a choice the kit made, not the user).</summary>
    internal Recipe DropBecause(string reason, params string[] columns) => With(new DropStep(Check(columns, nameof(Drop))) { Reason = reason });

    /// <summary>
    /// Reads <paramref name="codes"/> in number column <paramref name="column"/> as missing (98 for "not applicable",
    /// 365243 for "not employed"), with a 0/1 column <c>{column}_is_code</c> saying where one was; impute the column after.
    /// </summary>
    public Recipe ReadAsMissing(string column, params double[] codes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        if (codes is null || codes.Length == 0) throw new ArgumentException("ReadAsMissing needs at least one code value.", nameof(codes));
        return With(new CodeAsMissingStep(column, codes));
    }

    /// <summary><see cref="ReadAsMissing"/> with the reason shown in the recipe (for a choice the kit made).</summary>
    internal Recipe ReadAsMissingBecause(string reason, string column, params double[] codes) => With(new CodeAsMissingStep(column, codes) { Reason = reason });

    /// <summary>
    /// Reads the values of number column <paramref name="column"/> below <paramref name="lowest"/> or above
    /// <paramref name="highest"/> as missing: entry errors such as an applicant aged 144 (impute the column after). The
    /// range is saved with the recipe, so later data is read the same way. For a range open on one side give
    /// <see cref="double.NegativeInfinity"/> or <see cref="double.PositiveInfinity"/> (saved as the largest finite value).
    /// </summary>
    public Recipe ReadAsMissingOutside(string column, double lowest, double highest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        if (!(lowest <= highest))
            throw new ArgumentException($"ReadAsMissingOutside: the lowest possible value ({lowest}) must not be above the highest ({highest}).", nameof(lowest));
        // JSON has no infinity; the largest finite values keep every finite value inside, as an open side does.
        return With(new OutsideAsMissingStep(column, Math.Max(lowest, double.MinValue), Math.Min(highest, double.MaxValue)));
    }

    /// <summary><see cref="ReadAsMissingOutside"/> with the reason shown in the recipe (for a choice the kit made).</summary>
    internal Recipe ReadAsMissingOutsideBecause(string reason, string column, double lowest, double highest) =>
        With(new OutsideAsMissingStep(column, lowest, highest) { Reason = reason });

    /// <summary>Reads date column <paramref name="column"/> as a number, the date as a decimal year (2011-07-02 → 2011.50); impute the column after if dates are missing.</summary>
    public Recipe ReadAsYears(string column)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return With(new DateAsYearsStep(column));
    }

    /// <summary><see cref="ReadAsYears"/> with the reason shown in the recipe (for a choice the kit made).</summary>
    internal Recipe ReadAsYearsBecause(string reason, string column) => With(new DateAsYearsStep(column) { Reason = reason });

    /// <summary>
    /// Fills missing values of <paramref name="column"/> with a statistic learned on the training rows. With
    /// <paramref name="flagMissing"/> (numbers only) a 0/1 column <c>{column}_missing</c> keeps where the gaps were, as
    /// fastai's FillMissing and scikit-learn's add_indicator do: a gap that follows the outcome stays visible to a model.
    /// </summary>
    public Recipe Impute(string column, Impute strategy, bool flagMissing = false) => With(new ImputeStep(column, strategy, null, null) { FlagMissing = flagMissing });

    /// <summary>Fills missing values of a numeric <paramref name="column"/> with <paramref name="constant"/>.</summary>
    public Recipe Impute(string column, double constant) => With(new ImputeStep(column, null, constant, null));

    /// <summary>Fills missing values of a text <paramref name="column"/> with <paramref name="constant"/> (such as "unknown").</summary>
    public Recipe Impute(string column, string constant) => With(new ImputeStep(column, null, null, constant));

    /// <summary>Category codes for embeddings: 1..K by training frequency, 0 for missing or unseen values.</summary>
    public Recipe Categorize(params string[] columns) => With(new CategorizeStep(Check(columns, nameof(Categorize)), 1));

    /// <summary>Category codes, with values seen fewer than <paramref name="minCount"/> times in training sharing code 0.</summary>
    public Recipe Categorize(IEnumerable<string> columns, int minCount) => With(new CategorizeStep(Check(columns.ToArray(), nameof(Categorize)), minCount));

    /// <summary>
    /// Category codes, as <see cref="Categorize(IEnumerable{string}, int)"/>, but a column with more than
    /// <see cref="CategorySignal.ManyCategories"/> values is left out (the recipe says why) unless its categories,
    /// learned on half of the training customers, predict the yes/no label of the other half. With a label that is not
    /// yes/no, or none, every column is kept.
    /// </summary>
    public Recipe CategorizeIfPredictive(IEnumerable<string> columns, int minCount = 1) =>
        With(new CategorizeStep(Check(columns.ToArray(), nameof(CategorizeIfPredictive)), minCount) { LeaveOutUnlessPredictive = true });

    /// <summary>0/1 indicator columns "column=value" per training value; unseen values give all zeros.</summary>
    public Recipe OneHot(params string[] columns) => With(new OneHotStep(Check(columns, nameof(OneHot)), 50));

    /// <summary>Centres and scales the named numeric columns with training statistics; with none named, every numeric feature.</summary>
    public Recipe Standardize(params string[] columns) => With(new StandardizeStep(columns));

    /// <summary>Adds a column computed by a formula such as "checking_balance / income" (see <see cref="Formula"/>).</summary>
    public Recipe Derive(string column, string formula)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return With(new DeriveStep(column, Formula.Parse(formula)));
    }

    /// <summary>Fits the recipe on the frame it was started from (all rows are training rows).</summary>
    public FittedRecipe Fit() => Fit(Data ?? throw new InvalidOperationException("This recipe has no data: use Fit(frame), or start it with Wrangle.From(frame)."));

    /// <summary>Fits every step on <paramref name="train"/>, in order; what is learned comes from these rows only.</summary>
    public FittedRecipe Fit(DataFrame train) => FittedRecipe.Fit(this, train);

    /// <summary>Fits every step on <paramref name="train"/>, whose rows belong to the customers numbered in <paramref name="groups"/>.</summary>
    internal FittedRecipe Fit(DataFrame train, int[]? groups) => FittedRecipe.Fit(this, train, groups);

    /// <summary>
    /// Splits the data into training and test rows (stratified by <paramref name="stratifyBy"/> when given, which also
    /// becomes the label if none was named), fits the recipe on the training rows only and applies it to both. With
    /// <paramref name="groupBy"/> (a customer or account column of a file with several rows each) rows sharing a value
    /// stay in one part, so the test measures customers the model has not seen.
    /// </summary>
    public TrainTestSplit SplitTrainTest(double testShare, string? stratifyBy = null, int? seed = null, string? groupBy = null)
    {
        var data = Data ?? throw new InvalidOperationException("This recipe has no data to split: start it with Wrangle.From(frame).");
        var recipe = LabelColumn is null && stratifyBy is not null ? Label(stratifyBy) : this;
        return TrainTestSplit.Create(recipe, data, testShare, stratifyBy, seed ?? Kit.Seed, groupBy);
    }

    private static string[] Check(string[] columns, string step)
    {
        if (columns is null || columns.Length == 0) throw new ArgumentException($"{step} needs at least one column name.", nameof(columns));
        foreach (var c in columns) ArgumentException.ThrowIfNullOrWhiteSpace(c, nameof(columns));
        return columns;
    }

    /// <summary>The steps as a numbered list.</summary>
    public override string ToString() =>
        string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i + 1}. {s}")) + (LabelColumn is null ? "" : $"{Environment.NewLine}label: {LabelColumn}");

}
