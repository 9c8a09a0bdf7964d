using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// The long-poll loop of one inbox's SQS queue. A stop waits for the running long poll to end, then makes every
/// unsettled delivery visible again at once, so the next subscriber does not wait out the visibility timeout.
/// </summary>
internal sealed partial class SqsInboxSubscription : IAsyncDisposable
{
    private const int MaxMessagesPerReceive = 10;

    private readonly SqsMessageTransport _transport;
    private readonly ILogger _logger;
    private readonly string _inbox;
    private readonly string _queueUrl;
    private readonly Func<ITransportMessage, CancellationToken, ValueTask> _onMessage;
    private readonly ConcurrentDictionary<SqsDelivery, byte> _unsettled = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SqsInboxSubscription(
        SqsMessageTransport transport,
        string inbox,
        string queueUrl,
        Func<ITransportMessage, CancellationToken, ValueTask> onMessage)
    {
        _transport = transport;
        _logger = transport.Logger;
        _inbox = inbox;
        _queueUrl = queueUrl;
        _onMessage = onMessage;
        _loop = Task.Run(RunAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        foreach (var delivery in _unsettled.Keys)
        {
            if (!delivery.TrySettle())
            {
                continue;
            }

            try
            {
                await _transport.Sqs.ChangeMessageVisibilityAsync(_queueUrl, delivery.ReceiptHandle, 0);
            }
            catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException)
            {
                // The message becomes visible when its visibility timeout ends instead.
                LogReleaseFailed(exception, _inbox);
            }
        }

        _stop.Dispose();
    }

    internal void Forget(SqsDelivery delivery) => _unsettled.TryRemove(delivery, out _);

    private async Task RunAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var messages = await ReceiveAsync();
                failures = 0;
                foreach (var message in messages)
                {
                    var delivery = new SqsDelivery(this, _transport, _inbox, _queueUrl, message.ReceiptHandle,
                        Encoding.UTF8.GetBytes(message.Body ?? ""), ReceiveCount(message));
                    _unsettled.TryAdd(delivery, 0);
                    if (!_stop.IsCancellationRequested)
                    {
                        await _onMessage(delivery, _stop.Token);
                    }
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
                LogReceiveFailed(exception, _inbox, delay.TotalMilliseconds);
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

    private async Task<List<Message>> ReceiveAsync()
    {
        // The long poll is not canceled when the subscription stops: an aborted poll can still take messages
        // on the server side (fauxqs 1.9.2 does), which would then stay invisible for the whole visibility timeout.
        // Letting it finish, and releasing what it returns, bounds a stop by the poll's wait time instead.
        var waitTime = _transport.Options.ReceiveWaitTime;
        using var hardLimit = new CancellationTokenSource(waitTime + TimeSpan.FromSeconds(15));
        var response = await _transport.Sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = _queueUrl,
                MaxNumberOfMessages = MaxMessagesPerReceive,
                WaitTimeSeconds = (int)waitTime.TotalSeconds,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            },
            hardLimit.Token);
        return response.Messages ?? [];
    }

    private static int ReceiveCount(Message message) =>
        message.Attributes is { } attributes
        && attributes.TryGetValue("ApproximateReceiveCount", out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : 1;

    [LoggerMessage(EventId = 3060, Level = LogLevel.Warning, Message = "Receiving from the queue of inbox {Inbox} failed; retrying in {DelayMs} ms")]
    private partial void LogReceiveFailed(Exception exception, string inbox, double delayMs);

    [LoggerMessage(EventId = 3061, Level = LogLevel.Warning, Message = "Releasing an unsettled message of inbox {Inbox} failed")]
    private partial void LogReleaseFailed(Exception exception, string inbox);
}
