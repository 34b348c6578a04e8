namespace Foundations.Tests.Experiments;

/// <summary>A target's name goes into model and score file names: it must be a file name on Windows too.</summary>
public class FileNameTests
{
    [Theory]
    [InlineData("churned_next_90d", "churned_next_90d")]
    [InlineData("Consumer disputed?", "Consumer disputed_")]
    [InlineData("status: charged off / paid", "status_ charged off _ paid")]
    [InlineData("a<b>c\"d\\e|f*g", "a_b_c_d_e_f_g")]
    [InlineData("ends with a dot.", "ends with a dot")]
    [InlineData("tab\there", "tab_here")]
    [InlineData("??", "__")]
    [InlineData("...", "_")]
    public void A_name_becomes_a_file_name_every_system_accepts(string name, string expected) =>
        Assert.Equal(expected, Kit.FileNameFor(name));

    [Fact]
    public void A_blank_name_is_refused_naming_the_parameter() =>
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => Kit.FileNameFor(" ")).ParamName);
}
