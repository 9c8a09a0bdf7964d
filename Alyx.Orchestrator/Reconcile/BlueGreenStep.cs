using Alyx.Coordination.State;
using Alyx.Orchestrator.Launchers;

namespace Alyx.Orchestrator.Reconcile;

/// <summary>What the blue-green part of a pass leaves for the rest of it.</summary>
/// <param name="Epoch">The active set after the step (the new one once switched).</param>
/// <param name="Count">Shards of the active set after the step.</param>
/// <param name="Running">Tasks of the active set and orphans; the pending and retiring sets' tasks are taken out.</param>
/// <param name="Owned">Whether the step owns the difference between the spec and the active count, so no rolling reshard runs.</param>
/// <param name="Pending">The pending set to write into the status, or null.</param>
/// <param name="Retiring">The retiring set to write into the status, or null.</param>
/// <param name="Conditions">Conditions that replace the per-shard ones of the pass.</param>
internal sealed record BlueGreenStep(
    long Epoch,
    int Count,
    List<ShardTask> Running,
    bool Owned,
    PendingShardSet? Pending,
    RetiringShardSet? Retiring,
    IReadOnlyList<ClusterCondition> Conditions)
{
    /// <summary>Whether a reshard is still under way, so the loop keeps passing quickly.</summary>
    public bool InProgress => Pending is { RolledBack: false } || Retiring is not null;
}
