using System.Globalization;
using System.Runtime.CompilerServices;
using Alyx.Coordination.Redis;
using StackExchange.Redis;

namespace Alyx.Coordination.Events;

/// <summary>
/// The operator event log as the Redis stream <c>events</c>, trimmed to <see cref="EventLogOptions.MaxLength"/>
/// entries on every append. Each append also publishes its id on the channel <c>events-appended</c>, so followers
/// read new events at once instead of waiting for their poll interval. The hash <c>events-once</c> maps the key of
/// each <see cref="AppendOnceAsync"/> call to the id of the event it appended.
/// </summary>
public sealed class RedisEventLog : IEventLog
{
    // KEYS[1] events stream, KEYS[2] events-once hash. ARGV[1] once key, ARGV[2] max stream length, ARGV[3..] the
    // entry's field/value pairs. Invariant: the stream receives at most one entry per once key, and the hash maps
    // each used key to that entry's id. Returns the new id, or nil when the key was used before.
    private static readonly RedisScript AppendOnceScript = new("event append once", """
        if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return false end
        local fields = {}
        for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], '*', unpack(fields))
        redis.call('HSET', KEYS[2], ARGV[1], id)
        return id
        """);

    private readonly IConnectionMultiplexer _connection;
    private readonly ClusterKeys _keys;
    private readonly EventLogOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the log.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RedisEventLog(IConnectionMultiplexer connection, ClusterKeys keys, EventLogOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _options = options;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    private IDatabase Database => _connection.GetDatabase();

    private RedisKey StreamKey => _keys.For("events");

    private RedisChannel AppendedChannel => RedisChannel.Literal(_keys.For("events-appended"));

    /// <inheritdoc />
    public async Task<OperatorEvent> AppendAsync(OperatorEvent operatorEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operatorEvent);
        cancellationToken.ThrowIfCancellationRequested();

        // Exact trimming: approximate trimming (~) removes whole radix-tree nodes only and can keep far more entries.
        var id = await RedisErrors.RunAsync("event append", () => Database.StreamAddAsync(
            StreamKey, [.. Fields(operatorEvent)], maxLength: _options.MaxLength, useApproximateMaxLength: false));
        await RedisErrors.RunAsync("event notify", () => Database.PublishAsync(AppendedChannel, id));
        return operatorEvent with { Id = id.ToString(), Timestamp = TimestampOf(id.ToString()) };
    }

    /// <inheritdoc />
    public async Task<OperatorEvent?> AppendOnceAsync(OperatorEvent operatorEvent, string onceKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operatorEvent);
        ArgumentException.ThrowIfNullOrEmpty(onceKey);
        cancellationToken.ThrowIfCancellationRequested();
        RedisValue[] arguments = [onceKey, _options.MaxLength, .. Fields(operatorEvent).SelectMany(field => new[] { (RedisValue)field.Name, field.Value })];
        var reply = await AppendOnceScript.EvaluateAsync(Database, [StreamKey, _keys.For("events-once")], arguments);
        if (reply.IsNull)
        {
            return null;
        }

        var id = reply.ToString();
        await RedisErrors.RunAsync("event notify", () => Database.PublishAsync(AppendedChannel, id));
        return operatorEvent with { Id = id, Timestamp = TimestampOf(id) };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OperatorEvent>> ReadAsync(string? afterId, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        cancellationToken.ThrowIfCancellationRequested();

        // "(" makes the start exclusive (Redis 6.2 and later).
        var start = afterId is null ? "-" : "(" + afterId;
        var entries = await RedisErrors.RunAsync("event read", () => Database.StreamRangeAsync(StreamKey, start, "+", count));
        return entries.Select(ToEvent).ToArray();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OperatorEvent>> ReadLatestAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await RedisErrors.RunAsync("event read latest", () =>
            Database.StreamRangeAsync(StreamKey, "-", "+", count, Order.Descending));
        return entries.Reverse().Select(ToEvent).ToArray();
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<OperatorEvent> FollowAsync(string? afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var signal = new SemaphoreSlim(0);
        var subscriber = _connection.GetSubscriber();
        void OnAppended(RedisChannel channel, RedisValue id) => signal.Release();
        await RedisErrors.RunAsync("event follow", async () =>
        {
            await subscriber.SubscribeAsync(AppendedChannel, OnAppended);
            return true;
        });
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var events = await ReadAsync(afterId, 100, cancellationToken);
                foreach (var operatorEvent in events)
                {
                    afterId = operatorEvent.Id;
                    yield return operatorEvent;
                }

                if (events.Count == 0 && !await WaitAsync(signal, cancellationToken))
                {
                    yield break;
                }
            }
        }
        finally
        {
            await subscriber.UnsubscribeAsync(AppendedChannel, OnAppended);
            signal.Dispose();
        }
    }

    private async Task<bool> WaitAsync(SemaphoreSlim signal, CancellationToken cancellationToken)
    {
        try
        {
            using var poll = new CancellationTokenSource(_options.FollowPollInterval, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, poll.Token);
            await signal.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return !cancellationToken.IsCancellationRequested;
        }
    }

    private static List<NameValueEntry> Fields(OperatorEvent operatorEvent)
    {
        var fields = new List<NameValueEntry>
        {
            new("type", operatorEvent.Type),
            new("reason", operatorEvent.Reason),
            new("message", operatorEvent.Message),
        };
        if (operatorEvent.ShardSetEpoch is { } epoch)
        {
            fields.Add(new("epoch", epoch));
        }

        if (operatorEvent.ShardId is { } shardId)
        {
            fields.Add(new("shard", shardId));
        }

        if (operatorEvent.TaskId is { } taskId)
        {
            fields.Add(new("task", taskId));
        }

        return fields;
    }

    private static OperatorEvent ToEvent(StreamEntry entry)
    {
        var epoch = entry["epoch"];
        var shard = entry["shard"];
        var task = entry["task"];
        return new OperatorEvent(
            entry["type"].ToString(),
            entry["reason"].ToString(),
            entry["message"].ToString(),
            epoch.IsNull ? null : (long)epoch,
            shard.IsNull ? null : (int)shard,
            task.IsNull ? null : task.ToString())
        {
            Id = entry.Id.ToString(),
            Timestamp = TimestampOf(entry.Id.ToString()),
        };
    }

    private static DateTimeOffset TimestampOf(string id) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(id.AsSpan(0, id.IndexOf('-', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture));
}
