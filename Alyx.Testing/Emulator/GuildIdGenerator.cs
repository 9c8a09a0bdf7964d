using Alyx.Abstractions.Sharding;

namespace Alyx.Testing.Emulator;

/// <summary>
/// Generates the guild ids of an emulated bot: valid snowflakes with increasing timestamps, the same for the same seed,
/// so a run can be repeated and each guild's shard follows Discord's formula.
/// </summary>
public static class GuildIdGenerator
{
    /// <summary>Discord's epoch, 2015-01-01T00:00:00Z, in Unix milliseconds.</summary>
    public const long DiscordEpochMilliseconds = 1_420_070_400_000;

    /// <summary>
    /// Returns <paramref name="count"/> distinct guild ids created one millisecond apart from
    /// <paramref name="firstCreated"/> on, with the low 22 bits taken from <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<ulong> Generate(int count, DateTimeOffset firstCreated, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var start = firstCreated.ToUnixTimeMilliseconds() - DiscordEpochMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegative(start, nameof(firstCreated));

        var random = new Random(seed);
        var ids = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            var timestamp = (ulong)(start + i) << ShardMath.SnowflakeTimestampShift;
            ids[i] = timestamp | (uint)random.Next(0, 1 << ShardMath.SnowflakeTimestampShift);
        }

        return ids;
    }

    /// <summary>Returns the ids among <paramref name="guildIds"/> that shard <paramref name="shardId"/> of <paramref name="shardCount"/> receives.</summary>
    public static IEnumerable<ulong> OwnedBy(IEnumerable<ulong> guildIds, int shardId, int shardCount) =>
        guildIds.Where(id => ShardMath.ShardIdForGuild(id, shardCount) == shardId);
}
