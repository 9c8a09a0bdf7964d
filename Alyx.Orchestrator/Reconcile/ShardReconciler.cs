using System.Collections.Concurrent;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Discord.Rest;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Spec;
using Alyx.Shard.Hosting;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>
/// One reconcile pass: read the spec, resolve the shard count, list tasks, read heartbeats, launch missing shards,
/// stop extra and orphaned tasks, relaunch dead ones with backoff, and write status with conditions. A pass is
/// idempotent: task ids are derived from (set, shard, attempt), so a repeated launch returns the running task.
/// One instance serves one leadership term; it keeps backoff and pacing state between passes.
/// </summary>
public sealed partial class ShardReconciler
{
    private readonly OrchestratorOptions _options;
    private readonly IClusterStateStore _state;
    private readonly IShardLauncher _launcher;
    private readonly IHeartbeatStore _heartbeats;
    private readonly GatewayBotCache _gateway;
    private readonly IEventLog _events;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<ShardTaskExit> _exits = new();
    private readonly ConcurrentDictionary<string, Task> _stopping = new(StringComparer.Ordinal);
    private readonly Dictionary<int, ShardMemory> _shards = [];
    private readonly HashSet<string> _seenHeartbeat = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _identifying = new(StringComparer.Ordinal);
    private readonly Dictionary<int, DateTimeOffset> _bucketFreeAt = [];
    private readonly List<(OperatorEvent Event, string? OnceKey)> _pendingEvents = [];
    private readonly RestartRequests? _restartRequests;
    private long _memoryEpoch = -1;
    private int? _shardingRequiredCount;
    private BlueGreenStep _reshard = new(0, 0, [], false, null, null, []);
    private long _shardingRequiredGeneration;

