using Alyx.Coordination.Events;
using Alyx.Coordination.State;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>
/// The events that mark a blue-green reshard's steps: started, switched, completed, rolled back. Each is appended at
/// most once per shard set, keyed by its type and epoch, because a leader that takes over may redo a step or re-record
/// the event of one its predecessor finished.
/// </summary>
public sealed partial class ShardReconciler
{
    private bool _predecessorMilestonesRecorded;

    /// <summary>
    /// Records again, on the first pass of a leadership term, the milestone events that the stored status and active
    /// set imply. A pass appends its events after its status write, so a leader that crashed between the two left the
    /// status of a step without the step's event. The once keys drop the events that did reach the log.
    /// </summary>
    private void RecordMilestonesOfPredecessor(ClusterStatus? status, ActiveShardSet? activeSet)
    {
        if (_predecessorMilestonesRecorded || status is null)
        {
            return;
        }

        _predecessorMilestonesRecorded = true;
        if (status.PendingShardSet is { RolledBack: false } pending)
        {
            RecordStarted(pending, status.ActiveShardSetEpoch, status.ShardCount);
        }
        else if (status.PendingShardSet is { RollbackReason: { } rollback } rolledBack)
        {
            var separator = rollback.IndexOf(": ", StringComparison.Ordinal);
            var (reason, message) = separator < 0 ? (rollback, rollback) : (rollback[..separator], rollback[(separator + 2)..]);
            RecordRolledBack(rolledBack, reason, message);
        }

        if (status.RetiringShardSet is { } retiring)
        {
            RecordSwitched(status.ActiveShardSetEpoch, status.ShardCount, retiring);
        }
        else if (activeSet is { PreviousEpoch: { } previousEpoch, PreviousShardCount: { } previousCount } && activeSet.Epoch == status.ActiveShardSetEpoch)
        {
            // The active set came from a switch and nothing retires any more, so the old set was stopped.
            RecordCompleted(previousEpoch, previousCount, activeSet.Epoch);
        }
    }

    private void RecordStarted(PendingShardSet pending, long activeEpoch, int activeCount) => RecordOnce(StartedEvent(pending, activeEpoch, activeCount));

    private async Task AppendStartedAsync(PendingShardSet pending, long activeEpoch, int activeCount, CancellationToken cancellationToken)
    {
        var started = StartedEvent(pending, activeEpoch, activeCount);
        await _events.AppendOnceAsync(started, OnceKey(started), cancellationToken);
    }

    private static OperatorEvent StartedEvent(PendingShardSet pending, long activeEpoch, int activeCount) => new(
        OperatorEventTypes.ReshardStarted, "BlueGreen",
        $"Starting shard set {pending.Epoch} ({pending.ShardCount} shards) in standby beside shard set {activeEpoch} ({activeCount} shards); "
        + $"it must be Ready by {pending.ReadyDeadline:O}.", pending.Epoch);

    private void RecordSwitched(long newEpoch, int newCount, RetiringShardSet retiring) => RecordOnce(new OperatorEvent(
        OperatorEventTypes.ShardSetSwitched, "AllShardsReady",
        $"Shard set {newEpoch} ({newCount} shards) handles events from {retiring.CutoverAt:O}; "
        + $"shard set {retiring.Epoch} ({retiring.ShardCount} shards) handles the earlier ones and stops at {retiring.StopAt:O}.", newEpoch));

    private void RecordCompleted(long oldEpoch, int oldCount, long newEpoch) => RecordOnce(new OperatorEvent(
        OperatorEventTypes.ReshardCompleted, "BlueGreen",
        $"Shard set {oldEpoch} ({oldCount} shards) stopped; shard set {newEpoch} is the only one running.", newEpoch));

    private void RecordRolledBack(PendingShardSet pending, string reason, string message) => RecordOnce(new OperatorEvent(
        OperatorEventTypes.ReshardRolledBack, reason,
        $"Shard set {pending.Epoch} ({pending.ShardCount} shards) was stopped and the active set kept: {message}", pending.Epoch));

    private void RecordOnce(OperatorEvent operatorEvent) => _pendingEvents.Add((operatorEvent, OnceKey(operatorEvent)));

    private static string OnceKey(OperatorEvent operatorEvent) => $"{operatorEvent.Type}:{operatorEvent.ShardSetEpoch}";
}
