using Alyx.Abstractions.Sharding;

namespace Alyx.Abstractions.Tests.Sharding;

public sealed class ShardMathTests
{
    [Theory]
    // 175928847299117063 is the snowflake example of Discord's reference page; shifted right by 22 it is 41944705796.
    [InlineData(175928847299117063UL, 1, 0)]
    [InlineData(175928847299117063UL, 16, 41944705796 % 16)]
    [InlineData(175928847299117063UL, 1000, 41944705796 % 1000)]
    [InlineData(0UL, 7, 0)]
    [InlineData(ulong.MaxValue, 3, (int)((ulong.MaxValue >> 22) % 3))]
    public void ShardIdForGuild_KnownIds_MatchDiscordFormula(ulong guildId, int shardCount, long expected)
    {
        var shardId = ShardMath.ShardIdForGuild(guildId, shardCount);

        Assert.Equal(expected, shardId);
    }

    [Fact]
    public void ShardIdForGuild_ZeroShards_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardMath.ShardIdForGuild(1, 0));
    }

    [Theory]
    [InlineData(0, 16, 0)]
    [InlineData(17, 16, 1)]
    [InlineData(5, 1, 0)]
    public void IdentifyBucket_ShardAndConcurrency_IsRemainder(int shardId, int maxConcurrency, int expected)
    {
        Assert.Equal(expected, ShardMath.IdentifyBucket(shardId, maxConcurrency));
    }

    [Theory]
    [InlineData(16, 1, 16)]
    [InlineData(64, 16, 4)]
    [InlineData(65, 16, 5)]
    [InlineData(0, 4, 0)]
    public void IdentifyWindowsToBoot_CountAndConcurrency_RoundsUp(int shards, int maxConcurrency, int expected)
    {
        Assert.Equal(expected, ShardMath.IdentifyWindowsToBoot(shards, maxConcurrency));
    }
}
