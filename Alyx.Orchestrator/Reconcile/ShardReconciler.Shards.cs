using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Events;
using Alyx.Coordination.Heartbeats;
using Alyx.Coordination.State;
using Alyx.Discord.Rest;
using Alyx.Orchestrator.Launchers;
using Alyx.Shard.Hosting;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>The per-shard half of a pass: exits, heartbeats, launches and conditions.</summary>
public sealed partial class ShardReconciler
{
    /// <summary>Applies queued exits; returns true when a shard closed with 4011 (sharding required).</summary>
    private bool DrainExits(long epoch, int count, ClusterSpec spec, DateTimeOffset now)
    {
        var shardingRequired = false;
        while (_exits.TryDequeue(out var exit))
        {
            var task = exit.Task;
            if (_identifying.Remove(task.TaskId, out var bucket))
            {
                // The host may have identified just before it died, so its bucket waits one more window.
                _bucketFreeAt[bucket] = now + _options.IdentifyWindow;
            }

            _seenHeartbeat.Remove(task.TaskId);
            if (DrainPendingExit(exit, spec.Generation, now))
            {
                continue;
            }

            if (exit.Requested || task.ShardSet != epoch || task.ShardId >= count)
            {
                continue;
            }

            var memory = Memory(task.ShardId);
            if (exit.ExitCode == ShardExitCode.ShardingRequired)
            {
                memory.LastCloseCode = 4011;
                shardingRequired = true;
                continue;
            }

            if (FatalExit.FixFor(exit.ExitCode) is { } fix)
            {
                memory.Fatal = $"{fix} The task {ShardExitText.Describe(exit.RawExitCode)}; {ShardExitText.Sentence(exit.Reason)}";
                memory.FatalGeneration = spec.Generation;
                memory.FatalReason = "FatalCloseCode";
                memory.Phase = ShardPhase.Failed;
                LogShardFatal(task.ShardId, task.TaskId, exit.ExitCode, fix);
                Record(new OperatorEvent(OperatorEventTypes.ShardFailed, exit.ExitCode.ToString(), memory.Fatal, epoch, task.ShardId, task.TaskId));
                continue;
            }

            var delay = memory.Backoff.RecordFailure(now);
            memory.Phase = memory.Backoff.InCrashLoop ? ShardPhase.CrashLoop : ShardPhase.Failed;
            LogShardFailed(task.ShardId, task.TaskId, ShardExitText.Describe(exit.RawExitCode), exit.Reason, delay.TotalMilliseconds);
            Record(new OperatorEvent(OperatorEventTypes.ShardFailed, memory.Backoff.InCrashLoop ? "CrashLoop" : exit.ExitCode.ToString(),
                $"Task {ShardExitText.Describe(exit.RawExitCode)}; {ShardExitText.Sentence(exit.Reason)} Relaunch in {delay.TotalSeconds:0.#} s.", epoch, task.ShardId, task.TaskId));
        }

        return shardingRequired;
    }

    private void ForgetFinishedIdentifies(IReadOnlyList<ShardTask> tasks, DateTimeOffset now)
    {
        var live = tasks.Select(task => task.TaskId).ToHashSet(StringComparer.Ordinal);
        foreach (var (taskId, bucket) in _identifying.Where(pair => !live.Contains(pair.Key)).ToList())
        {
            _identifying.Remove(taskId);
            _bucketFreeAt[bucket] = now + _options.IdentifyWindow;
        }
    }

