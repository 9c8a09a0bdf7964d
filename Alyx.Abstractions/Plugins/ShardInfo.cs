using Alyx.Abstractions.Sharding;

namespace Alyx.Abstractions.Plugins;

/// <summary>The shard a host runs.</summary>
/// <param name="Cluster">The cluster name.</param>
/// <param name="ShardSet">The shard set epoch; resharding creates a new set.</param>
/// <param name="ShardId">The zero-based shard id.</param>
/// <param name="ShardCount">The number of shards in the set.</param>
public sealed record ShardInfo(string Cluster, long ShardSet, int ShardId, int ShardCount)
{
    /// <summary>Whether this shard receives the events of <paramref name="guildId"/>.</summary>
    public bool OwnsGuild(ulong guildId) => ShardMath.ShardIdForGuild(guildId, ShardCount) == ShardId;
}
