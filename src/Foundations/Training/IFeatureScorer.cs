using Foundations.Data;

namespace Foundations.Training;

/// <summary>Anything that turns a feature matrix into event probabilities: the deep network, the scorecard, boosted trees.</summary>
public interface IFeatureScorer
{
    /// <summary>Probability of the event for every row of <paramref name="features"/>.</summary>
    double[] Predict(FeatureMatrix features);
}
