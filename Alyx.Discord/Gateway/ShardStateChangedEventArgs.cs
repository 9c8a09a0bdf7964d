namespace Alyx.Discord.Gateway;

/// <summary>A change of a shard's connection state.</summary>
/// <param name="ShardId">The shard.</param>
/// <param name="Previous">The state before the change.</param>
/// <param name="Current">The state after the change.</param>
/// <param name="Reason">Why the state changed, for logs and status.</param>
/// <param name="Failure">Set when <paramref name="Current"/> is <see cref="ShardState.Failed"/>.</param>
public sealed class ShardStateChangedEventArgs(int ShardId, ShardState Previous, ShardState Current, string Reason, GatewayFailure? Failure) : EventArgs
{
    /// <summary>The shard.</summary>
    public int ShardId { get; } = ShardId;

    /// <summary>The state before the change.</summary>
    public ShardState Previous { get; } = Previous;

    /// <summary>The state after the change.</summary>
    public ShardState Current { get; } = Current;

    /// <summary>Why the state changed.</summary>
    public string Reason { get; } = Reason;

    /// <summary>Set when <see cref="Current"/> is <see cref="ShardState.Failed"/>.</summary>
    public GatewayFailure? Failure { get; } = Failure;
}
