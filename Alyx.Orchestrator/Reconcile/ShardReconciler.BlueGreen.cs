using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Discord.Rest;
using Alyx.Orchestrator.Launchers;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>
/// Blue-green resharding: start the new set in standby beside the active one, switch the active set in one store write
/// once every new shard is Ready, keep the old set until the cutover instant plus <see cref="OrchestratorOptions.RetireDelay"/>,
/// then stop it. A new set that is not Ready by <see cref="OrchestratorOptions.BlueGreenReadyTimeout"/>, or whose shard
/// exits with a fatal code, is stopped and the old set stays active.
/// </summary>
public sealed partial class ShardReconciler
{
    private readonly Dictionary<int, ShardMemory> _pendingShards = [];
    private readonly HashSet<string> _retiringStops = new(StringComparer.Ordinal);
    private long _pendingEpoch = -1;

    private async Task<BlueGreenStep> ReconcileBlueGreenAsync(
        ClusterSpec spec, ClusterStatus? status, GatewayBotInfo gateway, int desired, long epoch, int count, ActiveShardSet? activeSet,
        List<ShardTask> running, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = status?.PendingShardSet;
        var retiring = status?.RetiringShardSet;
        var conditions = new List<ClusterCondition>();

        if (pending is { RolledBack: false } && activeSet?.Epoch == pending.Epoch && epoch != pending.Epoch)
        {
            // The switch reached the store but the status write after it did not (the leader stopped in between), so
            // the switch's event was not appended either.
            SyncPendingMemory(pending);
            retiring = new RetiringShardSet(epoch, count, activeSet.ActiveFrom, activeSet.ActiveFrom + _options.RetireDelay);
            RecordSwitched(pending.Epoch, pending.ShardCount, retiring);
            (epoch, count) = (pending.Epoch, pending.ShardCount);
            AdoptPendingMemory(epoch);
            pending = null;
        }

        if (retiring is not null)
        {
            retiring = await RetireOldSetAsync(retiring, running, now, spec.Generation, conditions, cancellationToken);
        }

        // A rolled-back set's routes go once its tasks have stopped, and until then no new reshard replaces its record.
        var rolledBackRetired = pending is not { RolledBack: true } || await RetireRolledBackSetAsync(pending, running, cancellationToken);

        var owned = retiring is not null;
        if (pending is { RolledBack: false })
        {
            owned = true;
            var abandon = spec.Generation != pending.Generation && (spec.Strategy != ReshardStrategy.BlueGreen || desired != pending.ShardCount);
            if (abandon)
            {
                pending = RollBack(pending, running, "SpecChanged",
                    $"The spec changed to generation {spec.Generation} ({desired} shards, {spec.Strategy}) during the reshard.", now);
            }
            else
            {
                var (next, switched) = await AdvancePendingAsync(spec, gateway, pending, epoch, count, running, now, conditions, cancellationToken);
                if (switched is not null)
                {
                    retiring = switched;
                    (epoch, count) = (next.Epoch, next.ShardCount);
                    pending = null;
                }
                else
                {
                    pending = next;
                }
            }
        }
        else if (retiring is null && spec.Strategy == ReshardStrategy.BlueGreen && status is not null && desired != count && count > 0 && desired > 0)
        {
            owned = true;
            if (pending is { RolledBack: true } && pending.Generation == spec.Generation)
            {
                // Rolled back for this generation: wait for the operator's next spec write instead of retrying.
                conditions.AddRange(RolledBackConditions(pending, epoch, count, spec.Generation));
            }
            else if (!rolledBackRetired)
            {
                // Starting now would overwrite the stored rollback, the only record that its routes still exist.
                conditions.Add(Condition(ClusterConditionTypes.Progressing, ConditionStatus.True, "Resharding",
                    $"A blue-green reshard to {desired} shards starts once the tasks of rolled-back shard set {pending?.Epoch} have stopped and its routes are removed.",
                    spec.Generation));
            }
            else if (gateway.SessionStartLimit.Remaining - _options.SessionStartReserve < desired)
            {
                // Each shard of the new set identifies once; starting without the budget for all of them could only roll back.
                var resetsAt = now + TimeSpan.FromMilliseconds(gateway.SessionStartLimit.ResetAfter);
                conditions.Add(Condition(ClusterConditionTypes.Degraded, ConditionStatus.True, "SessionStartBudgetLow",
                    $"A blue-green reshard to {desired} shards needs {desired} session starts above the reserve of {_options.SessionStartReserve}, "
                    + $"but {gateway.SessionStartLimit.Remaining} remain; it starts after the budget resets at {resetsAt:O}.", spec.Generation));
            }
            else
            {
                var newEpoch = Math.Max(Math.Max(epoch, pending?.Epoch ?? 0), activeSet?.Epoch ?? 0) + 1;
                pending = new PendingShardSet(newEpoch, desired, spec.Generation, ShardStatuses(desired, ShardPhase.Pending), now, now + _options.BlueGreenReadyTimeout);
                _pendingEpoch = -1;
                SyncPendingMemory(pending);
                LogReshardStarted(epoch, count, newEpoch, desired);

                // Appended now, not with the pass's other events: the launches below append TaskLaunched at once, and
                // the event log must show the reshard start before the first launch of its set.
                await AppendStartedAsync(pending, epoch, count, cancellationToken);
                var (next, _) = await AdvancePendingAsync(spec, gateway, pending, epoch, count, running, now, conditions, cancellationToken);
                pending = next;
            }
        }

        if (pending is { RolledBack: true } && conditions.Count == 0 && pending.Generation == spec.Generation)
        {
            conditions.AddRange(RolledBackConditions(pending, epoch, count, spec.Generation));
        }

        if (retiring is not null)
        {
            // After a switch in this pass the old set's tasks are still listed; they are not orphans until StopAt.
            TakeTasksOf(retiring.Epoch, running);
        }

        return new BlueGreenStep(epoch, count, running, owned, pending, retiring, conditions);
    }

