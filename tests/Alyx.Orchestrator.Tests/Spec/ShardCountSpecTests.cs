using Alyx.Orchestrator.Spec;

namespace Alyx.Orchestrator.Tests.Spec;

public sealed class ShardCountSpecTests
{
    [Theory]
    [InlineData("auto")]
    [InlineData(" AUTO ")]
    public void Parse_Auto_FollowsRecommendation(string text)
    {
        var spec = ShardCountSpec.Parse(text);

        Assert.True(spec.IsAuto);
        Assert.Equal(12, spec.Resolve(recommended: 12));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("48", 48)]
    public void Parse_Number_IsFixed(string text, int expected)
    {
        var spec = ShardCountSpec.Parse(text);

        Assert.Equal(expected, spec.FixedCount);
        Assert.Equal(expected, spec.Resolve(recommended: 7));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("twelve")]
    [InlineData("1.5")]
    [InlineData("100001")]
    [InlineData("")]
    public void Parse_Invalid_ThrowsNamingText(string text)
    {
        var error = Assert.Throws<FormatException>(() => ShardCountSpec.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_RoundTripsThroughParse()
    {
        Assert.Equal("auto", ShardCountSpec.Auto.ToString());
        Assert.Equal(ShardCountSpec.Fixed(9), ShardCountSpec.Parse(ShardCountSpec.Fixed(9).ToString()));
    }
}
