namespace Foundations.Data;

/// <summary>How <see cref="Recipe.Impute(string, Impute, bool)"/> fills missing values, learned on the training rows only.</summary>
public enum Impute
{
    /// <summary>The training median (numbers; robust to the long tails of balances and incomes).</summary>
    Median,
    /// <summary>The training mean (numbers).</summary>
    Mean,
    /// <summary>The most frequent training value (numbers or text; ties go to the smallest value).</summary>
    MostFrequent,
}
