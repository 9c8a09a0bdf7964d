using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// The read loop of one inbox on Redis Streams: first the entries left pending by a previous subscriber, then new
/// entries whenever a notification arrives or the poll interval passes.
/// </summary>
internal sealed partial class RedisInboxSubscription : IAsyncDisposable
{
    private readonly RedisMessageTransport _transport;
    private readonly ILogger _logger;
    private readonly string _inbox;
    private readonly Func<ITransportMessage, CancellationToken, ValueTask> _onMessage;
    private readonly string[] _streams;
    private readonly RedisChannel[] _channels;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<RedisChannel, RedisValue> _onNotification;
    private Task? _loop;

    public RedisInboxSubscription(
        RedisMessageTransport transport,
        string inbox,
        bool receiveBroadcasts,
        Func<ITransportMessage, CancellationToken, ValueTask> onMessage)
    {
        _transport = transport;
        _logger = transport.Logger;
        _inbox = inbox;
        _onMessage = onMessage;
        _streams = receiveBroadcasts ? [transport.InboxStream(inbox), transport.BroadcastStream] : [transport.InboxStream(inbox)];
        _channels = receiveBroadcasts ? [transport.InboxChannel(inbox), transport.BroadcastChannel] : [transport.InboxChannel(inbox)];
        _onNotification = (_, _) => _wake.Writer.TryWrite(true);
    }

    public async Task StartAsync()
    {
        foreach (var channel in _channels)
        {
            await _transport.Subscriber.SubscribeAsync(channel, _onNotification);
        }

        _loop = Task.Run(RunAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var channel in _channels)
        {
            // Only this handler: other inboxes of the process share the connection and the broadcast channel.
            await _transport.Subscriber.UnsubscribeAsync(channel, _onNotification);
        }

        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var failures = 0;
        var readPending = true;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var delivered = await ReadOnceAsync(readPending);
                readPending = false;
                failures = 0;
                if (delivered == 0)
                {
                    await WaitForWakeAsync();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Any failure, a transport's or a callback's, is retried: the loop must outlive it so the inbox keeps draining.
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 6)))
                    * (0.5 + Random.Shared.NextDouble()));
                LogReadFailed(exception, _inbox, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Reads one batch from every stream and dispatches it. Returns how many entries were read.</summary>
    /// <param name="pending">Read this consumer's pending entries (ID 0) instead of new ones (ID &gt;).</param>
    private async Task<int> ReadOnceAsync(bool pending)
    {
        var database = _transport.Database;
        var position = pending ? StreamPosition.Beginning : StreamPosition.NewMessages;
        var positions = _streams.Select(stream => new StreamPosition(stream, position)).ToArray();
        var count = pending ? int.MaxValue : _transport.Options.ReadBatchSize;
        var streams = await database.StreamReadGroupAsync(positions, _inbox, RedisMessageTransport.ConsumerName, count);
        var delivered = 0;
        foreach (var stream in streams)
        {
            var deliveryCounts = pending ? await DeliveryCountsAsync(stream) : null;
            foreach (var entry in stream.Entries)
            {
                if (_stop.IsCancellationRequested)
                {
                    return delivered;
                }

                delivered++;
                var body = entry[RedisMessageTransport.BodyField];
                if (body.IsNull)
                {
                    // The entry was trimmed from the stream while pending, so nothing is left to deliver.
                    await database.StreamAcknowledgeAsync(stream.Key, _inbox, entry.Id);
                    continue;
                }

                var deliveries = deliveryCounts?.GetValueOrDefault(entry.Id.ToString(), 1) ?? 1;
                var message = new RedisDelivery(_transport, _inbox, stream.Key.ToString(), entry.Id, (byte[])body!, deliveries);
                await _onMessage(message, _stop.Token);
            }
        }

        return delivered;
    }

    private async Task<Dictionary<string, int>> DeliveryCountsAsync(RedisStream stream)
    {
        if (stream.Entries.Length == 0)
        {
            return [];
        }

        var infos = await _transport.Database.StreamPendingMessagesAsync(
            stream.Key, _inbox, stream.Entries.Length, RedisMessageTransport.ConsumerName, stream.Entries[0].Id, stream.Entries[^1].Id);
        return infos.ToDictionary(info => info.MessageId.ToString(), info => info.DeliveryCount);
    }

    private async Task WaitForWakeAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_transport.Options.PollInterval);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            // The poll interval passed without a notification: read anyway.
        }
    }

    [LoggerMessage(EventId = 3050, Level = LogLevel.Warning, Message = "Reading inbox {Inbox} from Redis failed; retrying in {DelayMs} ms")]
    private partial void LogReadFailed(Exception exception, string inbox, double delayMs);
}
