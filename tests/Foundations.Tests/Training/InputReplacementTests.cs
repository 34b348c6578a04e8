using Foundations.Data;
using Foundations.Training;

namespace Foundations.Tests.Training;

/// <summary>
/// Replacing one input through the first layer's product (occlusion reasons, permutation importance, partial
/// dependence) must give what a whole forward pass on the changed rows gives: it only skips the work the unchanged
/// inputs would repeat.
/// </summary>
public class InputReplacementTests
{
    private static readonly TrainingSettings Quick = new() { Hidden = new[] { 16, 16 }, Epochs = 3, BatchSize = 128, Seed = 9 };

    private static FeatureMatrix WithInput(FeatureMatrix data, int input, Func<int, int> sourceRow, bool average)
    {
        int p = data.NumericColumns.Count, c = data.CategoricalColumns.Count;
        var numeric = data.CopyNumeric();
        var categorical = data.CopyCategorical();
        for (int r = 0; r < data.Rows; r++)
        {
            if (input < p) numeric[r * p + input] = average ? 0f : data.Numeric[sourceRow(r) * p + input];
            else categorical[r * c + input - p] = average ? 0 : data.Categorical[sourceRow(r) * c + input - p];
        }
        return new FeatureMatrix(data.Rows, data.NumericColumns, numeric, data.CategoricalColumns, categorical);
    }

    [Theory]
    [InlineData(null)] // one block
    [InlineData(64)]   // five blocks, the last one short, and shuffled rows drawn from other blocks
    public void Occluding_or_shuffling_an_input_gives_the_probabilities_of_a_whole_forward_pass(int? blockRows)
    {
        var data = SyntheticFeatures.Make(500, seed: 31);
        using var trained = Trainer.Fit(data, Quick);
        var rows = SyntheticFeatures.Make(300, seed: 32);
        using var replacement = trained.ReplaceInputs(rows, blockRows);
        Assert.Equal(trained.Predict(rows), replacement.Unchanged(), (a, b) => Math.Abs(a - b) < 1e-5);
        var order = Enumerable.Range(0, rows.Rows).Reverse().ToArray();
        int inputs = rows.NumericColumns.Count + rows.CategoricalColumns.Count;
        Assert.Equal(4, inputs); // three numbers and a category: both kinds of columns are replaced
        for (int j = 0; j < inputs; j++)
        {
            var occluded = trained.Predict(WithInput(rows, j, r => r, average: true));
            var shuffled = trained.Predict(WithInput(rows, j, r => order[r], average: false));
            Assert.Equal(occluded, replacement.Occluded(j), (a, b) => Math.Abs(a - b) < 1e-5);
            Assert.Equal(shuffled, replacement.Permuted(j, order), (a, b) => Math.Abs(a - b) < 1e-5);
            // Not trivially equal to the unchanged rows: the input matters to the model.
            if (j == 0) Assert.True(occluded.Zip(replacement.Unchanged()).Max(x => Math.Abs(x.First - x.Second)) > 1e-3);
        }
        // A partial dependence point: a number fixed at one value (1.5 standard units) in every row.
        int p = rows.NumericColumns.Count;
        for (int j = 0; j < p; j++)
        {
            var numeric = rows.CopyNumeric();
            for (int r = 0; r < rows.Rows; r++) numeric[r * p + j] = 1.5f;
            var fixedRows = new FeatureMatrix(rows.Rows, rows.NumericColumns, numeric, rows.CategoricalColumns, rows.CopyCategorical());
            Assert.Equal(trained.Predict(fixedRows), replacement.Fixed(j, 1.5f), (a, b) => Math.Abs(a - b) < 1e-5);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => replacement.Fixed(p, 0f)); // the category is not a number
    }

    [Fact]
    public void Replacing_an_input_of_any_scoring_function_matches_a_changed_copy_and_leaves_the_rows_as_they_were()
    {
        var rows = SyntheticFeatures.Make(200, seed: 33);
        int p = rows.NumericColumns.Count, c = rows.CategoricalColumns.Count;
        // A model that is only a function: a weighted sum of every number and code, so any misplaced value shows.
        double[] Score(FeatureMatrix m) => Enumerable.Range(0, m.Rows).Select(r =>
            Enumerable.Range(0, p).Sum(j => (j + 1) * m.Numeric[r * p + j]) + Enumerable.Range(0, c).Sum(j => 10.0 * (j + 1) * m.Categorical[r * c + j])).ToArray();
        var (numbersBefore, codesBefore) = (rows.CopyNumeric(), rows.CopyCategorical());
        var replacement = new MatrixInputReplacement(Score, rows);
        var order = Enumerable.Range(0, rows.Rows).Reverse().ToArray();
        for (int j = 0; j < p + c; j++)
        {
            Assert.Equal(Score(WithInput(rows, j, r => r, average: true)), replacement.Occluded(j));
            Assert.Equal(Score(WithInput(rows, j, r => order[r], average: false)), replacement.Permuted(j, order));
        }
        var numeric = rows.CopyNumeric();
        for (int r = 0; r < rows.Rows; r++) numeric[r * p] = 1.5f;
        Assert.Equal(Score(new FeatureMatrix(rows.Rows, rows.NumericColumns, numeric, rows.CategoricalColumns, rows.CopyCategorical())), replacement.Fixed(0, 1.5f));
        Assert.Equal(Score(rows), replacement.Unchanged());
        Assert.Equal(numbersBefore, rows.CopyNumeric());
        Assert.Equal(codesBefore, rows.CopyCategorical());
    }
}
