using Alyx.Coordination.Leases;

namespace Alyx.Coordination.Tests.Leases;

public sealed class LeaseNamesTests
{
    [Fact]
    public void Shard_EpochAndId_RoundTripsThroughParse()
    {
        var name = LeaseNames.Shard(12, 345);

        var parsed = LeaseNames.TryParseShard(name, out var epoch, out var shardId);

        Assert.Equal("shard:12:345", name);
        Assert.True(parsed);
        Assert.Equal(12, epoch);
        Assert.Equal(345, shardId);
    }

    [Theory]
    [InlineData(LeaseNames.Leader)]
    [InlineData("shard:")]
    [InlineData("shard:1")]
    [InlineData("shard::2")]
    [InlineData("shard:1:x")]
    [InlineData("shard:-1:2")]
    public void TryParseShard_OtherNames_ReturnsFalse(string name)
    {
        Assert.False(LeaseNames.TryParseShard(name, out _, out _));
    }

    [Fact]
    public void Shard_NegativeId_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LeaseNames.Shard(0, -1));
    }
}
