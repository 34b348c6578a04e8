using Foundations.Data;
using Foundations.Training;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

/// <summary>
/// With several rows per customer, a check that learns on some training rows and measures on others must keep each
/// customer's rows on one side. Split by rows, a value written once per customer (an income typed as text,
/// "34847.84_") is judged on the same customers' other months and passes by recalling their outcomes; with groupBy the
/// recipe's check of many-valued categories, the scorecard's held-out information value and its cross-validation hold
/// out whole customers, as the test split does.
/// </summary>
public class HeldOutByCustomerTests
{
    // Customers over six months: the outcome follows age; the income is text, one value per customer, and says nothing
    // a customer's age does not (it is drawn at random), so only memory of a customer's outcome can make it look useful.
    private static DataFrame Months(int customers = 600, int months = 6, int seed = 11)
    {
        var random = new Random(seed);
        var id = new List<string?>(); var age = new List<int?>(); var income = new List<string?>(); var spend = new List<double?>(); var poor = new List<string?>();
        for (int c = 0; c < customers; c++)
        {
            int a = 20 + random.Next(50);
            string inc = $"{20000 + 60000 * random.NextDouble():0.00}_";
            string label = random.NextDouble() < 1 / (1 + Math.Exp(0.06 * (a - 40))) ? "Poor" : "Good";
            for (int m = 0; m < months; m++)
            {
                id.Add($"CUS_{c:D4}"); age.Add(a); income.Add(inc); spend.Add(Math.Round(1000 * random.NextDouble(), 2)); poor.Add(label);
            }
        }
        return new DataFrame(new StringDataFrameColumn("customer_id", id), new Int32DataFrameColumn("age", age),
            new StringDataFrameColumn("annual_income", income), new DoubleDataFrameColumn("spend", spend), new StringDataFrameColumn("credit_score", poor));
    }

    private static IReadOnlyList<string> CategoryColumns(TrainTestSplit split) => split.Recipe.Steps.OfType<FittedCategorize>().SelectMany(s => s.Columns).ToArray();
    private static IReadOnlyList<LeftOutColumn> LeftOut(TrainTestSplit split) => split.Recipe.Steps.OfType<FittedCategorize>().SelectMany(s => s.LeftOut).ToArray();

    [Fact]
    public void Recipe_leaves_out_a_per_customer_category_when_the_split_keeps_customers_whole()
    {
        var recipe = Wrangle.From(Months()).PrepareFor("credit_score", "customer_id");

        var byCustomer = recipe.SplitTrainTest(0.2, stratifyBy: "credit_score", seed: 4, groupBy: "customer_id");
        var byRow = recipe.SplitTrainTest(0.2, stratifyBy: "credit_score", seed: 4);

        Assert.DoesNotContain("annual_income", CategoryColumns(byCustomer));
        Assert.Contains(LeftOut(byCustomer), l => l.Column == "annual_income" && l.Reason.Contains("a model would learn noise"));
        // What groupBy prevents: by rows the same column passes, every test of it made on months of customers it has seen.
        Assert.Contains("annual_income", CategoryColumns(byRow));
    }

    [Fact]
    public void Held_out_signal_with_customers_counts_a_customers_rows_in_one_half_only()
    {
        var frame = Months();
        var keys = FrameOps.Keys(frame["annual_income"]);
        var events = FrameOps.Keys(frame["credit_score"]).Select(k => k == "Poor").ToArray();
        var customers = GroupedHoldout.Number(FrameOps.Keys(frame["customer_id"]));

        var half = CategorySignal.Halves(keys.Length, customers);
        Assert.All(Enumerable.Range(0, keys.Length).GroupBy(r => customers[r]), rows => Assert.Single(rows.Select(r => half[r]).Distinct()));
        Assert.InRange(half.Count(h => h == 0), 0.4 * keys.Length, 0.6 * keys.Length);

        Assert.False(CategorySignal.HeldOut(keys, events, groups: customers).Predicts);
        Assert.True(CategorySignal.HeldOut(keys, events).Predicts);
    }

    [Fact]
    public void Scorecard_with_groupBy_leaves_out_a_per_customer_category_and_never_bins_the_customer_column()
    {
        var frame = Months();

        var byCustomer = Scorecard.Fit(frame, "credit_score", positiveLabel: "Poor", groupBy: "customer_id");
        var byRow = Scorecard.Fit(frame, "credit_score", positiveLabel: "Poor");

        Assert.DoesNotContain(byCustomer.Selected, c => c.Name == "annual_income");
        Assert.Contains("age", byCustomer.Selected.Select(c => c.Name));
        Assert.DoesNotContain(byCustomer.Selected, c => c.Name == "customer_id");
        Assert.Contains(byRow.Selected, c => c.Name == "annual_income");
    }

    [Fact]
    public void Scorecard_folds_deal_whole_customers_evenly_and_keep_the_outcome_shares()
    {
        // Customers of 1 to 12 rows: folds are balanced by rows, not by customers.
        var random = new Random(2);
        var groups = new List<int>(); var y = new List<int>();
        for (int c = 0; c < 400; c++)
        {
            int label = random.NextDouble() < 0.3 ? 1 : 0, rows = 1 + random.Next(12);
            for (int m = 0; m < rows; m++) { groups.Add(c); y.Add(label); }
        }

        var fold = Scorecard.Folds(y.ToArray(), groups.ToArray(), folds: 4);

        Assert.All(Enumerable.Range(0, y.Count).GroupBy(r => groups[r]), rows => Assert.Single(rows.Select(r => fold[r]).Distinct()));
        for (int k = 0; k < 4; k++)
        {
            var members = Enumerable.Range(0, y.Count).Where(r => fold[r] == k).ToArray();
            Assert.InRange(members.Length, 0.2 * y.Count, 0.3 * y.Count);
            Assert.InRange(members.Average(r => y[r]) - y.Average(), -0.05, 0.05);
        }
        Assert.Equal(fold, Scorecard.Folds(y.ToArray(), groups.ToArray(), folds: 4));   // same rows, same folds
    }
}
