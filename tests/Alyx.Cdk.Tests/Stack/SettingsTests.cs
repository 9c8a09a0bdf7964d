namespace Alyx.Cdk.Tests.Stack;

public sealed class SettingsTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var props = new AlyxStackProps();

        var failures = props.Validate();

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("alyx:cluster")]
    [InlineData("alyx:shardCount")]
    [InlineData("alyx:shardCpu")]
    [InlineData("alyx:logRetentionDays")]
    [InlineData("alyx:natGateways")]
    [InlineData("alyx:gatewayLatencyThresholdMs")]
    public void Validate_InvalidValues_NamesEveryKey(string key)
    {
        var props = new AlyxStackProps
        {
            Cluster = "Prod_1",
            ShardCount = 0,
            ShardCpu = 300,
            LogRetentionDays = 31,
            NatGateways = 3,
            GatewayLatencyThresholdMs = 0,
        };

        var failures = props.Validate();

        Assert.Contains(failures, failure => failure.StartsWith(key + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Context_ParsesAutoAndNumbers()
    {
        var context = new Dictionary<string, object> { ["alyx:shardCount"] = "auto", ["alyx:shardCpu"] = 512, ["alyx:shardMemoryMiB"] = "1024" };

        var props = AlyxContext.Read(key => context.GetValueOrDefault(key));

        Assert.Null(props.ShardCount);
        Assert.Equal(512, props.ShardCpu);
        Assert.Equal(1024, props.ShardMemoryMiB);
        Assert.Equal("default", props.Cluster);
    }

    [Fact]
    public void Read_NotANumber_NamesTheKey()
    {
        var context = new Dictionary<string, object> { ["alyx:shardCount"] = "many" };

        var exception = Assert.Throws<ArgumentException>(() => AlyxContext.Read(key => context.GetValueOrDefault(key)));

        Assert.Contains("alyx:shardCount 'many'", exception.Message, StringComparison.Ordinal);
    }
}
