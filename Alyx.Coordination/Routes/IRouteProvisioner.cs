namespace Alyx.Coordination.Routes;

/// <summary>
/// Creates and removes the messaging routes of a shard set: on SNS+SQS the shard queues and their bus subscriptions.
/// The orchestrator calls it when it creates a shard set (before launching its tasks) and when it retires one.
/// Both calls are idempotent, so a new leader can repeat a call that its predecessor did not finish.
/// </summary>
public interface IRouteProvisioner
{
    /// <summary>Creates whatever routes of the set are missing and repairs their settings; existing correct routes stay untouched.</summary>
    /// <exception cref="RouteProvisioningException">The backend rejected a call; the next pass retries.</exception>
    Task<RouteChanges> EnsureShardSetAsync(long shardSet, int shardCount, CancellationToken cancellationToken);

    /// <summary>Removes the routes of the set, with the messages waiting in them; missing routes count as removed.</summary>
    /// <exception cref="RouteProvisioningException">The backend rejected a call; the next pass retries.</exception>
    Task<RouteChanges> RetireShardSetAsync(long shardSet, int shardCount, CancellationToken cancellationToken);
}
