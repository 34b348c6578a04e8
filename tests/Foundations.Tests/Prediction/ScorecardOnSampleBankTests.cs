using Foundations.Data;
using Foundations.Training;
using Xunit.Abstractions;

namespace Foundations.Tests.Prediction;

/// <summary>
/// The scorecard on the bundled bank beside a plain logistic regression on all the recipe's columns and the old
/// name-list scorecard, on the benchmark's split (20% test, seed 42). Training is deterministic, so these are fixed
/// figures, not samples. Measured: churn scorecard 0.8431, logistic 0.8319, name list 0.7365; default scorecard
/// 0.9300, logistic 0.9330, name list 0.8995. Issue 18 asks the scorecard to beat the logistic regression: it does on
/// churn; on default it is 0.003 behind on this split (over ten splits −0.0028, 95% interval −0.0075 to +0.0019:
/// no difference either way; bench <c>scorecard_splits</c>), and this test keeps it from falling further.
/// </summary>
[Trait("Speed", "Slow")]
public class ScorecardOnSampleBankTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("churned_next_90d", "defaulted_next_12m", 0.0)]
    [InlineData("defaulted_next_12m", "churned_next_90d", -0.005)]
    public void Scorecard_on_every_characteristic_beats_the_name_list_and_keeps_up_with_a_logistic_regression_on_all_columns(string target, string otherOutcome, double leastLead)
    {
        var (customers, _) = Csv.Load(Path.Combine(RepoPaths.DataSamples, "customers.csv"));
        var split = Wrangle.From(customers).PrepareFor(target, "customer_id", "name", otherOutcome).SplitTrainTest(0.2, stratifyBy: target, seed: 42);
        var train = split.Recipe.ToFeatures(split.RawTrain, target);
        var test = split.Recipe.ToFeatures(split.RawTest, target);
        var labels = test.Label!.Select(v => (int)v).ToArray();
        var raw = new Microsoft.Data.Analysis.DataFrame(split.Recipe.Inputs.Select(i => split.RawTrain.Columns[i.Name]).ToList());

        var card = Scorecard.Fit(raw, train.Label!.Select(v => (int)v).ToArray(), target);
        double scorecard = BinaryMetrics.Auc(card.Predict(split.RawTest), labels);
        double logistic = BinaryMetrics.Auc(LogisticRegression.Fit(train).Predict(test), labels);
        var classic = new[] { "age", "tenure_months", "income", "products_held", "credit_score_band" }.Where(train.FeatureNames.Contains).ToArray();
        double nameList = BinaryMetrics.Auc(LogisticRegression.Fit(train, classic).Predict(test), labels);
        output.WriteLine($"{target}: scorecard {scorecard:0.0000} ({card.Selected.Count} of {card.Characteristics.Count} characteristics), logistic on all {logistic:0.0000}, old name-list scorecard {nameList:0.0000}");
        output.WriteLine(card.ToString());
        output.WriteLine($"adjustment penalty: {card.Adjustment.Penalty?.ToString() ?? "none"}");
        Assert.True(scorecard >= nameList + 0.02, $"scorecard AUC {scorecard:0.0000} vs name list {nameList:0.0000}");
        Assert.True(scorecard - logistic > leastLead, $"scorecard AUC {scorecard:0.0000} vs logistic {logistic:0.0000}");
    }
}
