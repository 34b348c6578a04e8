using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Entry point for data preparation: <c>Wrangle.From(customers).Drop("customer_id").Impute("income", Impute.Median)
/// .OneHot("region").Standardize().SplitTrainTest(0.2, stratifyBy: "churned_next_90d")</c>.
/// </summary>
public static class Wrangle
{
    /// <summary>Starts a recipe on <paramref name="frame"/> (which it fits or splits later; the frame is never changed).</summary>
    public static Data.Recipe From(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Data.Recipe.Start(frame);
    }

    /// <summary>Starts a recipe without data, to fit later with <see cref="Recipe.Fit(DataFrame)"/>.</summary>
    public static Data.Recipe Recipe() => Data.Recipe.Start(null);
}
