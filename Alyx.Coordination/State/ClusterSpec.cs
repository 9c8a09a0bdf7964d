namespace Alyx.Coordination.State;

/// <summary>The desired state of a cluster, written by the CLI.</summary>
/// <param name="ShardCount">Shards to run; null means <c>auto</c>, Discord's recommended count from <c>GET /gateway/bot</c>.</param>
/// <param name="IdentifyConcurrency">Overrides Discord's <c>max_concurrency</c> when set; null uses Discord's value.</param>
/// <param name="Strategy">How to reshard when the count changes.</param>
/// <param name="Image">The shard image or version to run; null keeps the orchestrator's default.</param>
public sealed record ClusterSpec(int? ShardCount, int? IdentifyConcurrency, ReshardStrategy Strategy, string? Image)
{
    /// <summary>
    /// Incremented by the store on every write, like Kubernetes' <c>metadata.generation</c>; ignored when writing.
    /// </summary>
    public long Generation { get; init; }
}
