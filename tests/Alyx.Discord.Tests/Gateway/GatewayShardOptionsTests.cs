using Alyx.Discord.Gateway;

namespace Alyx.Discord.Tests.Gateway;

public sealed class GatewayShardOptionsTests
{
    [Fact]
    public void Validate_EveryFieldInvalid_NamesEachField()
    {
        var options = new GatewayShardOptions
        {
            Token = "",
            ShardId = 3,
            ShardCount = 2,
            LargeThreshold = 10,
            GatewayUrl = new Uri("https://example.invalid/"),
            HelloTimeout = TimeSpan.Zero,
            InvalidSessionDelayMin = TimeSpan.FromSeconds(2),
            InvalidSessionDelayMax = TimeSpan.FromSeconds(1),
        };

        var failures = string.Join("\n", options.Validate());

        foreach (var name in new[] { "Token", "ShardId", "LargeThreshold", "GatewayUrl", "HelloTimeout", "InvalidSessionDelayMin" })
        {
            Assert.Contains(name, failures, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_Defaults_WithToken_AreValid()
    {
        Assert.Empty(new GatewayShardOptions { Token = "t" }.Validate());
    }
}
