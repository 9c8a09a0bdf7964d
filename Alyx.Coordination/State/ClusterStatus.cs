namespace Alyx.Coordination.State;

/// <summary>What the orchestrator observed, written by the orchestrator only.</summary>
/// <param name="ObservedGeneration">The spec generation the orchestrator last acted on.</param>
/// <param name="ActiveShardSetEpoch">The shard set that handles events.</param>
/// <param name="ShardCount">Shards of the active set.</param>
/// <param name="Shards">Per-shard status, one entry per shard id.</param>
/// <param name="Conditions">Cluster conditions (see <see cref="ClusterConditionTypes"/>).</param>
/// <param name="UpdatedAt">When the orchestrator wrote this status.</param>
/// <param name="PendingShardSet">The set a blue-green reshard starts, or the last one it rolled back; null otherwise.</param>
/// <param name="RetiringShardSet">The set a blue-green switch replaced, until it stopped; null otherwise.</param>
public sealed record ClusterStatus(
    long ObservedGeneration,
    long ActiveShardSetEpoch,
    int ShardCount,
    IReadOnlyList<ShardStatus> Shards,
    IReadOnlyList<ClusterCondition> Conditions,
    DateTimeOffset UpdatedAt,
    PendingShardSet? PendingShardSet = null,
    RetiringShardSet? RetiringShardSet = null);
