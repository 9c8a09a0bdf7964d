namespace Alyx.Coordination.Messaging;

/// <summary>
/// The active shard set as the messenger routes with it.
/// </summary>
/// <param name="Epoch">The shard set's epoch.</param>
/// <param name="ShardCount">The number of shards in the set.</param>
/// <param name="UnownedShards">Shards that no process owns right now (not started yet, or restarting).</param>
public sealed record ShardRoutes(long Epoch, int ShardCount, IReadOnlySet<int> UnownedShards)
{
    /// <summary>Returns whether a process owns the shard.</summary>
    public bool IsOwned(int shardId) => !UnownedShards.Contains(shardId);

    /// <summary>Returns the inbox of a shard of this set.</summary>
    public string InboxOf(int shardId) => MessagingInboxes.Shard(Epoch, shardId);
}