    /// <summary>Creates the reconciler for one leadership term; <paramref name="restartRequests"/> is null where operators cannot restart shards.</summary>
    public ShardReconciler(
        OrchestratorOptions options,
        IClusterStateStore state,
        IShardLauncher launcher,
        IHeartbeatStore heartbeats,
        GatewayBotCache gateway,
        IEventLog events,
        TimeProvider timeProvider,
        ILogger logger,
        RestartRequests? restartRequests = null)
    {
        _restartRequests = restartRequests;
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _launcher = launcher ?? throw new ArgumentNullException(nameof(launcher));
        _heartbeats = heartbeats ?? throw new ArgumentNullException(nameof(heartbeats));
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Queues a task exit for the next pass; the loop calls it from the launcher's event.</summary>
    public void OnTaskExited(ShardTaskExit exit) => _exits.Enqueue(exit);

    /// <summary>Runs one pass.</summary>
    /// <param name="leaderFencingToken">The fencing token of this orchestrator's leader lease; it guards the status write.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <exception cref="Coordination.Redis.CoordinationUnavailableException">Redis is unreachable; the loop backs off.</exception>
    public async Task<ReconcileResult> ReconcileAsync(long leaderFencingToken, CancellationToken cancellationToken)
    {
        var result = await ReconcileCoreAsync(leaderFencingToken, cancellationToken);

        // Events wait until the pass wrote its status, and after a failed pass they go out with the next one. Each
        // leaves the list once appended, so an append that fails part way does not repeat the ones before it.
        while (_pendingEvents.Count > 0)
        {
            var (operatorEvent, onceKey) = _pendingEvents[0];
            if (onceKey is null)
            {
                await _events.AppendAsync(operatorEvent, cancellationToken);
            }
            else
            {
                await _events.AppendOnceAsync(operatorEvent, onceKey, cancellationToken);
            }

            _pendingEvents.RemoveAt(0);
        }

        return result;
    }

    private async Task<ReconcileResult> ReconcileCoreAsync(long leaderFencingToken, CancellationToken cancellationToken)
    {
        var spec = await _state.ReadSpecAsync(cancellationToken);
        if (spec is null)
        {
            return ReconcileResult.Done("no spec written yet; waiting for `alyx shards scale --count N --create`");
        }

        var status = await _state.ReadStatusAsync(cancellationToken);
        var now = _timeProvider.GetUtcNow();
        _reshard = new BlueGreenStep(0, 0, [], false, status?.PendingShardSet, status?.RetiringShardSet, []);
        var epoch = status?.ActiveShardSetEpoch ?? 1;
        SyncMemory(epoch, status);
        var shardingRequired = DrainExits(epoch, status?.ShardCount ?? int.MaxValue, spec, now);
        if (shardingRequired)
        {
            _gateway.Invalidate();
        }

        var gateway = await ReadGatewayAsync(status, spec, leaderFencingToken, now, cancellationToken);
        if (gateway is null)
        {
            return ReconcileResult.Requeue(_options.ResyncInterval, "GET /gateway/bot failed; see the Degraded condition");
        }

        if (shardingRequired && status is not null)
        {
            // Close code 4011: reshard to Discord's recommendation, and to at least one more shard in case the
            // recommendation has not caught up with the guild count yet.
            _shardingRequiredCount = Math.Max(gateway.Shards, status.ShardCount + 1);
            _shardingRequiredGeneration = spec.Generation;
            LogShardingRequired(_shardingRequiredCount.Value);
        }

        var desired = DesiredCount(spec, gateway);
        var count = status?.ShardCount ?? desired;

        var tasks = await _launcher.ListAsync(cancellationToken);
        var running = tasks.Where(task => !_stopping.ContainsKey(task.TaskId)).ToList();
        ForgetFinishedIdentifies(tasks, now);

        var activeSet = (await _state.ReadActiveShardSetAsync(cancellationToken)).Set;
        RecordMilestonesOfPredecessor(status, activeSet);
        _reshard = await ReconcileBlueGreenAsync(spec, status, gateway, desired, epoch, count, activeSet, running, now, cancellationToken);
        (epoch, count, running) = (_reshard.Epoch, _reshard.Count, _reshard.Running);
        if (desired != count && !_reshard.Owned)
        {
            // Rolling reshard: stop every task of the old set, then switch to a new set epoch and launch it.
            foreach (var task in running)
            {
                BeginStop(task, $"rolling reshard from {count} to {desired} shards");
            }

            if (tasks.Count > 0)
            {
                var resharding = Condition(ClusterConditionTypes.Progressing, ConditionStatus.True, "Resharding",
                    $"Stopping {tasks.Count} tasks of shard set {epoch} ({count} shards) before starting {desired} shards.", spec.Generation);
                var stoppingShards = ShardStatuses(count, ShardPhase.Stopping);
                await WriteStatusAsync(status, spec, epoch, count, stoppingShards, [resharding], leaderFencingToken, now, cancellationToken);
                return ReconcileResult.Requeue(_options.ProgressInterval, "resharding: waiting for the old set to stop");
            }

            await RetireRoutesAsync(epoch, count, cancellationToken);
            // A rolled-back blue-green set may have used the next epoch; its leases and task ids stay unused.
            var nextEpoch = Math.Max(epoch, status?.PendingShardSet?.Epoch ?? 0) + 1;
            await _events.AppendAsync(new OperatorEvent(OperatorEventTypes.ReshardCompleted, "RollingSwitch",
                $"Shard set {epoch} ({count} shards) stopped; shard set {nextEpoch} starts with {desired} shard{(desired == 1 ? "" : "s")}.", nextEpoch), cancellationToken);
            LogReshardSwitched(epoch, count, nextEpoch, desired);
            epoch = nextEpoch;
            count = desired;
            SyncMemory(epoch, null);
        }

        if ((activeSet is null || activeSet.Epoch < epoch) && _reshard.Retiring is null)
        {
            // The first set, or the set after a rolling reshard: the old set has stopped, so the new one takes every event.
            await _state.ActivateShardSetAsync(activeSet?.Epoch, epoch, count, _options.CutoverNotice, cancellationToken);
        }

        var launchedBefore = status is not null && status.ActiveShardSetEpoch == epoch && status.Shards.Any(shard => shard.TaskId is not null);
        await EnsureRoutesAsync(epoch, count, launchedBefore, cancellationToken);
        var result = await ReconcileShardsAsync(spec, status, gateway, epoch, count, running, leaderFencingToken, now, cancellationToken);
        if (_reshard.InProgress && (result.Outcome == ReconcileOutcome.Done || result.Delay > _options.ProgressInterval))
        {
            return ReconcileResult.Requeue(_options.ProgressInterval, "blue-green reshard in progress: " + result.Message);
        }

        return result;
    }

    private int DesiredCount(ClusterSpec spec, GatewayBotInfo gateway)
    {
        if (_shardingRequiredCount is { } required && spec.Generation <= _shardingRequiredGeneration)
        {
            return required;
        }

        _shardingRequiredCount = null;
        return spec.ShardCount ?? gateway.Shards;
    }

    private void SyncMemory(long epoch, ClusterStatus? status)
    {
        if (_memoryEpoch == epoch)
        {
            return;
        }

        _memoryEpoch = epoch;
        _shards.Clear();
        _identifying.Clear();
        if (status is not null && status.ActiveShardSetEpoch == epoch)
        {
            // A new leader continues the restart counts of the previous one.
            foreach (var shard in status.Shards)
            {
                Memory(shard.ShardId).Backoff.RestartCount = shard.RestartCount;
            }
        }
    }

    private ShardMemory Memory(int shardId)
    {
        if (!_shards.TryGetValue(shardId, out var memory))
        {
            memory = new ShardMemory(_options);
            _shards[shardId] = memory;
        }

        return memory;
    }

    private void BeginStop(ShardTask task, string reason)
    {
        if (_identifying.Remove(task.TaskId, out var bucket))
        {
            _bucketFreeAt[bucket] = _timeProvider.GetUtcNow() + _options.IdentifyWindow;
        }

        _stopping.GetOrAdd(task.TaskId, id => Task.Run(async () =>
        {
            try
            {
                await _launcher.StopAsync(id, reason, CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogStopFailed(id, exception);
            }
            finally
            {
                _stopping.TryRemove(id, out _);
            }
        }));
    }

    private static ShardStatus[] ShardStatuses(int count, ShardPhase phase) =>
        [.. Enumerable.Range(0, count).Select(shard => new ShardStatus(shard, phase))];

    private static ClusterCondition Condition(string type, ConditionStatus status, string reason, string message, long generation) =>
        new(type, status, reason, message, generation, DateTimeOffset.MinValue);

    private async Task WriteStatusAsync(
        ClusterStatus? previous, ClusterSpec spec, long epoch, int count, IReadOnlyList<ShardStatus> shards,
        IReadOnlyList<ClusterCondition> conditions, long leaderFencingToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var merged = previous?.Conditions ?? [];
        foreach (var condition in conditions)
        {
            merged = ClusterConditions.Set(merged, condition, now);
        }

        foreach (var condition in _reshard.Conditions)
        {
            merged = ClusterConditions.Set(merged, condition, now);
        }

        var status = new ClusterStatus(spec.Generation, epoch, count, shards, merged, now, _reshard.Pending, _reshard.Retiring);
        if (!await _state.WriteStatusAsync(status, leaderFencingToken, cancellationToken))
        {
            throw new LeadershipLostException(leaderFencingToken);
        }
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "Shard set {OldEpoch} ({OldCount} shards) stopped; switching to set {NewEpoch} with {NewCount} shards")]
    private partial void LogReshardSwitched(long oldEpoch, int oldCount, long newEpoch, int newCount);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Warning, Message = "Stopping task {TaskId} failed")]
    private partial void LogStopFailed(string taskId, Exception exception);

    [LoggerMessage(EventId = 8203, Level = LogLevel.Warning, Message = "Shard {ShardId} task {TaskId} {Exit}; {Reason}; relaunch in {DelayMs:0} ms")]
    private partial void LogShardFailed(int shardId, string taskId, string exit, string reason, double delayMs);

    [LoggerMessage(EventId = 8204, Level = LogLevel.Error, Message = "Shard {ShardId} task {TaskId} exited with fatal {ExitCode}; not relaunching: {Fix}")]
    private partial void LogShardFatal(int shardId, string taskId, ShardExitCode exitCode, string fix);

    [LoggerMessage(EventId = 8205, Level = LogLevel.Warning, Message = "A shard closed with 4011 (sharding required); resharding to {Recommended} shards")]
    private partial void LogShardingRequired(int recommended);

    [LoggerMessage(EventId = 8206, Level = LogLevel.Information, Message = "Launched task {TaskId} for shard {ShardId} of set {ShardSet}")]
    private partial void LogLaunched(string taskId, int shardId, long shardSet);

    [LoggerMessage(EventId = 8207, Level = LogLevel.Warning, Message = "Heartbeat of shard {ShardId} task {TaskId} went stale; replacing the task")]
    private partial void LogHeartbeatStale(int shardId, string taskId);
}