    private async Task<ReconcileResult> ReconcileShardsAsync(
        ClusterSpec spec, ClusterStatus? status, GatewayBotInfo gateway, long epoch, int count, List<ShardTask> running,
        long leaderFencingToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Orphans: tasks of another set or beyond the count. Duplicates: more than one task for a shard.
        var byShard = new Dictionary<int, ShardTask>();
        foreach (var task in running.OrderBy(task => task.StartedAt))
        {
            if (task.ShardSet != epoch || task.ShardId >= count)
            {
                BeginStop(task, $"orphaned: shard set {epoch} has {count} shards");
            }
            else if (!byShard.TryAdd(task.ShardId, task))
            {
                BeginStop(task, $"duplicate task for shard {task.ShardId}");
            }
        }

        foreach (var shardId in _restartRequests is null ? [] : await _restartRequests.TakeAllAsync())
        {
            if (byShard.Remove(shardId, out var restarted))
            {
                // A new attempt number gives the replacement its own task id; an operator's restart is no failure.
                var memory = Memory(shardId);
                memory.Backoff.RestartCount++;
                memory.Phase = ShardPhase.Stopping;
                BeginStop(restarted, "restart requested by the operator");
                Record(new OperatorEvent(OperatorEventTypes.TaskStopped, "RestartRequested", $"Shard {shardId} restarts on the operator's request.", epoch, shardId, restarted.TaskId));
            }
        }

        var heartbeats = (await _heartbeats.ReadAllAsync(cancellationToken))
            .Where(record => record.Heartbeat.ShardSetEpoch == epoch && !record.IsStale(_options.HeartbeatTimeout))
            .GroupBy(record => record.Heartbeat.ShardId)
            .ToDictionary(group => group.Key, group => group.First());
        var maxConcurrency = Math.Max(1, spec.IdentifyConcurrency ?? gateway.SessionStartLimit.MaxConcurrency);
        var budgetLow = gateway.SessionStartLimit.Remaining <= _options.SessionStartReserve;
        var launches = new List<ShardLaunchRequest>();
        var shards = new ShardStatus[count];
        DateTimeOffset? nextDue = null;
        for (var shardId = 0; shardId < count; shardId++)
        {
            var memory = Memory(shardId);
            if (memory.Fatal is not null && spec.Generation > memory.FatalGeneration)
            {
                // A new spec write is the operator's signal that the cause was fixed.
                memory.Fatal = null;
            }

            byShard.TryGetValue(shardId, out var task);
            var heartbeat = heartbeats.GetValueOrDefault(shardId) is { } observed && observed.Heartbeat.TaskId == task?.TaskId ? observed : null;
            if (task is not null)
            {
                // A task started, so later failures are the task's and its log explains them.
                memory.LastLaunchError = null;
                ObserveTask(epoch, shardId, task, heartbeat, memory, now);
            }
            else if (memory.Fatal is null && !budgetLow)
            {
                if (now < memory.Backoff.NextLaunchAt)
                {
                    nextDue = Min(nextDue, memory.Backoff.NextLaunchAt);
                }
                else if (MayLaunch(shardId, maxConcurrency, now))
                {
                    var attempt = memory.Backoff.RestartCount;
                    var request = new ShardLaunchRequest(_options.Cluster, epoch, shardId, count, $"{_options.Cluster}-{epoch}-{shardId}-{attempt}");
                    if (memory.Phase is ShardPhase.Failed or ShardPhase.CrashLoop)
                    {
                        memory.Backoff.RestartCount++;
                        request = request with { TaskId = $"{_options.Cluster}-{epoch}-{shardId}-{memory.Backoff.RestartCount}" };
                    }

                    launches.Add(request);
                    memory.Phase = ShardPhase.Launching;
                    if (!_launcher.HostsShareIdentifyGate)
                    {
                        _identifying[request.TaskId] = ShardMath.IdentifyBucket(shardId, maxConcurrency);
                    }
                }
                else
                {
                    memory.Phase = memory.Phase is ShardPhase.Failed or ShardPhase.CrashLoop ? memory.Phase : ShardPhase.Pending;
                }
            }

            shards[shardId] = new ShardStatus(
                shardId,
                memory.Phase,
                task?.TaskId ?? launches.LastOrDefault(l => l.ShardId == shardId)?.TaskId,
                heartbeat?.Heartbeat.FencingToken ?? 0,
                heartbeat?.ReceivedAt,
                heartbeat?.Heartbeat.GuildCount ?? 0,
                heartbeat?.Heartbeat.Latency,
                memory.Backoff.RestartCount,
                heartbeat?.Heartbeat.LastCloseCode ?? memory.LastCloseCode);
        }

        var launchFailures = await LaunchAllAsync(launches, cancellationToken);
        ApplyLaunchFailures(launchFailures, epoch, shards, now, spec.Generation);
        var conditions = Conditions(spec, gateway, shards, budgetLow, now);
        await WriteStatusAsync(status, spec, epoch, count, shards, conditions, leaderFencingToken, now, cancellationToken);

        var ready = shards.Count(shard => shard.Phase == ShardPhase.Ready);
        if (ready == count && _stopping.IsEmpty)
        {
            return ReconcileResult.Done($"{ready}/{count} shards Ready");
        }

        var delay = _options.ProgressInterval;
        if (nextDue is { } due && due - now < delay)
        {
            delay = due - now < TimeSpan.Zero ? TimeSpan.Zero : due - now;
        }

        return ReconcileResult.Requeue(delay, $"{ready}/{count} shards Ready");
    }

