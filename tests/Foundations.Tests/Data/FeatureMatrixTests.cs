using Foundations.Data;

namespace Foundations.Tests.Data;

public class FeatureMatrixTests
{
    [Fact]
    public void Features_are_read_only_views_and_copies_change_nothing()
    {
        var matrix = new FeatureMatrix(2, new[] { "age" }, new[] { 1f, 2f }, new[] { new CategoricalFeature("region", 3, new[] { "north", "south" }) }, new long[] { 1, 2 });
        Assert.Throws<NotSupportedException>(() => ((IList<float>)matrix.Numeric)[0] = 9f);
        Assert.Throws<NotSupportedException>(() => ((IList<long>)matrix.Categorical)[0] = 0);
        var numeric = matrix.CopyNumeric();
        var codes = matrix.CopyCategorical();
        numeric[0] = 9f;
        codes[0] = 0;
        Assert.Equal(new[] { 1f, 2f }, matrix.Numeric);
        Assert.Equal(new long[] { 1, 2 }, matrix.Categorical);
    }
}
