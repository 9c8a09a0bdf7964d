namespace Alyx.Abstractions.Sharding;

/// <summary>
/// Discord's shard arithmetic: which shard receives a guild's events and which identify bucket a shard uses.
/// </summary>
public static class ShardMath
{
    /// <summary>Bit offset of the millisecond timestamp inside a snowflake.</summary>
    public const int SnowflakeTimestampShift = 22;

    /// <summary>
    /// Computes the shard that receives the events of a guild, by Discord's formula
    /// <c>(guild_id &gt;&gt; 22) % shard_count</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shardCount"/> is less than 1.</exception>
    public static int ShardIdForGuild(ulong guildId, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        return (int)((guildId >> SnowflakeTimestampShift) % (ulong)shardCount);
    }

    /// <summary>
    /// Computes the identify rate-limit bucket of a shard, <c>shard_id % max_concurrency</c>.
    /// Each bucket allows one identify per window.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="shardId"/> is negative or <paramref name="maxConcurrency"/> is less than 1.
    /// </exception>
    public static int IdentifyBucket(int shardId, int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return shardId % maxConcurrency;
    }

    /// <summary>
    /// Computes the fewest identify windows that booting <paramref name="shardCount"/> shards can take,
    /// <c>ceil(shardCount / maxConcurrency)</c>.
    /// </summary>
    public static int IdentifyWindowsToBoot(int shardCount, int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return (shardCount + maxConcurrency - 1) / maxConcurrency;
    }
}
