using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Data;

/// <summary>The data layer end to end on the bundled sample bank files, as the tutorial notebooks use it.</summary>
public class SampleBankPipelineTests
{
    [Fact]
    public void Bundled_customers_load_with_their_types_and_no_bad_rows()
    {
        var (customers, report) = Csv.Load(Path.Combine(RepoPaths.DataSamples, "customers.csv"));
        Assert.Equal(4000, report.RowsRead);
        Assert.Equal(4000, report.RowsLoaded);
        Assert.Equal(0, report.RowsQuarantined);
        Assert.Equal(',', report.Delimiter);
        var types = report.Columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(ColumnType.Text, types["customer_id"]);
        Assert.Equal(ColumnType.Text, types["name"]);
        Assert.Equal(ColumnType.Int32, types["age"]);
        Assert.Contains(types["income"], new[] { ColumnType.Int32, ColumnType.Double });
        Assert.Equal(ColumnType.Category, types["region"]);
        Assert.Equal(ColumnType.Category, types["credit_score_band"]);
        Assert.Equal(ColumnType.Boolean, types["has_mortgage"]);
        Assert.Equal(ColumnType.Double, types["checking_balance"]);
        Assert.Equal(ColumnType.Int32, types["churned_next_90d"]);
        Assert.True(customers.Columns["income"].NullCount > 0);
    }

    [Fact]
    public void Bundled_data_goes_from_csv_to_features_without_leaks()
    {
        var (customers, _) = Csv.Load(Path.Combine(RepoPaths.DataSamples, "customers.csv"));
        var (transactions, txReport) = Csv.Load(Path.Combine(RepoPaths.DataSamples, "transactions.csv"));
        Assert.IsType<DateTimeDataFrameColumn>(transactions.Columns["timestamp"]);
        Assert.Equal(0, txReport.RowsQuarantined);

        var features = TransactionFeatures.PerCustomer(transactions, TimeSpan.FromDays(30));
        var joined = TransactionFeatures.JoinTo(customers, features);
        Assert.Equal(customers.Rows.Count, joined.Rows.Count);

        var split = Wrangle.From(joined)
            .Drop("customer_id", "name", "defaulted_next_12m")
            .Impute("income", Impute.Median)
            .Impute("amount_mean_30d", 0.0).Impute("amount_std_30d", 0.0).Impute("amount_max_30d", 0.0).Impute("days_since_last_txn", 60.0)
            .Derive("balance_to_income", "checking_balance / max(income, 1)")
            .Categorize("region", "occupation", "preferred_channel", "credit_score_band")
            .Standardize()
            .SplitTrainTest(0.2, stratifyBy: "churned_next_90d", seed: 42);
        var train = split.TrainFeatures();
        var test = split.TestFeatures();
        Assert.Equal(3200, train.Rows);
        Assert.Equal(800, test.Rows);
        Assert.Equal(4, train.CategoricalColumns.Count);
        Assert.Equal(train.NumericColumns, test.NumericColumns);
        double trainRate = train.Label!.Average(), testRate = test.Label!.Average();
        Assert.InRange(Math.Abs(trainRate - testRate), 0, 0.005);
        // Standardized on training rows: training means are ~0, test means are not forced to be.
        int p = train.NumericColumns.Count;
        int age = train.NumericColumns.ToList().IndexOf("age");
        Assert.InRange(Enumerable.Range(0, train.Rows).Average(r => train.Numeric[r * p + age]), -1e-4, 1e-4);
    }
}
