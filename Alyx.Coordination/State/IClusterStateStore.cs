namespace Alyx.Coordination.State;

/// <summary>
/// The cluster's spec (desired state) and status (observed state), with change notifications so the orchestrator
/// reacts without polling fast. Notifications may be lost (Redis pub/sub delivers at most once), so readers also
/// reconcile on a timer.
/// </summary>
public interface IClusterStateStore
{
    /// <summary>Reads the spec with its generation; null when none was written.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<ClusterSpec?> ReadSpecAsync(CancellationToken cancellationToken);

    /// <summary>Writes the spec, increments the generation and notifies watchers. Returns the new generation.</summary>
    /// <param name="spec">The desired state; its <see cref="ClusterSpec.Generation"/> is ignored.</param>
    /// <param name="expectedGeneration">When set, the write happens only if the stored generation still equals it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="SpecConflictException">The stored generation differs from <paramref name="expectedGeneration"/>.</exception>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<long> WriteSpecAsync(ClusterSpec spec, long? expectedGeneration, CancellationToken cancellationToken);

    /// <summary>Reads the status; null when none was written.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<ClusterStatus?> ReadStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the status and notifies watchers, unless a writer with a greater fencing token wrote before: then it
    /// returns false, because the caller is an orchestrator that lost its leader lease.
    /// </summary>
    /// <param name="status">The observed state.</param>
    /// <param name="leaderFencingToken">The fencing token of the writer's leader lease.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<bool> WriteStatusAsync(ClusterStatus status, long leaderFencingToken, CancellationToken cancellationToken);

    /// <summary>
    /// Starts watching: once the returned task completes, every later spec or status write appears on the watch.
    /// Dispose the watch to stop.
    /// </summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The subscription could not be set up.</exception>
    Task<ClusterStateWatch> WatchAsync(CancellationToken cancellationToken);

    /// <summary>Reads the active shard set record together with the store's clock, in one round trip.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<ActiveShardSetReading> ReadActiveShardSetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes a set active at once, with no previous set: for the first set and after a rolling reshard, where the old
    /// set stopped first. Returns the new record, or null when the stored epoch is not <paramref name="expectedEpoch"/>.
    /// </summary>
    /// <param name="expectedEpoch">The epoch the caller read, or null when it read no record.</param>
    /// <param name="epoch">The set to activate.</param>
    /// <param name="shardCount">Shards in that set.</param>
    /// <param name="cutoverNotice">The minimum notice of later switches (see <see cref="ActiveShardSet.CutoverNotice"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<ActiveShardSet?> ActivateShardSetAsync(long? expectedEpoch, long epoch, int shardCount, TimeSpan cutoverNotice, CancellationToken cancellationToken);

    /// <summary>
    /// Switches the active set in one atomic write: <paramref name="epoch"/> becomes active from a cutover instant of
    /// the store's clock plus the larger of <paramref name="cutoverNotice"/> and the stored notice, and the set it
    /// replaces handles the events before that instant. Returns the new record, or null when the active epoch is not
    /// <paramref name="expectedEpoch"/> (another writer switched first).
    /// </summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<ActiveShardSet?> SwitchActiveShardSetAsync(long expectedEpoch, long epoch, int shardCount, TimeSpan cutoverNotice, CancellationToken cancellationToken);
}
