using Foundations.Patterns;

namespace Foundations.Tests.Segmentation;

/// <summary>
/// Segment names come from column names through a small banking vocabulary. Public files name columns their own way:
/// a word must be read as the column's word, and a ratio or a time since something by what it measures.
/// </summary>
public class SegmentNamingTests
{
    private static string? Word(string column, double standardized, bool yesNo = false) =>
        SegmentNaming.WordFor(new FeatureDifference(column, null, yesNo, yesNo ? 0.6 : 1, yesNo ? 0.3 : 0, standardized))?.Word;

    [Theory]
    [InlineData("Age", 1.0, "older")]
    [InlineData("Customer_Age", -1.0, "young")]
    [InlineData("EstimatedSalary", 1.0, "affluent")]
    [InlineData("AMT_INCOME_TOTAL", 1.0, "affluent")]
    [InlineData("MonthlyIncome", -1.0, "lower-income")]
    [InlineData("CreditScoreRangeLower", -1.0, "weak-credit")]
    [InlineData("NumOfProducts", 1.0, "multi-product")]
    [InlineData("digital_logins_30d", 1.0, "digital")]
    [InlineData("days_since_last_login", 1.0, "dormant")]
    [InlineData("Avg_Utilization_Ratio", 1.0, "card borrowers")]
    [InlineData("RevolvingUtilizationOfUnsecuredLines", 1.0, "card borrowers")]
    [InlineData("complaints_12m", 1.0, "dissatisfied")]
    [InlineData("delinq_2yrs", 1.0, "stretched borrowers")]
    public void Vocabulary_words_name_the_columns_they_describe(string column, double standardized, string expected) =>
        Assert.Equal(expected, Word(column, standardized));

    [Theory]
    [InlineData("MARRIAGE", 1.0)]               // Taiwan's credit card file: a code, not an age
    [InlineData("average_spend_ratio_x", 1.0)]  // "average" holds "age"
    [InlineData("DebtToIncomeRatio", 1.0)]      // a high debt-to-income ratio is not affluence
    [InlineData("debt_to_income", 1.0)]
    [InlineData("mths_since_last_delinq", 1.0)] // long since the last delinquency is not a stretched borrower
    public void Words_inside_other_words_ratios_and_times_since_take_no_vocabulary_word(string column, double standardized)
    {
        string? word = Word(column, standardized);
        Assert.DoesNotContain(word ?? "", new[] { "older", "young", "affluent", "lower-income", "stretched borrowers" });
    }

    [Fact]
    public void A_yes_no_column_is_never_named_as_an_amount()
    {
        Assert.Equal("income-verifiable", Word("IncomeVerifiable", 1.0, yesNo: true));   // Prosper: not "affluent"
        Assert.Equal("card-holding", Word("HasCrCard", 1.0, yesNo: true));
        Assert.Equal("homeowners", Word("has_mortgage", 1.0, yesNo: true));
    }

    [Fact]
    public void Values_that_would_read_the_same_get_the_digits_that_tell_them_apart()
    {
        var rate = new FeatureDifference("BorrowerRate", null, false, 0.3412, 0.2977, 0.9);
        Assert.Equal("borrower rate 0.34 against 0.3 overall", rate.Describe());
        Assert.Equal("borrower rate 0.34 vs 0.3", rate.Brief());
        Assert.Equal("debt to income ratio 0.61 vs 0.26", new FeatureDifference("DebtToIncomeRatio", null, false, 0.6123, 0.2618, 2).Brief());
        Assert.Equal("age 45.3 vs 44.9", new FeatureDifference("age", null, false, 45.3, 44.9, 0.05).Brief());
        Assert.Equal("age 27 vs 45", new FeatureDifference("age", null, false, 27.2, 44.9, -1.2).Brief());
        Assert.Equal("has savings 31.2% vs 30.8%", new FeatureDifference("has_savings", null, true, 0.312, 0.308, 0.01).Brief());
        Assert.Equal("salary 52,300 vs 48,900", new FeatureDifference("salary", null, false, 52_300, 48_900, 0.3).Brief());
    }
}
