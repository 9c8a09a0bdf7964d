using Alyx.Abstractions.Sharding;

namespace Alyx.Discord.Gateway;

/// <summary>
/// An identify gate for shards that all run in one process: one identify per bucket (<c>shard_id % max_concurrency</c>)
/// per window. It does not track the daily session start budget, and it cannot protect shards in other processes,
/// which need the cluster-wide gate.
/// </summary>
public sealed class LocalIdentifyGate : IIdentifyGate, IDisposable
{
    private readonly int _maxConcurrency;
    private readonly TimeSpan _window;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim[] _bucketLocks;
    private readonly long?[] _lastGrant;

    /// <summary>Creates a gate with <paramref name="maxConcurrency"/> buckets of one identify per <paramref name="window"/> (Discord's is 5 seconds).</summary>
    public LocalIdentifyGate(int maxConcurrency, TimeSpan window, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        _maxConcurrency = maxConcurrency;
        _window = window;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _bucketLocks = [.. Enumerable.Range(0, maxConcurrency).Select(_ => new SemaphoreSlim(1, 1))];
        _lastGrant = new long?[maxConcurrency];
    }

    /// <inheritdoc />
    public async ValueTask<IdentifyGrant> WaitForTurnAsync(int shardId, CancellationToken cancellationToken)
    {
        var bucket = ShardMath.IdentifyBucket(shardId, _maxConcurrency);
        var started = _timeProvider.GetTimestamp();
        await _bucketLocks[bucket].WaitAsync(cancellationToken);
        try
        {
            if (_lastGrant[bucket] is { } last)
            {
                var wait = _window - _timeProvider.GetElapsedTime(last);
                if (wait > TimeSpan.Zero)
                {
                    // Timers count whole milliseconds and may end a fraction early. A grant even slightly inside the
                    // window risks INVALID_SESSION, so the wait is rounded up and padded by one millisecond.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds) + 1), _timeProvider, cancellationToken);
                }
            }

            _lastGrant[bucket] = _timeProvider.GetTimestamp();
            return new IdentifyGrant(shardId, bucket, _timeProvider.GetUtcNow(), _timeProvider.GetElapsedTime(started));
        }
        finally
        {
            _bucketLocks[bucket].Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var bucketLock in _bucketLocks)
        {
            bucketLock.Dispose();
        }
    }
}
