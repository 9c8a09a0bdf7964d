namespace Alyx.Coordination.State;

/// <summary>The active shard set record of the in-memory store, behind the same lock as spec and status.</summary>
public sealed partial class InMemoryClusterStateStore
{
    private ActiveShardSet? _activeSet;

    /// <inheritdoc />
    public Task<ActiveShardSetReading> ReadActiveShardSetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(new ActiveShardSetReading(_activeSet, NowMilliseconds()));
        }
    }

    /// <inheritdoc />
    public Task<ActiveShardSet?> ActivateShardSetAsync(long? expectedEpoch, long epoch, int shardCount, TimeSpan cutoverNotice, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_activeSet?.Epoch != expectedEpoch)
            {
                return Task.FromResult<ActiveShardSet?>(null);
            }

            _activeSet = new ActiveShardSet(epoch, shardCount, DateTimeOffset.UnixEpoch, null, null, cutoverNotice);
            return Task.FromResult<ActiveShardSet?>(_activeSet);
        }
    }

    /// <inheritdoc />
    public Task<ActiveShardSet?> SwitchActiveShardSetAsync(long expectedEpoch, long epoch, int shardCount, TimeSpan cutoverNotice, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_activeSet is not { } current || current.Epoch != expectedEpoch)
            {
                return Task.FromResult<ActiveShardSet?>(null);
            }

            var notice = TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(cutoverNotice.TotalMilliseconds, current.CutoverNotice.TotalMilliseconds)));
            _activeSet = new ActiveShardSet(epoch, shardCount, NowMilliseconds() + notice, current.Epoch, current.ShardCount, notice);
            return Task.FromResult<ActiveShardSet?>(_activeSet);
        }
    }

    // Whole milliseconds, as the Redis store keeps them, so both stores give the same instants.
    private DateTimeOffset NowMilliseconds() => DateTimeOffset.FromUnixTimeMilliseconds(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
}
