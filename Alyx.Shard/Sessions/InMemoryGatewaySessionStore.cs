using System.Collections.Concurrent;

namespace Alyx.Shard.Sessions;

/// <summary>Hands gateway sessions between hosts of one process; a saved session expires like the Redis one.</summary>
public sealed class InMemoryGatewaySessionStore(TimeProvider timeProvider) : IGatewaySessionStore
{
    private readonly ConcurrentDictionary<(long ShardSet, int ShardId), (SessionHandover Handover, DateTimeOffset ExpiresAt)> _sessions = new();

    /// <inheritdoc />
    public Task SaveAsync(long shardSet, int shardId, SessionHandover handover, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(handover);
        _sessions[(shardSet, shardId)] = (handover, timeProvider.GetUtcNow() + timeToLive);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SessionHandover?> TakeAsync(long shardSet, int shardId) =>
        Task.FromResult(_sessions.TryRemove((shardSet, shardId), out var saved) && saved.ExpiresAt > timeProvider.GetUtcNow() ? saved.Handover : null);
}
