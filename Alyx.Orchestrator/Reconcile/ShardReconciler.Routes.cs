using Alyx.Coordination.Routes;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>The messaging routes of shard sets: created before a set's first launch, removed when the set is retired.</summary>
public sealed partial class ShardReconciler
{
    // Sets whose routes this leadership term has ensured; during a blue-green reshard two sets have routes.
    private readonly HashSet<(long ShardSet, int ShardCount)> _routedSets = [];

    /// <summary>
    /// Creates and removes the routes (such as SQS queues) of each shard set; null leaves routes to the transport.
    /// A provisioning failure fails the pass, so the loop retries it with backoff before any shard of the set launches.
    /// </summary>
    public IRouteProvisioner? RouteProvisioner { get; init; }

    // Runs once per set and leadership term: a new leader repeats it, which finishes what a predecessor left halfway.
    private async Task EnsureRoutesAsync(long shardSet, int shardCount, CancellationToken cancellationToken)
    {
        if (RouteProvisioner is null || _routedSets.Contains((shardSet, shardCount)))
        {
            return;
        }

        var changes = await RouteProvisioner.EnsureShardSetAsync(shardSet, shardCount, cancellationToken);
        _routedSets.Add((shardSet, shardCount));
        if (!changes.IsEmpty)
        {
            LogRoutesCreated(shardSet, shardCount, changes);
        }
    }

    // Called before the switch to the next set is recorded, so a leader that dies in between retires the set again.
    private async Task RetireRoutesAsync(long shardSet, int shardCount, CancellationToken cancellationToken)
    {
        if (RouteProvisioner is null)
        {
            return;
        }

        var changes = await RouteProvisioner.RetireShardSetAsync(shardSet, shardCount, cancellationToken);
        _routedSets.Remove((shardSet, shardCount));
        LogRoutesRetired(shardSet, shardCount, changes);
    }

    [LoggerMessage(EventId = 8240, Level = LogLevel.Information, Message = "Created the routes of shard set {ShardSet} ({ShardCount} shards): {Changes}")]
    private partial void LogRoutesCreated(long shardSet, int shardCount, RouteChanges changes);

    [LoggerMessage(EventId = 8241, Level = LogLevel.Information, Message = "Retired the routes of shard set {ShardSet} ({ShardCount} shards): {Changes}")]
    private partial void LogRoutesRetired(long shardSet, int shardCount, RouteChanges changes);
}
