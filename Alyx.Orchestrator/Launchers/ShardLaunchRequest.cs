namespace Alyx.Orchestrator.Launchers;

/// <summary>One shard to launch.</summary>
/// <param name="Cluster">The cluster name.</param>
/// <param name="ShardSet">The shard set epoch.</param>
/// <param name="ShardId">The zero-based shard id.</param>
/// <param name="ShardCount">Shards in the set.</param>
/// <param name="TaskId">The id the task gets; it doubles as the idempotency token of the launch.</param>
public sealed record ShardLaunchRequest(string Cluster, long ShardSet, int ShardId, int ShardCount, string TaskId);
