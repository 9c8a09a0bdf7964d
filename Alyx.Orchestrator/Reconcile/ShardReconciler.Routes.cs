using Alyx.Coordination.Events;
using Alyx.Coordination.Routes;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>
/// The messaging routes of shard sets: created before a set's first launch, checked again every
/// <see cref="OrchestratorOptions.RouteCheckInterval"/> while the set is active or pending, and removed when the set is
/// retired or its blue-green reshard rolled back.
/// </summary>
public sealed partial class ShardReconciler
{
    // At most this many repairs of one check become operator events of their own; one more event counts the rest.
    private const int MaxRepairEvents = 10;

    // When this leadership term last ensured each set's routes. During a blue-green reshard two sets have routes.
    private readonly Dictionary<(long ShardSet, int ShardCount), DateTimeOffset> _routesCheckedAt = [];

    // Tasks of rolled-back sets that are stopping, and the rolled-back sets whose routes this term retired.
    private readonly HashSet<string> _rollbackStops = new(StringComparer.Ordinal);
    private readonly HashSet<long> _retiredRollbacks = [];

    /// <summary>
    /// Creates and removes the routes (such as SQS queues) of each shard set; null leaves routes to the transport.
    /// A provisioning failure fails the pass, so the loop retries it with backoff before any shard of the set launches.
    /// A failed check of a set whose tasks already run is logged, and the next pass checks again.
    /// </summary>
    public IRouteProvisioner? RouteProvisioner { get; init; }

    // The first call per set and leadership term creates the routes: a new leader repeats it, which finishes what a
    // predecessor left halfway. Later calls check them again once per RouteCheckInterval and report what they repaired.
    // When the stored status shows tasks of the set (launchedBefore), the first call is such a check too.
    private async Task EnsureRoutesAsync(long shardSet, int shardCount, bool launchedBefore, CancellationToken cancellationToken)
    {
        if (RouteProvisioner is null)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        var firstCall = !_routesCheckedAt.TryGetValue((shardSet, shardCount), out var checkedAt);
        if (firstCall && !launchedBefore)
        {
            // A new set: a failure fails the pass, so no shard of the set launches without its routes.
            var created = await RouteProvisioner.EnsureShardSetAsync(shardSet, shardCount, cancellationToken);
            _routesCheckedAt[(shardSet, shardCount)] = now;
            if (!created.IsEmpty)
            {
                LogRoutesCreated(shardSet, shardCount, created);
            }

            return;
        }

        if (!firstCall && now - checkedAt < _options.RouteCheckInterval)
        {
            return;
        }

        RouteChanges changes;
        try
        {
            changes = await RouteProvisioner.EnsureShardSetAsync(shardSet, shardCount, cancellationToken);
        }
        catch (RouteProvisioningException exception)
        {
            // The set's tasks run already, so the pass goes on and the next one checks again. SQS rejects recreating a
            // queue for 60 s after its deletion (QueueDeletedRecently), which lands here.
            LogRouteCheckFailed(shardSet, exception);
            return;
        }

        _routesCheckedAt[(shardSet, shardCount)] = now;
        if (!changes.IsEmpty)
        {
            ReportRepairs(shardSet, changes);
        }
    }

    private void ReportRepairs(long shardSet, RouteChanges changes)
    {
        LogRoutesRepaired(shardSet, changes);
        foreach (var repair in changes.Repairs)
        {
            LogRouteRepaired(shardSet, repair.ToString());
        }

        foreach (var repair in changes.Repairs.Take(MaxRepairEvents))
        {
            Record(new OperatorEvent(OperatorEventTypes.RoutesRepaired, repair.Kind == RouteKind.Queue ? "QueueRepaired" : "SubscriptionRepaired",
                $"Repaired a route of shard set {shardSet} that was missing or changed since the last check: {repair}.", shardSet, repair.ShardId));
        }

        if (changes.Repairs.Count > MaxRepairEvents)
        {
            Record(new OperatorEvent(OperatorEventTypes.RoutesRepaired, "RoutesRepaired",
                $"Repaired {changes.Repairs.Count - MaxRepairEvents} more routes of shard set {shardSet}; the orchestrator's log lists each.", shardSet));
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
        _routesCheckedAt.Remove((shardSet, shardCount));
        LogRoutesRetired(shardSet, shardCount, changes);
    }

    /// <summary>
    /// Stops what still runs of a rolled-back set and retires its routes once none of its tasks is left. Returns whether
    /// the routes are retired. The rollback is in the stored status, so a leader that took over after it retires them
    /// too. Retiring is idempotent, so each leadership term does it once.
    /// </summary>
    private async Task<bool> RetireRolledBackSetAsync(PendingShardSet rolledBack, List<ShardTask> running, CancellationToken cancellationToken)
    {
        var tasks = TakeTasksOf(rolledBack.Epoch, running);
        if (_retiredRollbacks.Contains(rolledBack.Epoch) && tasks.Count == 0)
        {
            return true;
        }

        foreach (var task in tasks)
        {
            _rollbackStops.Add(task.TaskId);
            BeginStop(task, $"blue-green reshard rolled back: shard set {rolledBack.Epoch} is not used");
        }

        _rollbackStops.RemoveWhere(taskId => !_stopping.ContainsKey(taskId));
        if (tasks.Count > 0 || _rollbackStops.Count > 0)
        {
            return false;
        }

        await RetireRoutesAsync(rolledBack.Epoch, rolledBack.ShardCount, cancellationToken);
        _retiredRollbacks.Add(rolledBack.Epoch);
        return true;
    }

    [LoggerMessage(EventId = 8240, Level = LogLevel.Information, Message = "Created the routes of shard set {ShardSet} ({ShardCount} shards): {Changes}")]
    private partial void LogRoutesCreated(long shardSet, int shardCount, RouteChanges changes);

    [LoggerMessage(EventId = 8241, Level = LogLevel.Information, Message = "Retired the routes of shard set {ShardSet} ({ShardCount} shards): {Changes}")]
    private partial void LogRoutesRetired(long shardSet, int shardCount, RouteChanges changes);

    [LoggerMessage(EventId = 8242, Level = LogLevel.Warning, Message = "Routes of shard set {ShardSet} were missing or changed since the last check; repaired: {Changes}")]
    private partial void LogRoutesRepaired(long shardSet, RouteChanges changes);

    [LoggerMessage(EventId = 8243, Level = LogLevel.Warning, Message = "Repaired a route of shard set {ShardSet}: {Repair}")]
    private partial void LogRouteRepaired(long shardSet, string repair);

    [LoggerMessage(EventId = 8244, Level = LogLevel.Warning, Message = "Checking the routes of shard set {ShardSet} failed; the next pass checks again")]
    private partial void LogRouteCheckFailed(long shardSet, Exception exception);
}
