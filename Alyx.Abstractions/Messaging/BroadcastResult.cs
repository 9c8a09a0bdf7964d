namespace Alyx.Abstractions.Messaging;

/// <summary>
/// The outcome of a broadcast: one <see cref="ShardReply{TResponse}"/> per shard of the shard set the broadcast was
/// sent to, ordered by shard ID. A slow or failed shard never fails the broadcast as a whole.
/// </summary>
/// <typeparam name="TResponse">The reply payload type.</typeparam>
/// <param name="CorrelationId">The ID shared by the broadcast and its replies.</param>
/// <param name="Route">The route name.</param>
/// <param name="Replies">One entry per shard.</param>
public sealed record BroadcastResult<TResponse>(string CorrelationId, string Route, IReadOnlyList<ShardReply<TResponse>> Replies)
{
    /// <summary>The values of the shards that replied.</summary>
    public IEnumerable<TResponse> Values =>
        // An Ok reply contains the deserialized value, which is null only when TResponse itself allows null.
        Replies.Where(reply => reply.IsOk).Select(reply => reply.Value!);

    /// <summary>Whether every shard replied with a value.</summary>
    public bool AllOk => Replies.All(reply => reply.IsOk);
}
