using Alyx.Coordination.Redis;
using Alyx.TestSupport;
using StackExchange.Redis;

namespace Alyx.Coordination.Tests.Redis;

public sealed class ClusterKeysTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public void For_Parts_JoinsUnderHashTag()
    {
        var keys = new ClusterKeys("bot-prod");

        Assert.Equal("alyx:{bot-prod}:lease:0:12", keys.For("lease", "0", "12"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("brace{")]
    [InlineData("a-name-that-is-far-too-long-for-a-cluster-and-keeps-on-going-past-64")]
    public void Constructor_InvalidCluster_ThrowsNamingIt(string cluster)
    {
        var error = Assert.Throws<ArgumentException>(() => new ClusterKeys(cluster));

        Assert.Contains($"'{cluster}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PrefixWithBrace_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ClusterKeys("c", "x{y}:"));
    }

    [Fact]
    public async Task For_KeysOfOneCluster_ShareOneHashSlot()
    {
        var keys = new ClusterKeys(RedisFixture.NewClusterName("slots"));
        var server = redis.Connection.GetServers()[0];

        var slots = new[] { keys.For("spec"), keys.For("lease", "3", "9"), keys.For("events") }
            .Select(key => redis.Connection.HashSlot(key))
            .Distinct()
            .ToArray();
        await redis.Connection.GetDatabase().StringSetAsync(keys.For("spec"), "1", TimeSpan.FromSeconds(30));

        Assert.Single(slots);
        Assert.Equal("1", (string?)await redis.Connection.GetDatabase().StringGetAsync(keys.For("spec")));
        Assert.True(server.IsConnected);
    }
}