    private void ObserveTask(long epoch, int shardId, ShardTask task, HeartbeatRecord? heartbeat, ShardMemory memory, DateTimeOffset now)
    {
        if (heartbeat is null)
        {
            if (_seenHeartbeat.Contains(task.TaskId))
            {
                // The host reported before and stopped: it hangs or is paused. Its lease expires by itself; stop it.
                LogHeartbeatStale(shardId, task.TaskId);
                _seenHeartbeat.Remove(task.TaskId);
                memory.Backoff.RecordFailure(now);
                memory.Phase = memory.Backoff.InCrashLoop ? ShardPhase.CrashLoop : ShardPhase.Failed;
                Record(new OperatorEvent(OperatorEventTypes.ShardFailed, "HeartbeatStale",
                    "The shard host stopped reporting; the task is replaced.", epoch, shardId, task.TaskId));
                BeginStop(task, "heartbeat stale");
            }
            else if (memory.Phase is not (ShardPhase.Failed or ShardPhase.CrashLoop))
            {
                // Still starting, or waiting for the lease or the identify gate, until the start grace period ends.
                memory.Phase = ShardPhase.Launching;
                ReplaceIfStartGraceExpired(epoch, shardId, task, memory, now);
            }

            return;
        }

        _seenHeartbeat.Add(task.TaskId);
        memory.Phase = heartbeat.Heartbeat.Phase;
        memory.LastCloseCode = heartbeat.Heartbeat.LastCloseCode ?? memory.LastCloseCode;
        if (memory.Phase != ShardPhase.Ready || memory.ReadyTaskId == task.TaskId)
        {
            return;
        }

        memory.ReadyTaskId = task.TaskId;
        memory.Backoff.RecordHealthy(now);
        if (_identifying.Remove(task.TaskId, out var bucket))
        {
            _bucketFreeAt[bucket] = now + _options.IdentifyWindow;
        }

        Record(new OperatorEvent(OperatorEventTypes.ShardReady, "Ready", $"Shard {shardId} is Ready with {heartbeat.Heartbeat.GuildCount} guilds.", epoch, shardId, task.TaskId));
    }

    private bool MayLaunch(int shardId, int maxConcurrency, DateTimeOffset now)
    {
        if (_launcher.HostsShareIdentifyGate)
        {
            return true;
        }

        // Hosts in separate processes each have their own gate, so one bucket gets one new host at a time, and the
        // next one a full window after the previous host reached Ready (after its identify).
        var bucket = ShardMath.IdentifyBucket(shardId, maxConcurrency);
        return !_identifying.ContainsValue(bucket) && now >= _bucketFreeAt.GetValueOrDefault(bucket, DateTimeOffset.MinValue);
    }

