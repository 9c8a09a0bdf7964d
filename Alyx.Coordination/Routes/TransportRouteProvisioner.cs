using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Routes;

/// <summary>
/// Routes on a transport whose inboxes appear on first use (Redis streams, in-memory queues), as in <c>alyx dev</c>:
/// creating a set needs nothing, and retiring it deletes each shard's inbox so old streams do not pile up.
/// </summary>
public sealed class TransportRouteProvisioner(IMessageTransport transport) : IRouteProvisioner
{
    /// <inheritdoc />
    public Task<RouteChanges> EnsureShardSetAsync(long shardSet, int shardCount, CancellationToken cancellationToken) =>
        Task.FromResult(RouteChanges.None);

    /// <inheritdoc />
    public async Task<RouteChanges> RetireShardSetAsync(long shardSet, int shardCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardCount);
        for (var shardId = 0; shardId < shardCount; shardId++)
        {
            await transport.DeleteInboxAsync(MessagingInboxes.Shard(shardSet, shardId), cancellationToken);
        }

        // The transport does not tell whether an inbox existed, so the count is of inboxes asked to go.
        return new RouteChanges(QueuesDeleted: shardCount);
    }
}