    /// <summary>Launches and observes the pending set; switches when all of it is Ready, rolls back past the deadline.</summary>
    private async Task<(PendingShardSet Pending, RetiringShardSet? Switched)> AdvancePendingAsync(
        ClusterSpec spec, GatewayBotInfo gateway, PendingShardSet pending, long epoch, int count, List<ShardTask> running,
        DateTimeOffset now, List<ClusterCondition> conditions, CancellationToken cancellationToken)
    {
        SyncPendingMemory(pending);
        var tasks = TakeTasksOf(pending.Epoch, running);
        var byShard = new Dictionary<int, ShardTask>();
        foreach (var task in tasks.OrderBy(task => task.StartedAt))
        {
            if (task.ShardId >= pending.ShardCount || !byShard.TryAdd(task.ShardId, task))
            {
                BeginStop(task, $"duplicate or out-of-range task of pending shard set {pending.Epoch}");
            }
        }

        var heartbeats = (await _heartbeats.ReadAllAsync(cancellationToken))
            .Where(record => record.Heartbeat.ShardSetEpoch == pending.Epoch && !record.IsStale(_options.HeartbeatTimeout))
            .GroupBy(record => record.Heartbeat.ShardId)
            .ToDictionary(group => group.Key, group => group.First());
        var maxConcurrency = Math.Max(1, spec.IdentifyConcurrency ?? gateway.SessionStartLimit.MaxConcurrency);
        var budgetLow = gateway.SessionStartLimit.Remaining <= _options.SessionStartReserve;
        var launches = new List<ShardLaunchRequest>();
        var shards = new ShardStatus[pending.ShardCount];
        for (var shardId = 0; shardId < pending.ShardCount; shardId++)
        {
            var memory = PendingMemory(shardId);
            byShard.TryGetValue(shardId, out var task);
            var heartbeat = heartbeats.GetValueOrDefault(shardId) is { } observed && observed.Heartbeat.TaskId == task?.TaskId ? observed : null;
            if (task is not null)
            {
                ObserveTask(pending.Epoch, shardId, task, heartbeat, memory, now);
            }
            else if (memory.Fatal is null && !budgetLow && now >= memory.Backoff.NextLaunchAt && MayLaunch(shardId, maxConcurrency, now))
            {
                if (memory.Phase is ShardPhase.Failed or ShardPhase.CrashLoop)
                {
                    memory.Backoff.RestartCount++;
                }

                var request = new ShardLaunchRequest(_options.Cluster, pending.Epoch, shardId, pending.ShardCount,
                    $"{_options.Cluster}-{pending.Epoch}-{shardId}-{memory.Backoff.RestartCount}");
                launches.Add(request);
                memory.Phase = ShardPhase.Launching;
                if (!_launcher.HostsShareIdentifyGate)
                {
                    _identifying[request.TaskId] = ShardMath.IdentifyBucket(shardId, maxConcurrency);
                }
            }

            shards[shardId] = new ShardStatus(
                shardId, memory.Phase, task?.TaskId ?? launches.LastOrDefault(l => l.ShardId == shardId)?.TaskId,
                heartbeat?.Heartbeat.FencingToken ?? 0, heartbeat?.ReceivedAt, heartbeat?.Heartbeat.GuildCount ?? 0,
                heartbeat?.Heartbeat.Latency, memory.Backoff.RestartCount, heartbeat?.Heartbeat.LastCloseCode ?? memory.LastCloseCode);
        }

        // Before the launches on the first call of a term; later calls check the routes every RouteCheckInterval.
        await EnsureRoutesAsync(pending.Epoch, pending.ShardCount, launchedBefore: pending.Shards.Any(shard => shard.TaskId is not null), cancellationToken);
        await LaunchAllAsync(launches, cancellationToken);
        pending = pending with { Shards = shards };
        var ready = shards.Count(shard => shard.Phase == ShardPhase.Ready);

        if (_pendingShards.Values.FirstOrDefault(memory => memory.Fatal is not null) is { } fatal)
        {
            return (RollBack(pending, running, "FatalCloseCode", fatal.Fatal!, now), null);
        }

        if (ready == pending.ShardCount)
        {
            var switched = await _state.SwitchActiveShardSetAsync(epoch, pending.Epoch, pending.ShardCount, _options.CutoverNotice, cancellationToken);
            if (switched is null)
            {
                // Another writer changed the active set; the next pass reads it again.
                conditions.Add(Condition(ClusterConditionTypes.Progressing, ConditionStatus.True, "Resharding",
                    $"The active shard set is no longer {epoch}; re-reading it.", spec.Generation));
                return (pending, null);
            }

            running.AddRange(byShard.Values);
            AdoptPendingMemory(pending.Epoch);
            var retiring = new RetiringShardSet(epoch, count, switched.ActiveFrom, switched.ActiveFrom + _options.RetireDelay);
            LogSwitched(epoch, pending.Epoch, switched.ActiveFrom);
            RecordSwitched(pending.Epoch, pending.ShardCount, retiring);
            conditions.Add(RetiringCondition(retiring, pending.Epoch, spec.Generation));
            return (pending, retiring);
        }

        if (now >= pending.ReadyDeadline)
        {
            return (RollBack(pending, running, "ReadyTimeout",
                $"Only {ready} of {pending.ShardCount} shards of shard set {pending.Epoch} were Ready after {_options.BlueGreenReadyTimeout.TotalSeconds:0.###} s "
                + "(OrchestratorOptions.BlueGreenReadyTimeout).", now), null);
        }

        conditions.Add(Condition(ClusterConditionTypes.Progressing, ConditionStatus.True, "Resharding",
            $"Blue-green reshard: {ready}/{pending.ShardCount} shards of shard set {pending.Epoch} are Ready in standby; "
            + $"shard set {epoch} stays active until all are Ready (deadline {pending.ReadyDeadline:O}).", spec.Generation));
        return (pending, null);
    }

