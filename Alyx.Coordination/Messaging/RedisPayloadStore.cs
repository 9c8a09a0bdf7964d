using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// A payload store in Redis for the Redis transport: each payload is a string key <c>bus:payload:{id}</c> that
/// expires after a time to live, so payloads whose messages were never read do not pile up.
/// </summary>
public sealed class RedisPayloadStore : IPayloadStore
{
    private readonly IConnectionMultiplexer _connection;
    private readonly ClusterKeys _keys;
    private readonly TimeSpan _timeToLive;

    /// <summary>Creates the store.</summary>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="keys">The cluster's key builder.</param>
    /// <param name="timeToLive">How long a payload is kept; longer than the longest request timeout. Default 1 hour.</param>
    public RedisPayloadStore(IConnectionMultiplexer connection, ClusterKeys keys, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keys);
        _timeToLive = timeToLive ?? TimeSpan.FromHours(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_timeToLive, TimeSpan.Zero, nameof(timeToLive));
        _connection = connection;
        _keys = keys;
    }

    /// <inheritdoc />
    public async Task<string> PutAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        await _connection.GetDatabase().StringSetAsync(_keys.For("bus", "payload", id), payload, _timeToLive);
        return id;
    }

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> GetAsync(string key, CancellationToken cancellationToken)
    {
        var value = await _connection.GetDatabase().StringGetAsync(_keys.For("bus", "payload", key));
        return value.IsNull
            ? throw new KeyNotFoundException($"No payload is stored under key '{key}'; it may have expired after {_timeToLive}.")
            : (byte[])value!;
    }
}
