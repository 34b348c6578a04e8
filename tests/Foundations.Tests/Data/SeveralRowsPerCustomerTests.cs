using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

/// <summary>
/// Files with several rows per customer (a customer's months, a borrower's loans): the split keeps each customer's rows
/// in one part when asked (groupBy), and the readiness check finds the column that says whose row it is.
/// </summary>
public class SeveralRowsPerCustomerTests
{
    // Customers seen over several months: age, income and region belong to the customer, spend changes each month, and
    // the outcome is the customer's. A name column repeats too, but is drawn per row from a short list of common names.
    // namePerCustomer: each customer keeps one name from the short list (a file sorted by customer, as the Kaggle
    // credit-score file is). secondId: a customer's last three months are filed under a second customer_ref.
    private static DataFrame Months(int customers = 300, int months = 6, int seed = 3, bool missingKeys = false, bool withSsn = false, bool namePerCustomer = false, bool secondId = false)
    {
        var random = new Random(seed);
        string[] regions = { "North", "South", "East", "West" };
        string[] names = Enumerable.Range(0, 60).Select(i => $"Name {i}").ToArray();
        var id = new List<string?>(); var name = new List<string?>(); var month = new List<int?>(); var age = new List<int?>();
        var income = new List<double?>(); var region = new List<string?>(); var spend = new List<double?>(); var churned = new List<int?>();
        var ssn = new List<string?>();
        for (int c = 0; c < customers; c++)
        {
            int a = 20 + random.Next(50);
            double inc = Math.Round(20000 + 60000 * random.NextDouble(), 0);
            string reg = regions[random.Next(regions.Length)];
            int label = random.NextDouble() < 1 / (1 + Math.Exp(0.05 * (a - 45))) ? 1 : 0;
            string customerName = names[random.Next(names.Length)];
            for (int m = 1; m <= months; m++)
            {
                id.Add(missingKeys && c % 10 == 0 ? null : secondId && m > 3 ? $"CUS_{customers + c:D4}" : $"CUS_{c:D4}");
                ssn.Add(random.NextDouble() < 0.1 ? "#F%$D@*&8" : $"{100 + c}-55-{1000 + c}");   // a placeholder in a tenth of the rows
                name.Add(namePerCustomer ? customerName : names[random.Next(names.Length)]);
                month.Add(m); age.Add(a); income.Add(inc); region.Add(reg);
                spend.Add(Math.Round(1000 * random.NextDouble(), 2));
                churned.Add(label);
            }
        }
        var frame = new DataFrame(
            new StringDataFrameColumn("customer_ref", id), new StringDataFrameColumn("name", name), new Int32DataFrameColumn("month", month),
            new Int32DataFrameColumn("age", age), new DoubleDataFrameColumn("income", income), new StringDataFrameColumn("region", region),
            new DoubleDataFrameColumn("spend", spend), new Int32DataFrameColumn("churned", churned));
        if (withSsn) frame.Columns.Insert(1, new StringDataFrameColumn("ssn", ssn));
        return frame;
    }

    private static HashSet<string> Customers(DataFrame frame) =>
        Enumerable.Range(0, (int)frame.Rows.Count).Select(r => (string?)frame["customer_ref"][r]).OfType<string>().ToHashSet();

    [Fact]
    public void Grouped_split_keeps_each_customers_rows_in_one_part_with_the_outcome_shares_kept()
    {
        var split = Wrangle.From(Months()).PrepareFor("churned", "customer_ref", "name").SplitTrainTest(0.2, stratifyBy: "churned", seed: 5, groupBy: "customer_ref");

        Assert.Empty(Customers(split.RawTrain).Intersect(Customers(split.RawTest)));
        Assert.Equal(1800, split.TrainRows.Count + split.TestRows.Count);
        Assert.InRange(split.TestRows.Count, 330, 390);   // 20% of 1,800 rows, a whole customer (6 rows) at a time
        double Share(DataFrame f) => Enumerable.Range(0, (int)f.Rows.Count).Average(r => (int)f["churned"][r]!);
        Assert.InRange(Share(split.RawTest) - Share(split.RawTrain), -0.03, 0.03);
        Assert.Equal("customer_ref", split.GroupedBy);
        Assert.Contains("rows of one customer_ref in one part only", split.ToString());
    }

    [Fact]
    public void Split_by_rows_puts_most_customers_in_both_parts()
    {
        // What groupBy prevents: the same customers, split by rows.
        var split = Wrangle.From(Months()).PrepareFor("churned", "customer_ref", "name").SplitTrainTest(0.2, stratifyBy: "churned", seed: 5);

        Assert.True(Customers(split.RawTrain).Intersect(Customers(split.RawTest)).Count() > 150);
        Assert.Null(split.GroupedBy);
    }