    private async Task<RetiringShardSet?> RetireOldSetAsync(
        RetiringShardSet retiring, List<ShardTask> running, DateTimeOffset now, long generation, List<ClusterCondition> conditions, CancellationToken cancellationToken)
    {
        var tasks = TakeTasksOf(retiring.Epoch, running);
        if (now < retiring.StopAt)
        {
            conditions.Add(RetiringCondition(retiring, _memoryEpoch, generation));
            return retiring;
        }

        foreach (var task in tasks)
        {
            _retiringStops.Add(task.TaskId);
            BeginStop(task, $"blue-green reshard: shard set {retiring.Epoch} retired after the cutover at {retiring.CutoverAt:O}");
        }

        _retiringStops.RemoveWhere(taskId => !_stopping.ContainsKey(taskId));
        if (tasks.Count > 0 || _retiringStops.Count > 0)
        {
            conditions.Add(RetiringCondition(retiring, _memoryEpoch, generation));
            return retiring;
        }

        await RetireRoutesAsync(retiring.Epoch, retiring.ShardCount, cancellationToken);
        LogRetired(retiring.Epoch);
        RecordCompleted(retiring.Epoch, retiring.ShardCount, _memoryEpoch);
        return null;
    }

    // The rolled-back set's epoch is never reused, and RetireRolledBackSetAsync removes its routes once these tasks stopped.
    private PendingShardSet RollBack(PendingShardSet pending, List<ShardTask> running, string reason, string message, DateTimeOffset now)
    {
        foreach (var task in TakeTasksOf(pending.Epoch, running))
        {
            _rollbackStops.Add(task.TaskId);
            BeginStop(task, $"blue-green reshard rolled back ({reason})");
        }

        LogRolledBack(pending.Epoch, reason, message);
        RecordRolledBack(pending, reason, message);
        _pendingShards.Clear();
        _pendingEpoch = -1;
        return pending with { RollbackReason = $"{reason}: {message}", ReadyDeadline = pending.ReadyDeadline < now ? pending.ReadyDeadline : now };
    }

