namespace Alyx.Coordination.Heartbeats;

/// <summary>
/// The last heartbeat of each shard. Reports are stamped with the store's clock, so staleness does not depend on
/// the clocks of the shard hosts.
/// </summary>
public interface IHeartbeatStore
{
    /// <summary>
    /// Stores the heartbeat, unless the stored one for the same shard carries a greater fencing token: then the
    /// reporter is a task that lost its lease, and the method returns false.
    /// </summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<bool> ReportAsync(ShardHeartbeat heartbeat, CancellationToken cancellationToken);

    /// <summary>Reads the last heartbeat of every shard of every shard set.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<IReadOnlyList<HeartbeatRecord>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the heartbeat of a shard, for example after its shard set was retired.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task RemoveAsync(long shardSetEpoch, int shardId, CancellationToken cancellationToken);
}