    [Fact]
    public void Grouped_split_is_the_same_for_the_same_seed_and_another_for_another_seed()
    {
        var data = Months();
        int[] Test(int seed) => Wrangle.From(data).PrepareFor("churned", "customer_ref", "name").SplitTrainTest(0.2, stratifyBy: "churned", seed: seed, groupBy: "customer_ref").TestRows.ToArray();

        Assert.Equal(Test(11), Test(11));
        Assert.NotEqual(Test(11), Test(12));
    }

    [Fact]
    public void Rows_without_a_customer_are_each_a_group_of_their_own()
    {
        var split = Wrangle.From(Months(missingKeys: true)).PrepareFor("churned", "customer_ref", "name").SplitTrainTest(0.2, seed: 5, groupBy: "customer_ref");

        Assert.Empty(Customers(split.RawTrain).Intersect(Customers(split.RawTest)));
        int Unkeyed(DataFrame f) => Enumerable.Range(0, (int)f.Rows.Count).Count(r => f["customer_ref"][r] is null);
        Assert.Equal(180, Unkeyed(split.RawTrain) + Unkeyed(split.RawTest));
        Assert.True(Unkeyed(split.RawTest) > 0, "rows without a key are spread over both parts like any other group");
    }

    [Fact]
    public void GroupBy_naming_the_stratified_column_a_missing_column_or_a_constant_is_refused_by_name()
    {
        var data = Months();
        var recipe = Wrangle.From(data).PrepareFor("churned", "customer_ref", "name");

        var same = Assert.Throws<ArgumentException>(() => recipe.SplitTrainTest(0.2, stratifyBy: "churned", groupBy: "churned"));
        Assert.Equal("groupBy", same.ParamName);
        var missing = Assert.ThrowsAny<ArgumentException>(() => recipe.SplitTrainTest(0.2, groupBy: "client"));
        Assert.Contains("client", missing.Message);
        var constant = new DataFrame(new StringDataFrameColumn("bank", Enumerable.Repeat("one", 40)), new Int32DataFrameColumn("churned", Enumerable.Range(0, 40).Select(i => i % 2)));
        var one = Assert.Throws<ArgumentException>(() => Wrangle.From(constant).SplitTrainTest(0.2, groupBy: "bank"));
        Assert.Contains("one value in every row", one.Message);
    }

    [Fact]
    public void Readiness_is_red_on_several_rows_per_customer_naming_the_column_and_groupBy()
    {
        var report = Readiness.Check(Months(), "churned", exclude: new[] { "customer_ref", "name" });

        var line = Assert.Single(report.Named(Readiness.SeveralRowsPerCustomerCheck));
        Assert.Equal(Light.Red, line.Light);
        Assert.Equal(new[] { "customer_ref" }, line.Columns);
        Assert.Contains("300 values in 1,800 rows (6 rows each)", line.Evidence);
        Assert.Contains("groupBy: \"customer_ref\"", line.WhatToDo);
    }

    [Fact]
    public void Of_two_keys_the_one_without_a_placeholder_for_many_customers_is_named_and_groupBy_on_it_covers_both()
    {
        string[] leftOut = { "customer_ref", "ssn", "name" };

        var red = Assert.Single(Readiness.Check(Months(withSsn: true), "churned", exclude: leftOut).Named(Readiness.SeveralRowsPerCustomerCheck));
        var green = Assert.Single(Readiness.Check(Months(withSsn: true), "churned", exclude: leftOut, groupBy: "customer_ref").Named(Readiness.SeveralRowsPerCustomerCheck));

        Assert.Equal(new[] { "customer_ref", "ssn" }, red.Columns);   // the placeholder groups 180 rows of different customers
        Assert.Contains("groupBy: \"customer_ref\"", red.WhatToDo);
        Assert.Equal(Light.Green, green.Light);   // each real SSN lies within one customer
    }

    [Fact]
    public void A_name_shared_by_different_customers_is_not_taken_for_a_customer_key()
    {
        // One row per customer, names drawn from a short list: names repeat, but rows sharing one agree no more than chance.
        var oneRowEach = Months(customers: 1200, months: 1);

        var report = Readiness.Check(oneRowEach, "churned", exclude: new[] { "customer_ref", "name" });

        Assert.Empty(report.Named(Readiness.SeveralRowsPerCustomerCheck));
    }

    [Fact]
    public void A_name_each_customer_keeps_but_many_share_is_no_key_beside_the_customer_column()
    {
        // Sorted by customer, the first two rows of a name are one customer's months; rows sharing a name at random are not.
        var data = Months(namePerCustomer: true);

        var grouped = Readiness.Check(data, "churned", exclude: new[] { "customer_ref", "name" }, groupBy: "customer_ref");
        var byRows = Readiness.Check(data, "churned", exclude: new[] { "customer_ref", "name" });

        Assert.Equal(Light.Green, Assert.Single(grouped.Named(Readiness.SeveralRowsPerCustomerCheck)).Light);
        var red = Assert.Single(byRows.Named(Readiness.SeveralRowsPerCustomerCheck));
        Assert.Equal(new[] { "customer_ref" }, red.Columns);
    }

