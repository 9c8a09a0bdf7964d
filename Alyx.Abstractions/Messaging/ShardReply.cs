namespace Alyx.Abstractions.Messaging;

/// <summary>
/// One shard's part of a broadcast result.
/// </summary>
/// <typeparam name="TResponse">The reply payload type.</typeparam>
/// <param name="ShardId">The shard.</param>
/// <param name="Status">Whether the shard replied, failed, timed out or was not owned.</param>
/// <param name="Value">The reply when <paramref name="Status"/> is <see cref="ShardReplyStatus.Ok"/>, otherwise the default.</param>
/// <param name="Error">The error type and message when <paramref name="Status"/> is <see cref="ShardReplyStatus.Failed"/>.</param>
public sealed record ShardReply<TResponse>(int ShardId, ShardReplyStatus Status, TResponse? Value, string? Error)
{
    /// <summary>Whether the shard replied with a value.</summary>
    public bool IsOk => Status == ShardReplyStatus.Ok;
}
