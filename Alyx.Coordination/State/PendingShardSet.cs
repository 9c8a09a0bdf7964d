namespace Alyx.Coordination.State;

/// <summary>
/// A shard set that a blue-green reshard starts beside the active set. Its hosts connect and identify but hand no
/// event to plugins until the switch makes it active.
/// </summary>
/// <param name="Epoch">The new set's epoch.</param>
/// <param name="ShardCount">Shards in the new set.</param>
/// <param name="Generation">The spec generation that asked for it.</param>
/// <param name="Shards">Per-shard status of the new set, one entry per shard id.</param>
/// <param name="StartedAt">When the orchestrator started the new set.</param>
/// <param name="ReadyDeadline">When the orchestrator rolls back if some shard of the new set is still not Ready.</param>
/// <param name="RollbackReason">Why the new set was stopped without becoming active; null while it is starting.</param>
public sealed record PendingShardSet(
    long Epoch,
    int ShardCount,
    long Generation,
    IReadOnlyList<ShardStatus> Shards,
    DateTimeOffset StartedAt,
    DateTimeOffset ReadyDeadline,
    string? RollbackReason = null)
{
    /// <summary>Whether the reshard was rolled back, leaving the previous set active.</summary>
    public bool RolledBack => RollbackReason is not null;
}
