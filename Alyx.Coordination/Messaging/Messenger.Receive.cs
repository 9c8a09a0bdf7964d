using System.Text.Json;
using Alyx.Abstractions.Messaging;

namespace Alyx.Coordination.Messaging;

/// <summary>The receiving side: validation, deduplication, deadlines, handlers with retries and dead-lettering.</summary>
public sealed partial class Messenger
{
    private async ValueTask OnMessageAsync(ITransportMessage message, CancellationToken cancellationToken)
    {
        if (message.Body.Length > _options.MaxInboundBytes)
        {
            LogOversizedRejected(_endpoint.Inbox, message.Body.Length, _options.MaxInboundBytes);
            Statistics.AddOversized();
            await DeadLetterAsync(message, $"The message is {message.Body.Length} bytes, above the limit of {_options.MaxInboundBytes}.");
            return;
        }

        MessageEnvelope envelope;
        try
        {
            envelope = EnvelopeCodec.Decode(message.Body.Span);
        }
        catch (MalformedMessageException exception)
        {
            LogMalformedRejected(_endpoint.Inbox, message.Body.Length, exception.Message);
            Statistics.AddMalformed();
            await DeadLetterAsync(message, exception.Message);
            return;
        }

        if (message.DeliveryCount > _options.MaxDeliveries)
        {
            LogTooManyDeliveries(envelope.MessageId, envelope.Route, message.DeliveryCount);
            await DeadLetterAsync(message, $"Delivered {message.DeliveryCount} times without being settled.");
            return;
        }

        if (envelope.Kind == MessageKind.Reply)
        {
            if (!_pending.TryComplete(envelope)
                && !(_broadcasts.TryGetValue(envelope.CorrelationId, out var collector) && collector.TryAdd(envelope)))
            {
                Statistics.AddUnmatchedReply();
                LogUnmatchedReply(envelope.CorrelationId, envelope.Route, envelope.Source.Inbox);
            }

            await AckAsync(message);
            return;
        }

        if (_timeProvider.GetUtcNow() > envelope.Deadline)
        {
            LogExpiredDropped(envelope.MessageId, envelope.Route, envelope.Source.Inbox, envelope.Deadline);
            Statistics.AddExpired();
            await AckAsync(message);
            return;
        }

        if (envelope.Kind == MessageKind.Broadcast && envelope.Destination!.Epoch != _endpoint.Epoch)
        {
            // A broadcast to another shard set. The codec guarantees requests and broadcasts carry a destination.
            await AckAsync(message);
            return;
        }

        if (!_dedupe.TryBegin(envelope.MessageId))
        {
            LogDuplicateSkipped(envelope.MessageId, envelope.Route, message.DeliveryCount);
            Statistics.AddDuplicate();
            await AckAsync(message);
            return;
        }

        try
        {
            await _handlerSlots.WaitAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            _dedupe.Abandon(envelope.MessageId);
            return;
        }

        var handling = HandleRequestAsync(message, envelope);
        _inFlight.TryAdd(handling, 0);
        _ = handling.ContinueWith(task => _inFlight.TryRemove(task, out _), TaskScheduler.Default);
    }

