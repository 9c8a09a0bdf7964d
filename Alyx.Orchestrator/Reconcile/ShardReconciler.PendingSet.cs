using Alyx.Coordination.Events;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>What the leader remembers about the shards of a blue-green reshard's pending set between passes.</summary>
public sealed partial class ShardReconciler
{
    private void SyncPendingMemory(PendingShardSet pending)
    {
        if (_pendingEpoch == pending.Epoch)
        {
            return;
        }

        // A new leader continues the restart counts of the previous one.
        _pendingEpoch = pending.Epoch;
        _pendingShards.Clear();
        foreach (var shard in pending.Shards)
        {
            PendingMemory(shard.ShardId).Backoff.RestartCount = shard.RestartCount;
        }
    }

    private ShardMemory PendingMemory(int shardId)
    {
        if (!_pendingShards.TryGetValue(shardId, out var memory))
        {
            memory = new ShardMemory(_options);
            _pendingShards[shardId] = memory;
        }

        return memory;
    }

    /// <summary>Makes the pending set's memory the active set's, at the switch.</summary>
    private void AdoptPendingMemory(long epoch)
    {
        _shards.Clear();
        foreach (var (shardId, memory) in _pendingShards)
        {
            _shards[shardId] = memory;
        }

        _memoryEpoch = epoch;
        _pendingShards.Clear();
        _pendingEpoch = -1;
    }

    /// <summary>Applies an exit of a pending set's task; returns false when the task belongs to no pending set.</summary>
    private bool DrainPendingExit(ShardTaskExit exit, long generation, DateTimeOffset now)
    {
        var task = exit.Task;
        if (task.ShardSet != _pendingEpoch || exit.Requested)
        {
            return task.ShardSet == _pendingEpoch;
        }

        var memory = PendingMemory(task.ShardId);
        var fix = FatalExit.FixFor(exit.ExitCode) ?? (exit.ExitCode == Shard.Hosting.ShardExitCode.ShardingRequired
            ? "Close code 4011: the new shard count is too small for the bot's guilds; scale to more shards."
            : null);
        if (fix is not null)
        {
            memory.Fatal = fix;
            memory.FatalGeneration = generation;
            memory.Phase = ShardPhase.Failed;
        }
        else
        {
            memory.Backoff.RecordFailure(now);
            memory.Phase = memory.Backoff.InCrashLoop ? ShardPhase.CrashLoop : ShardPhase.Failed;
        }

        Record(new OperatorEvent(OperatorEventTypes.ShardFailed, exit.ExitCode.ToString(),
            $"Task of pending shard set {task.ShardSet} exited with code {exit.RawExitCode}: {ShardExitText.Sentence(exit.Reason)}", task.ShardSet, task.ShardId, task.TaskId));
        return true;
    }
}