    [Fact]
    public void A_key_that_joins_rows_of_different_customer_ids_stays_red_with_groupBy()
    {
        // One person filed under two customer ids: groupBy keeps each id whole, but the SSN shows the person's rows on both sides.
        var data = Months(withSsn: true, secondId: true);

        var report = Readiness.Check(data, "churned", exclude: new[] { "customer_ref", "ssn", "name" }, groupBy: "customer_ref");

        var lines = report.Named(Readiness.SeveralRowsPerCustomerCheck);
        Assert.Contains(lines, l => l.Light == Light.Green && l.Columns.SequenceEqual(new[] { "customer_ref" }));
        var red = Assert.Single(lines, l => l.Light == Light.Red);
        Assert.Equal("ssn", red.Columns[0]);
        Assert.Contains("joins rows of different 'customer_ref' values", red.Evidence);
        Assert.Contains("groupBy: \"ssn\"", red.WhatToDo);
    }

    [Fact]
    public void Readiness_is_green_when_the_split_keeps_the_customer_column_whole()
    {
        var report = Readiness.Check(Months(), "churned", exclude: new[] { "customer_ref", "name" }, groupBy: "customer_ref");

        var line = Assert.Single(report.Named(Readiness.SeveralRowsPerCustomerCheck));
        Assert.Equal(Light.Green, line.Light);
        Assert.Contains("keeps rows sharing a 'customer_ref' in one part", line.Evidence);
        var wrong = Assert.Throws<ArgumentException>(() => Readiness.Check(Months(), "churned", groupBy: "client"));
        Assert.Equal("groupBy", wrong.ParamName);
    }

    [Fact]
    public void Readiness_of_two_parts_counts_test_rows_of_customers_also_in_train()
    {
        var data = Months();
        var byRows = Wrangle.From(data).PrepareFor("churned", "customer_ref", "name").SplitTrainTest(0.2, stratifyBy: "churned", seed: 5);
        var byCustomer = Wrangle.From(data).PrepareFor("churned", "customer_ref", "name").SplitTrainTest(0.2, stratifyBy: "churned", seed: 5, groupBy: "customer_ref");
        string[] leftOut = { "customer_ref", "name" };

        var shared = Assert.Single(Readiness.Check(byRows.RawTrain, byRows.RawTest, "churned", exclude: leftOut).Named(Readiness.SeveralRowsPerCustomerCheck), c => c.Area == ReadinessArea.TrainTest);
        var apart = Assert.Single(Readiness.Check(byCustomer.RawTrain, byCustomer.RawTest, "churned", exclude: leftOut).Named(Readiness.SeveralRowsPerCustomerCheck), c => c.Area == ReadinessArea.TrainTest);

        Assert.Equal(Light.Red, shared.Light);
        Assert.Contains("belong to a 'customer_ref' that also has rows in train", shared.Evidence);
        Assert.Equal(Light.Green, apart.Light);
    }

    [Fact]
    public void One_column_parameter_refuses_two_names()
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnList.One(Months(), "groupBy", "customer_ref,name"));

        Assert.Equal("groupBy", error.ParamName);
        Assert.Null(ColumnList.One(Months(), "groupBy", ""));
        Assert.Equal("customer_ref", ColumnList.One(Months(), "groupBy", " customer_ref "));
    }

    [Fact]
    public void The_training_rows_carry_their_customers_so_the_deep_models_validation_rows_keep_them_whole_too()
    {
        var split = Wrangle.From(Months()).PrepareFor("churned", "customer_ref", "name").SplitTrainTest(0.2, stratifyBy: "churned", seed: 5, groupBy: "customer_ref");
        var groups = split.TrainGroups!;
        var train = split.Recipe.ToFeatures(split.RawTrain, "churned").WithGroups(groups);

        // The holdout the trainer takes from them (a fifth, as its validation share): no customer on both sides.
        var held = GroupedHoldout.Take(train.Groups!, train.Label!.Select(v => v.ToString()).ToArray(), 0.2, new Random(1));
        var heldCustomers = held.Select(r => groups[r]).ToHashSet();
        var fitCustomers = Enumerable.Range(0, train.Rows).Except(held).Select(r => groups[r]).ToHashSet();
        Assert.Empty(heldCustomers.Intersect(fitCustomers));
        Assert.InRange(held.Count, 0.15 * train.Rows, 0.25 * train.Rows);
        // Rows taken from the matrix (batches, folds) keep their customers.
        Assert.Equal(new[] { groups[5], groups[0] }, train.Take(new[] { 5, 0 }).Groups);
        Assert.Null(Wrangle.From(Months()).PrepareFor("churned", "customer_ref", "name").SplitTrainTest(0.2, seed: 5).TrainGroups);
    }
}
