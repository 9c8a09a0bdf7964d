using System.Collections.Concurrent;
using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>The start of a task: launch failures and the grace period before the first heartbeat.</summary>
public sealed partial class ShardReconciler
{
    // Long enough for a launcher's own sentence plus a 200-character summary of the backend's error.
    private const int MaxLaunchErrorLength = 600;

    private async Task<ShardTask?> TryLaunchAsync(ShardLaunchRequest request, ConcurrentBag<ShardLaunchException> failures, CancellationToken cancellationToken)
    {
        try
        {
            return await _launcher.LaunchAsync(request, cancellationToken);
        }
        catch (ShardLaunchException exception)
        {
            failures.Add(exception);
            return null;
        }
    }

    /// <summary>
    /// Counts each failed launch as a failure of its shard: the shard backs off, its status shows Failed (or CrashLoop),
    /// and the next launch gets a new attempt number, so a new task id and idempotency token.
    /// </summary>
    private void ApplyLaunchFailures(IReadOnlyCollection<ShardLaunchException> failures, long epoch, ShardStatus[] shards, DateTimeOffset now, long generation)
    {
        foreach (var failure in failures.OrderBy(failure => failure.Request.ShardId))
        {
            var shardId = failure.Request.ShardId;
            var memory = Memory(shardId);
            if (failure.NeedsOperator)
            {
                // Like a fatal close code: no blind relaunch until the spec is written again.
                memory.Fatal = $"{OneLine(failure.Message, MaxLaunchErrorLength)} Then write the spec again (alyx shards scale) to relaunch.";
                memory.FatalGeneration = generation;
                memory.FatalReason = "LaunchRejected";
                memory.Phase = ShardPhase.Failed;
                shards[shardId] = shards[shardId] with { Phase = memory.Phase, TaskId = null };
                LogLaunchRejected(shardId, failure.Request.TaskId, failure.Message);
                Record(new OperatorEvent(OperatorEventTypes.ShardFailed, "LaunchRejected", memory.Fatal, epoch, shardId, failure.Request.TaskId));
                continue;
            }

            var delay = memory.Backoff.RecordFailure(now);
            var error = OneLine(failure.Message, MaxLaunchErrorLength);
            memory.LastLaunchError = error;
            memory.Phase = memory.Backoff.InCrashLoop ? ShardPhase.CrashLoop : ShardPhase.Failed;
            shards[shardId] = shards[shardId] with { Phase = memory.Phase, TaskId = null };
            LogLaunchFailed(shardId, failure.Request.TaskId, failure.Reason, error, delay.TotalMilliseconds);
            Record(new OperatorEvent(OperatorEventTypes.ShardFailed, "LaunchFailed",
                $"{error} Next launch in {delay.TotalSeconds:0.#} s.", epoch, shardId, failure.Request.TaskId));
        }
    }

    // Collapses line breaks and runs of whitespace, then cuts to max characters, so a launcher error that carries a
    // whole response page stays one readable line in events and status.
    private static string OneLine(string text, int max)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..max] + "...";
    }

    /// <summary>
    /// Replaces a task that has not sent its first heartbeat within <see cref="OrchestratorOptions.StartGracePeriod"/>
    /// of its start: its container never started, or its host hangs before the gateway connects.
    /// </summary>
    private void ReplaceIfStartGraceExpired(long epoch, int shardId, ShardTask task, ShardMemory memory, DateTimeOffset now)
    {
        if (now - task.StartedAt <= _options.StartGracePeriod)
        {
            return;
        }

        memory.Backoff.RecordFailure(now);
        memory.Phase = memory.Backoff.InCrashLoop ? ShardPhase.CrashLoop : ShardPhase.Failed;
        LogStartGraceExpired(shardId, task.TaskId, _options.StartGracePeriod.TotalSeconds);
        Record(new OperatorEvent(OperatorEventTypes.ShardFailed, "StartTimedOut",
            $"The task sent no heartbeat within {_options.StartGracePeriod.TotalSeconds:0.#} s of its start; it is replaced.", epoch, shardId, task.TaskId));
        BeginStop(task, "no heartbeat within the start grace period");
    }

    [LoggerMessage(EventId = 8208, Level = LogLevel.Warning, Message = "Launch of shard {ShardId} task {TaskId} failed ({Reason}): {Message}; next launch in {DelayMs} ms")]
    private partial void LogLaunchFailed(int shardId, string taskId, string reason, string message, double delayMs);

    [LoggerMessage(EventId = 8214, Level = LogLevel.Error, Message = "Launch of shard {ShardId} task {TaskId} was rejected; no relaunch until the spec is written again: {Message}")]
    private partial void LogLaunchRejected(int shardId, string taskId, string message);

    [LoggerMessage(EventId = 8209, Level = LogLevel.Warning, Message = "Shard {ShardId} task {TaskId} sent no heartbeat within {GraceSeconds} s of its start; replacing it")]
    private partial void LogStartGraceExpired(int shardId, string taskId, double graceSeconds);
}
