namespace Alyx.Discord.Gateway;

/// <summary>A shard failed for good; <see cref="Failure"/> says why and what to fix.</summary>
public sealed class GatewayFailureException(int shardId, GatewayFailure failure)
    : Exception($"Shard {shardId} failed: {failure.Message}")
{
    /// <summary>The shard that failed.</summary>
    public int ShardId { get; } = shardId;

    /// <summary>The typed reason.</summary>
    public GatewayFailure Failure { get; } = failure;
}
