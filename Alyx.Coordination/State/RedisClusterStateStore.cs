using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Coordination.State;

/// <summary>
/// Spec and status in Redis: the hashes <c>spec</c> (<c>generation</c>, <c>json</c>) and <c>status</c>
/// (<c>fence</c>, <c>json</c>). Each write publishes <c>spec:{generation}</c> or <c>status:{observedGeneration}</c>
/// on the channel <c>state-changes</c> from inside its script, so a notification never precedes its write.
/// </summary>
public sealed partial class RedisClusterStateStore : IClusterStateStore
{
    // KEYS[1] spec hash. ARGV[1] spec JSON, ARGV[2] expected generation or '' for none, ARGV[3] notification channel.
    // Returns {1, generation} when written, {0, current generation} on a mismatch.
    // Invariant: the generation grows by exactly one per write; a conditional write never overwrites a newer spec.
    private static readonly RedisScript WriteSpecScript = new("spec write", """
        local generation = tonumber(redis.call('HGET', KEYS[1], 'generation')) or 0
        if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= generation then return {0, generation} end
        generation = generation + 1
        redis.call('HSET', KEYS[1], 'generation', generation, 'json', ARGV[1])
        redis.call('PUBLISH', ARGV[3], 'spec:' .. generation)
        return {1, generation}
        """);

    // KEYS[1] status hash. ARGV[1] status JSON, ARGV[2] writer's leader fencing token, ARGV[3] channel,
    // ARGV[4] observed generation. Returns 1 when written, 0 when a writer with a greater token wrote before.
    // Invariant: once a leader with token T wrote, no leader with a smaller token can overwrite the status.
    private static readonly RedisScript WriteStatusScript = new("status write", """
        local fence = tonumber(redis.call('HGET', KEYS[1], 'fence')) or 0
        if tonumber(ARGV[2]) < fence then return 0 end
        redis.call('HSET', KEYS[1], 'fence', ARGV[2], 'json', ARGV[1])
        redis.call('PUBLISH', ARGV[3], 'status:' .. ARGV[4])
        return 1
        """);

    private readonly IConnectionMultiplexer _connection;
    private readonly ClusterKeys _keys;

    /// <summary>Creates the store.</summary>
    public RedisClusterStateStore(IConnectionMultiplexer connection, ClusterKeys keys)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
    }

    private IDatabase Database => _connection.GetDatabase();

    private RedisChannel Channel => RedisChannel.Literal(_keys.For("state-changes"));

    /// <inheritdoc />
    public async Task<ClusterSpec?> ReadSpecAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fields = await RedisErrors.RunAsync("spec read", () => Database.HashGetAsync(_keys.For("spec"), ["generation", "json"]));
        if (fields[1].IsNull)
        {
            return null;
        }

        var spec = JsonSerializer.Deserialize<ClusterSpec>(fields[1].ToString(), ClusterStateJson.Options)
            ?? throw new InvalidDataException($"The spec of cluster '{_keys.Cluster}' in Redis is JSON null; write the spec again.");
        return spec with { Generation = (long)fields[0] };
    }

    /// <inheritdoc />
    public async Task<long> WriteSpecAsync(ClusterSpec spec, long? expectedGeneration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellationToken.ThrowIfCancellationRequested();
        var json = JsonSerializer.Serialize(spec with { Generation = 0 }, ClusterStateJson.Options);
        var expected = expectedGeneration?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        var reply = await WriteSpecScript.EvaluateArrayAsync(
            Database, [_keys.For("spec")], [json, expected, Channel.ToString()]);
        if ((int)reply[0] == 0)
        {
            throw new SpecConflictException(expectedGeneration ?? 0, (long)reply[1]);
        }

        return (long)reply[1];
    }

    /// <inheritdoc />
    public async Task<ClusterStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var json = await RedisErrors.RunAsync("status read", () => Database.HashGetAsync(_keys.For("status"), "json"));
        return json.IsNull ? null : JsonSerializer.Deserialize<ClusterStatus>(json.ToString(), ClusterStateJson.Options);
    }

    /// <inheritdoc />
    public async Task<bool> WriteStatusAsync(ClusterStatus status, long leaderFencingToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        cancellationToken.ThrowIfCancellationRequested();
        var json = JsonSerializer.Serialize(status, ClusterStateJson.Options);
        var reply = await WriteStatusScript.EvaluateAsync(
            Database, [_keys.For("status")], [json, leaderFencingToken, Channel.ToString(), status.ObservedGeneration]);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async Task<ClusterStateWatch> WatchAsync(CancellationToken cancellationToken)
    {
        var watch = new ClusterStateWatch();
        var subscriber = _connection.GetSubscriber();

        // A message queue hands messages to its handler one at a time, in the order Redis sent them; a plain
        // handler callback may run concurrently and reorder them.
        var queue = await RedisErrors.RunAsync("state watch", () => subscriber.SubscribeAsync(Channel).WaitAsync(cancellationToken));
        queue.OnMessage(message =>
        {
            if (TryParse(message.Message.ToString(), out var change))
            {
                watch.Publish(change);
            }
        });
        watch.Attach(async () => await queue.UnsubscribeAsync());
        return watch;
    }

    private static bool TryParse(string message, [NotNullWhen(true)] out ClusterStateChange? change)
    {
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        change = null;
        if (colon < 0 || !long.TryParse(message.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return false;
        }

        ClusterStateChangeKind? kind = message[..colon] switch
        {
            "spec" => ClusterStateChangeKind.Spec,
            "status" => ClusterStateChangeKind.Status,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        change = new ClusterStateChange(kind.Value, generation);
        return true;
    }
}
