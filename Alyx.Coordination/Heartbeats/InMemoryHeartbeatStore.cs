namespace Alyx.Coordination.Heartbeats;

/// <summary>Heartbeats for a single process (<c>alyx dev</c>, embedded mode), stamped with the injected clock.</summary>
public sealed class InMemoryHeartbeatStore(TimeProvider timeProvider) : IHeartbeatStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(long Epoch, int ShardId), (ShardHeartbeat Heartbeat, DateTimeOffset ReceivedAt)> _heartbeats = [];

    /// <inheritdoc />
    public Task<bool> ReportAsync(ShardHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var key = (heartbeat.ShardSetEpoch, heartbeat.ShardId);
            if (_heartbeats.TryGetValue(key, out var stored) && stored.Heartbeat.FencingToken > heartbeat.FencingToken)
            {
                return Task.FromResult(false);
            }

            _heartbeats[key] = (heartbeat, timeProvider.GetUtcNow());
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HeartbeatRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            IReadOnlyList<HeartbeatRecord> records = _heartbeats.Values
                .Select(entry => new HeartbeatRecord(entry.Heartbeat, entry.ReceivedAt, now - entry.ReceivedAt))
                .ToArray();
            return Task.FromResult(records);
        }
    }

    /// <inheritdoc />
    public Task RemoveAsync(long shardSetEpoch, int shardId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _heartbeats.Remove((shardSetEpoch, shardId));
        }

        return Task.CompletedTask;
    }
}
