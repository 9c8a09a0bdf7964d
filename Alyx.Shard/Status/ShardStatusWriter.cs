using System.Globalization;
using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Shard.Status;

/// <summary>
/// Writes the shard's heartbeat into Redis at <c>{root}shard-status:{set}:{shard}</c>: a hash with phase, guilds,
/// latency, last close reason, fencing token, task id and the heartbeat time, expiring after three intervals so a
/// dead host's entry goes stale by itself.
/// </summary>
/// <remarks>TODO: write through the coordination layer's shard heartbeat store once it exists, so the orchestrator reads one format.</remarks>
public sealed class ShardStatusWriter(IConnectionMultiplexer redis, ClusterKeys keys, TimeProvider timeProvider)
{
    /// <summary>Writes one heartbeat; returns false when Redis was unreachable, which the caller logs and retries next interval.</summary>
    public async Task<bool> WriteAsync(long shardSet, int shardId, ShardStatus status, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(status);
        var key = Key(shardSet, shardId);
        try
        {
            var transaction = redis.GetDatabase().CreateTransaction();
            _ = transaction.HashSetAsync(key,
            [
                new HashEntry("phase", status.Phase),
                new HashEntry("guilds", status.Guilds),
                new HashEntry("latency_ms", status.LatencyMilliseconds?.ToString(CultureInfo.InvariantCulture) ?? ""),
                new HashEntry("reason", status.Reason ?? ""),
                new HashEntry("fencing_token", status.FencingToken),
                new HashEntry("task_id", status.TaskId),
                new HashEntry("heartbeat_unix_ms", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()),
            ]);
            _ = transaction.KeyExpireAsync(key, interval * 3);
            return await transaction.ExecuteAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Reads the heartbeat of a shard, or null when none is fresh.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> ReadAsync(long shardSet, int shardId)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(Key(shardSet, shardId));
        return entries.Length == 0 ? null : entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
    }

    private RedisKey Key(long shardSet, int shardId) =>
        keys.For("shard-status", shardSet.ToString(CultureInfo.InvariantCulture), shardId.ToString(CultureInfo.InvariantCulture));
}
