using System.Collections.Concurrent;
using Alyx.Discord.Gateway;

namespace Alyx.Shard.Sessions;

/// <summary>Hands gateway sessions between hosts of one process; a saved session expires like the Redis one.</summary>
public sealed class InMemoryGatewaySessionStore(TimeProvider timeProvider) : IGatewaySessionStore
{
    private readonly ConcurrentDictionary<(long ShardSet, int ShardId), (GatewaySession Session, DateTimeOffset ExpiresAt)> _sessions = new();

    /// <inheritdoc />
    public Task SaveAsync(long shardSet, int shardId, GatewaySession session, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(session);
        _sessions[(shardSet, shardId)] = (session, timeProvider.GetUtcNow() + timeToLive);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<GatewaySession?> TakeAsync(long shardSet, int shardId) =>
        Task.FromResult(_sessions.TryRemove((shardSet, shardId), out var saved) && saved.ExpiresAt > timeProvider.GetUtcNow() ? saved.Session : null);
}
