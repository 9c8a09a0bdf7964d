using Alyx.Coordination.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// A transport on Redis Streams. Each inbox is a stream read through a consumer group named after the inbox, so
/// entries survive a consumer restart: an entry stays pending until it is acknowledged, and a restarted subscriber
/// first reads its pending entries again. Broadcasts go to one stream on which every broadcast inbox has its own
/// consumer group. A pub/sub notification wakes subscribers, with a poll as fallback.
/// </summary>
/// <remarks>
/// Keys, all under the cluster's hash tag: <c>bus:inbox:{inbox}</c> (stream), <c>bus:broadcast</c> (stream),
/// <c>bus:dead:{inbox}</c> (dead-letter stream) and the channels <c>bus:notify:{inbox}</c> and
/// <c>bus:notify:broadcast</c>.
/// </remarks>
public sealed class RedisMessageTransport : IMessageTransport
{
    /// <summary>The consumer name inside an inbox's group. One process owns an inbox at a time, so the name is fixed,
    /// and that is what lets a restarted process read the entries its predecessor left pending.</summary>
    public const string ConsumerName = "owner";

    internal const string BodyField = "b";

    private readonly IConnectionMultiplexer _connection;
    private readonly ClusterKeys _keys;
    private readonly ILogger<RedisMessageTransport> _logger;

    /// <summary>Creates the transport.</summary>
    public RedisMessageTransport(
        IConnectionMultiplexer connection,
        ClusterKeys keys,
        RedisTransportOptions options,
        ILogger<RedisMessageTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _connection = connection;
        _keys = keys;
        Options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => "redis";

    /// <inheritdoc />
    public int MaxBodyBytes => Options.MaxBodyBytes;

    internal RedisTransportOptions Options { get; }

    internal ILogger Logger => _logger;

    internal IDatabase Database => _connection.GetDatabase();

    internal ISubscriber Subscriber => _connection.GetSubscriber();

    internal string BroadcastStream => _keys.For("bus", "broadcast");

    internal RedisChannel BroadcastChannel => RedisChannel.Literal(_keys.For("bus", "notify", "broadcast"));

    /// <inheritdoc />
    public Task SendAsync(string inbox, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        AppendAsync(InboxStream(inbox), InboxChannel(inbox), body);

    /// <inheritdoc />
    public Task PublishAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        AppendAsync(BroadcastStream, BroadcastChannel, body);

    /// <inheritdoc />
    public async Task<IAsyncDisposable> SubscribeAsync(
        string inbox,
        bool receiveBroadcasts,
        Func<ITransportMessage, CancellationToken, ValueTask> onMessage,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inbox);
        ArgumentNullException.ThrowIfNull(onMessage);

        // The inbox group starts at 0 so that requests sent before the first subscriber are delivered. The
        // broadcast group starts at $ because broadcasts from before the inbox existed were not addressed to it.
        await EnsureGroupAsync(InboxStream(inbox), inbox, StreamPosition.Beginning);
        if (receiveBroadcasts)
        {
            await EnsureGroupAsync(BroadcastStream, inbox, StreamPosition.NewMessages);
        }

        var subscription = new RedisInboxSubscription(this, inbox, receiveBroadcasts, onMessage);
        await subscription.StartAsync();
        return subscription;
    }

    /// <inheritdoc />
    public async Task DeleteInboxAsync(string inbox, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inbox);
        await Database.KeyDeleteAsync(InboxStream(inbox));
        try
        {
            await Database.StreamDeleteConsumerGroupAsync(BroadcastStream, inbox);
        }
        catch (RedisServerException)
        {
            // No broadcast stream exists yet, so there is no group to remove.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal string InboxStream(string inbox) => _keys.For("bus", "inbox", inbox);

    internal string DeadLetterStream(string inbox) => _keys.For("bus", "dead", inbox);

    internal RedisChannel InboxChannel(string inbox) => RedisChannel.Literal(_keys.For("bus", "notify", inbox));

    private async Task AppendAsync(string stream, RedisChannel channel, ReadOnlyMemory<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            throw new ArgumentException(
                $"The message is {body.Length} bytes, above the transport limit of {MaxBodyBytes}; store the payload and send a reference.",
                nameof(body));
        }

        // Two commands in one round trip. The notification only wakes the reader, which reads the stream itself.
        var batch = Database.CreateBatch();
        var add = batch.StreamAddAsync(stream, BodyField, body, maxLength: Options.StreamMaxLength, useApproximateMaxLength: true);
        var notify = batch.PublishAsync(channel, RedisValue.EmptyString);
        batch.Execute();
        await Task.WhenAll(add, notify);
    }

    private async Task EnsureGroupAsync(string stream, string group, RedisValue position)
    {
        try
        {
            await Database.StreamCreateConsumerGroupAsync(stream, group, position, createStream: true);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists. Keeping its position means nothing sent while the inbox had no subscriber is skipped.
        }
    }
}
