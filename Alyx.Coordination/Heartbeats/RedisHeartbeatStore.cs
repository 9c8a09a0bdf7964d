using System.Globalization;
using System.Text.Json;
using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Coordination.Heartbeats;

/// <summary>
/// Heartbeats in the Redis hash <c>heartbeats</c>: field <c>{epoch}:{shardId}</c>, value
/// <c>{receivedAtMs}|{fencingToken}|{json}</c>, stamped with the server's TIME.
/// </summary>
public sealed class RedisHeartbeatStore : IHeartbeatStore
{
    private static readonly JsonSerializerOptions Json = State.ClusterStateJson.Options;

    // KEYS[1] heartbeat hash. ARGV[1] field, ARGV[2] fencing token, ARGV[3] JSON.
    // Returns 1 when stored, 0 when the stored heartbeat has a greater fencing token.
    // Invariant: a task that lost its lease cannot overwrite its successor's heartbeat.
    private static readonly RedisScript ReportScript = new("heartbeat report", """
        local stored = redis.call('HGET', KEYS[1], ARGV[1])
        if stored then
          local token = tonumber(string.match(stored, '^%d+|(%d+)|'))
          if token and token > tonumber(ARGV[2]) then return 0 end
        end
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        redis.call('HSET', KEYS[1], ARGV[1], string.format('%.0f', now) .. '|' .. ARGV[2] .. '|' .. ARGV[3])
        return 1
        """);

    // KEYS[1] heartbeat hash. Returns {now_ms, field, value, field, value, ...} read in one step.
    private static readonly RedisScript ReadAllScript = new("heartbeat read all", """
        local time = redis.call('TIME')
        local result = {tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)}
        for _, item in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(result, item) end
        return result
        """);

    private readonly IConnectionMultiplexer _connection;
    private readonly ClusterKeys _keys;

    /// <summary>Creates the store.</summary>
    public RedisHeartbeatStore(IConnectionMultiplexer connection, ClusterKeys keys)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
    }

    private IDatabase Database => _connection.GetDatabase();

    private RedisKey HashKey => _keys.For("heartbeats");

    /// <inheritdoc />
    public async Task<bool> ReportAsync(ShardHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await ReportScript.EvaluateAsync(
            Database,
            [HashKey],
            [Field(heartbeat.ShardSetEpoch, heartbeat.ShardId), heartbeat.FencingToken, JsonSerializer.Serialize(heartbeat, Json)]);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HeartbeatRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await ReadAllScript.EvaluateArrayAsync(Database, [HashKey], []);
        var now = (long)reply[0];
        var records = new List<HeartbeatRecord>((reply.Length - 1) / 2);
        for (var i = 2; i < reply.Length; i += 2)
        {
            var value = reply[i].ToString();
            var first = value.IndexOf('|', StringComparison.Ordinal);
            var second = value.IndexOf('|', first + 1);
            var receivedAt = long.Parse(value.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture);
            var heartbeat = JsonSerializer.Deserialize<ShardHeartbeat>(value.AsSpan(second + 1), Json);
            if (heartbeat is not null)
            {
                records.Add(new HeartbeatRecord(
                    heartbeat, DateTimeOffset.FromUnixTimeMilliseconds(receivedAt), TimeSpan.FromMilliseconds(now - receivedAt)));
            }
        }

        return records;
    }

    /// <inheritdoc />
    public async Task RemoveAsync(long shardSetEpoch, int shardId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await RedisErrors.RunAsync("heartbeat remove", () => Database.HashDeleteAsync(HashKey, Field(shardSetEpoch, shardId)));
    }

    private static string Field(long shardSetEpoch, int shardId) =>
        string.Create(CultureInfo.InvariantCulture, $"{shardSetEpoch}:{shardId}");
}