    private static List<ClusterCondition> RolledBackConditions(PendingShardSet pending, long epoch, int count, long generation)
    {
        var reason = pending.RollbackReason ?? "unknown";
        var message = $"Blue-green reshard to {pending.ShardCount} shards rolled back ({reason}). Shard set {epoch} ({count} shards) stays active; "
            + "fix the cause and run `alyx shards scale` again.";
        return
        [
            Condition(ClusterConditionTypes.Progressing, ConditionStatus.False, "ReshardRolledBack", message, generation),
            Condition(ClusterConditionTypes.Degraded, ConditionStatus.True, "ReshardRolledBack", message, generation),
        ];
    }

    private static ClusterCondition RetiringCondition(RetiringShardSet retiring, long activeEpoch, long generation) =>
        Condition(ClusterConditionTypes.Progressing, ConditionStatus.True, "Resharding",
            $"Shard set {activeEpoch} handles events from {retiring.CutoverAt:O}; shard set {retiring.Epoch} handles the earlier ones and stops at {retiring.StopAt:O}.",
            generation);

    /// <summary>Removes the tasks of one shard set from <paramref name="running"/> and returns them.</summary>
    private static List<ShardTask> TakeTasksOf(long shardSet, List<ShardTask> running)
    {
        var taken = running.Where(task => task.ShardSet == shardSet).ToList();
        running.RemoveAll(task => task.ShardSet == shardSet);
        return taken;
    }

    [LoggerMessage(EventId = 8210, Level = LogLevel.Information, Message = "Blue-green reshard: starting shard set {NewEpoch} ({NewCount} shards) in standby beside set {OldEpoch} ({OldCount} shards)")]
    private partial void LogReshardStarted(long oldEpoch, int oldCount, long newEpoch, int newCount);

    [LoggerMessage(EventId = 8211, Level = LogLevel.Information, Message = "Blue-green reshard: shard set {NewEpoch} is active from {CutoverAt}; set {OldEpoch} handles the earlier events")]
    private partial void LogSwitched(long oldEpoch, long newEpoch, DateTimeOffset cutoverAt);

    [LoggerMessage(EventId = 8212, Level = LogLevel.Information, Message = "Blue-green reshard: shard set {OldEpoch} stopped")]
    private partial void LogRetired(long oldEpoch);

    [LoggerMessage(EventId = 8213, Level = LogLevel.Warning, Message = "Blue-green reshard: shard set {NewEpoch} rolled back ({Reason}): {Detail}")]
    private partial void LogRolledBack(long newEpoch, string reason, string detail);
}