    private async Task<IReadOnlyCollection<ShardLaunchException>> LaunchAllAsync(List<ShardLaunchRequest> launches, CancellationToken cancellationToken)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<ShardLaunchException>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentActions, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(launches, parallel, async (request, token) =>
        {
            if (await TryLaunchAsync(request, failures, token) is not { } task)
            {
                return;
            }

            LogLaunched(task.TaskId, request.ShardId, request.ShardSet);
            await _events.AppendAsync(new OperatorEvent(OperatorEventTypes.TaskLaunched, "MissingShard",
                $"Launched task {task.TaskId} for shard {request.ShardId}.", request.ShardSet, request.ShardId, task.TaskId), token);
        });
        return failures;
    }

    private List<ClusterCondition> Conditions(ClusterSpec spec, GatewayBotInfo gateway, ShardStatus[] shards, bool budgetLow, DateTimeOffset now)
    {
        var generation = spec.Generation;
        var ready = shards.Count(shard => shard.Phase == ShardPhase.Ready);
        var available = ready == shards.Length
            ? Condition(ClusterConditionTypes.Available, ConditionStatus.True, shards.Length == 0 ? "ScaledToZero" : "AllShardsReady", $"{ready}/{shards.Length} shards are Ready.", generation)
            : Condition(ClusterConditionTypes.Available, ConditionStatus.False, "ShardsNotReady", $"{ready}/{shards.Length} shards are Ready.", generation);

        // A shard that exited with a fatal close code is not relaunched until the spec changes, so it stops progress.
        var waiting = shards.Count(shard => shard.Phase != ShardPhase.Ready && _shards.TryGetValue(shard.ShardId, out var memory) && memory.Fatal is not null);
        var progressing = (ready == shards.Length, ready + waiting == shards.Length && _stopping.IsEmpty) switch
        {
            (true, true) => Condition(ClusterConditionTypes.Progressing, ConditionStatus.False, "Converged", $"Running {shards.Length} shards as generation {generation} asks.", generation),
            (false, true) => Condition(ClusterConditionTypes.Progressing, ConditionStatus.False, "FatalCloseCode",
                $"{waiting} of {shards.Length} shards failed in a way a relaunch cannot fix (a fatal close code or a rejected launch) and are not relaunched; fix the cause in Degraded, then write the spec again (alyx shards scale).", generation),
            _ => Condition(ClusterConditionTypes.Progressing, ConditionStatus.True, "Launching", $"{shards.Length - ready} of {shards.Length} shards are not Ready yet.", generation),
        };

        var problems = new List<(string Reason, string Message)>();
        foreach (var (shardId, memory) in _shards.Where(pair => pair.Key < shards.Length).OrderBy(pair => pair.Key))
        {
            if (memory.Fatal is not null)
            {
                problems.Add((memory.FatalReason, $"Shard {shardId}: {memory.Fatal}"));
            }
            else if (memory.Backoff.InCrashLoop && memory.LastLaunchError is { } launchError)
            {
                // No task started, so there is no task log to read; the launcher's error is the cause.
                problems.Add(("CrashLoop", $"Shard {shardId} failed {_options.CrashLoopFailures} times within {_options.CrashLoopWindow.TotalMinutes:0.#} minutes "
                    + $"because its launch failed; no task started. Last launch error: {launchError}"));
            }
            else if (memory.Backoff.InCrashLoop)
            {
                problems.Add(("CrashLoop", $"Shard {shardId} failed {_options.CrashLoopFailures} times within {_options.CrashLoopWindow.TotalMinutes:0.#} minutes; check its log."));
            }
        }

        if (budgetLow)
        {
            var resetsAt = now + TimeSpan.FromMilliseconds(gateway.SessionStartLimit.ResetAfter);
            problems.Add(("SessionStartBudgetLow",
                $"{gateway.SessionStartLimit.Remaining} session starts remain (reserve {_options.SessionStartReserve}); no new identify until the budget resets at {resetsAt:O}."));
        }

        var degraded = problems.Count == 0
            ? Condition(ClusterConditionTypes.Degraded, ConditionStatus.False, "AsExpected", "No shard needs the operator.", generation)
            : Condition(ClusterConditionTypes.Degraded, ConditionStatus.True, problems[0].Reason, string.Join(" ", problems.Select(p => p.Message)), generation);
        return [available, progressing, degraded];
    }

    private void Record(OperatorEvent operatorEvent) => _pendingEvents.Add((operatorEvent, null));

    private static DateTimeOffset Min(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } value && value < candidate ? value : candidate;
}