    private async Task HandleRequestAsync(ITransportMessage message, MessageEnvelope request)
    {
        await Task.Yield();
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["CorrelationId"] = request.CorrelationId,
            ["MessageId"] = request.MessageId,
            ["Route"] = request.Route,
        });
        try
        {
            var settled = await RunHandlerAsync(message, request);
            if (settled)
            {
                _dedupe.Complete(request.MessageId);
            }
            else
            {
                _dedupe.Abandon(request.MessageId);
            }
        }
        finally
        {
            _handlerSlots.Release();
        }
    }

    /// <summary>Runs the handler with retries and settles the message. Returns false when the message stays unsettled.</summary>
    private async Task<bool> RunHandlerAsync(ITransportMessage message, MessageEnvelope request)
    {
        if (!_handlers.TryGetValue(request.Route, out var handler) && !_handlersReady.Task.IsCompleted)
        {
            try
            {
                await _handlersReady.Task.WaitAsync(Remaining(request.Deadline), _timeProvider, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the message stays unsettled, so the transport delivers it to the next subscriber.
                return false;
            }
            catch (TimeoutException)
            {
                // The request's deadline passed, so the requester no longer waits; the RouteNotFound reply records why.
            }

            _handlers.TryGetValue(request.Route, out handler);
        }

        if (handler is null)
        {
            LogRouteNotFound(request.Route, request.Source.Inbox);
            var missing = new MessageError(MessageError.RouteNotFound, $"{_endpoint.Describe()} has no handler for route '{request.Route}'.");
            return await ReplyAndAckAsync(message, request, null, missing);
        }

        using var deadline = new CancellationTokenSource(Remaining(request.Deadline), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _stopping.Token);
        var context = new MessageContext(
            request.MessageId, request.CorrelationId, request.Route, Describe(request.Source), request.Deadline, message.DeliveryCount);
        Exception? failure = null;
        for (var attempt = 1; attempt <= _options.MaxHandlerAttempts; attempt++)
        {
            try
            {
                var payload = await ResolvePayloadAsync(request, linked.Token);
                var response = await handler(payload, context, linked.Token);
                return await ReplyAndAckAsync(message, request, response, null);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                // The host is stopping: the message stays unsettled and goes to the next subscriber.
                return false;
            }
            catch (Exception) when (deadline.IsCancellationRequested)
            {
                LogExpiredDropped(request.MessageId, request.Route, request.Source.Inbox, request.Deadline);
                Statistics.AddExpired();
                return await AckAsync(message);
            }
            catch (Exception exception)
            {
                failure = exception;
                LogHandlerFailed(exception, request.Route, request.MessageId, attempt, _options.MaxHandlerAttempts);
            }

            if (attempt < _options.MaxHandlerAttempts)
            {
                try
                {
                    await Task.Delay(_options.HandlerRetryDelay * Math.Pow(2, attempt - 1), _timeProvider, linked.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        if (_stopping.IsCancellationRequested)
        {
            return false;
        }

        // failure is set: the loop ran at least once and every attempt threw.
        var error = new MessageError(failure!.GetType().Name, Truncate(failure.Message));
        await ReplyAsync(request, null, error);
        await DeadLetterAsync(message, $"The handler failed {_options.MaxHandlerAttempts} times: {error.Type}: {error.Message}");
        return true;
    }

    /// <summary>
    /// Sends the reply, then acknowledges the request. Returns false only when the reply could not be sent. A failed
    /// acknowledgement still counts as handled, so the dedupe window skips the redelivery.
    /// </summary>
    private async Task<bool> ReplyAndAckAsync(ITransportMessage message, MessageEnvelope request, JsonElement? payload, MessageError? error)
    {
        if (!await ReplyAsync(request, payload, error))
        {
            return false;
        }

        await AckAsync(message);
        return true;
    }

    private async Task<bool> ReplyAsync(MessageEnvelope request, JsonElement? payload, MessageError? error)
    {
        var reply = new MessageEnvelope
        {
            MessageId = NewId(),
            CorrelationId = request.CorrelationId,
            Kind = MessageKind.Reply,
            Route = request.Route,
            Source = _source,
            DeadlineUnixMs = request.DeadlineUnixMs,
            FencingToken = _endpoint.FencingToken,
            Payload = payload is { ValueKind: not JsonValueKind.Null } ? payload : null,
            Error = error,
        };
        try
        {
            var body = await EncodeForTransportAsync(reply, _stopping.Token);
            await _transport.SendAsync(request.Source.Inbox, body, _stopping.Token);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            // Left unsettled, the request is delivered again and the reply retried: on SQS after the visibility
            // timeout, on Redis and in memory only to the inbox's next subscriber.
            LogReplyFailed(exception, request.CorrelationId, request.Route, request.Source.Inbox);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> AckAsync(ITransportMessage message)
    {
        try
        {
            await message.AckAsync(CancellationToken.None);
            return true;
        }
        catch (Exception exception)
        {
            // The transport delivers the message again, and the dedupe window skips it if the handler already ran.
            LogSettleFailed(exception, _endpoint.Inbox, "ack");
            return false;
        }
    }

    private async Task DeadLetterAsync(ITransportMessage message, string reason)
    {
        try
        {
            await message.DeadLetterAsync(reason, CancellationToken.None);
            LogDeadLettered(_endpoint.Inbox, reason);
            Statistics.AddDeadLettered();
        }
        catch (Exception exception)
        {
            LogSettleFailed(exception, _endpoint.Inbox, "dead-letter");
        }
    }

    private static string Describe(MessageSource source) =>
        source.ShardId is { } shardId ? $"shard {shardId}" : source.Inbox;
}
