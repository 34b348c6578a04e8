using Foundations.Tests.Deployment;
using Foundations.Tests.Monitor;
using Foundations.Tests.Prediction;

namespace Foundations.Tests;

/// <summary>
/// Collections that share one trained model per test run: every class in a collection gets the same fixture, so the
/// model trains once instead of once per class (the classes of one collection run one after another).
/// </summary>
public static class SharedModels
{
    /// <summary>The Prediction model on the sample bank (prediction, batch scoring and explanation tests).</summary>
    public const string SampleBankPrediction = "shared: sample bank prediction";

    /// <summary>The small saved churn model (signing, hostile input and bad-input scoring tests).</summary>
    public const string SmallChurnModel = "shared: small churn model";

    /// <summary>The development/later periods with their scoring model (monitoring tests).</summary>
    public const string SamplePeriods = "shared: sample periods";
}

[CollectionDefinition(SharedModels.SampleBankPrediction)]
public sealed class SampleBankPredictionCollection : ICollectionFixture<SampleBankPrediction>;

[CollectionDefinition(SharedModels.SmallChurnModel)]
public sealed class SmallChurnModelCollection : ICollectionFixture<SmallChurnModel>;

[CollectionDefinition(SharedModels.SamplePeriods)]
public sealed class SamplePeriodsCollection : ICollectionFixture<SamplePeriods>;
