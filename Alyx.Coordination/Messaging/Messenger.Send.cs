using System.Text.Json;
using Alyx.Abstractions.Messaging;
using Alyx.Abstractions.Sharding;

namespace Alyx.Coordination.Messaging;

/// <summary>The sending side: requests and broadcasts, and the wait for their replies.</summary>
public sealed partial class Messenger
{
    /// <inheritdoc />
    public async Task<TResponse> RequestAsync<TRequest, TResponse>(
        MessageTarget target,
        string route,
        TRequest request,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ValidateRoute(route);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (target.Kind == MessageTargetKind.All)
        {
            throw new ArgumentException("RequestAsync sends to one receiver. Use BroadcastAsync to reach every shard.", nameof(target));
        }

        var wait = ValidateTimeout(timeout);
        var (inbox, destination, description) = Resolve(target, _routes.Current);
        var correlationId = NewId();
        var deadline = _timeProvider.GetUtcNow() + wait;
        var envelope = NewRequest(MessageKind.Request, correlationId, route, destination, deadline, request);

        var started = _timeProvider.GetTimestamp();
        var replyTask = _pending.Add(correlationId);
        MessageEnvelope reply;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            await SendUntilDeadlineAsync(envelope, deadline, body => _transport.SendAsync(inbox, body, linked.Token), linked.Token);
            reply = await replyTask.WaitAsync(Remaining(deadline), _timeProvider, linked.Token);
        }
        catch (TimeoutException)
        {
            LogRequestTimedOut(correlationId, route, description, wait.TotalMilliseconds);
            MessagingMetrics.RecordRequest(route, "timeout", _timeProvider.GetElapsedTime(started));
            throw new RequestTimeoutException(correlationId, route, description, wait);
        }
        catch (OperationCanceledException exception) when (linked.IsCancellationRequested)
        {
            MessagingMetrics.RecordRequest(route, "canceled", _timeProvider.GetElapsedTime(started));
            throw new RequestCanceledException(correlationId, route, description, exception);
        }
        finally
        {
            _pending.Remove(correlationId);
        }

        MessagingMetrics.RecordRequest(route, reply.Error is null ? "ok" : "fault", _timeProvider.GetElapsedTime(started));
        if (reply.Error is { } error)
        {
            throw new RequestFaultedException(correlationId, route, description, error.Type, error.Message);
        }

        var payload = await ResolvePayloadAsync(reply, cancellationToken);
        return payload.Deserialize<TResponse>(_options.SerializerOptions)!;
    }

    /// <inheritdoc />
    public async Task<BroadcastResult<TResponse>> BroadcastAsync<TRequest, TResponse>(
        string route,
        TRequest request,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ValidateRoute(route);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var wait = ValidateTimeout(timeout);
        var routes = _routes.Current;
        var correlationId = NewId();
        var deadline = _timeProvider.GetUtcNow() + wait;
        var destination = new MessageDestination(MessageTargetKind.All, routes.Epoch, null, null);
        var envelope = NewRequest(MessageKind.Broadcast, correlationId, route, destination, deadline, request);

        var started = _timeProvider.GetTimestamp();
        var collector = new BroadcastCollector(routes.Epoch, routes.ShardCount);
        _broadcasts[correlationId] = collector;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            await SendUntilDeadlineAsync(envelope, deadline, body => _transport.PublishAsync(body, linked.Token), linked.Token);
            await collector.AllReplied.WaitAsync(Remaining(deadline), _timeProvider, linked.Token);
        }
        catch (TimeoutException)
        {
            // Shards that did not reply are reported one by one below.
        }
        catch (OperationCanceledException exception) when (linked.IsCancellationRequested)
        {
            throw new RequestCanceledException(correlationId, route, "all shards", exception);
        }
        finally
        {
            _broadcasts.TryRemove(correlationId, out _);
        }

        // Ownership is read at the deadline: a shard that was restarting when the broadcast left may be back.
        var ownership = _routes.Current.Epoch == routes.Epoch ? _routes.Current : routes;
        var received = collector.Snapshot();
        var replies = new List<ShardReply<TResponse>>(routes.ShardCount);
        for (var shardId = 0; shardId < routes.ShardCount; shardId++)
        {
            replies.Add(received.TryGetValue(shardId, out var reply)
                ? await ToShardReplyAsync<TResponse>(shardId, reply, cancellationToken)
                : new ShardReply<TResponse>(
                    shardId,
                    ownership.IsOwned(shardId) ? ShardReplyStatus.TimedOut : ShardReplyStatus.NotOwned,
                    default,
                    null));
        }

        MessagingMetrics.RecordRequest(route, "broadcast", _timeProvider.GetElapsedTime(started));
        LogBroadcastFinished(correlationId, route, received.Count, routes.ShardCount);
        return new BroadcastResult<TResponse>(correlationId, route, replies);
    }

    private async Task<ShardReply<TResponse>> ToShardReplyAsync<TResponse>(
        int shardId,
        MessageEnvelope reply,
        CancellationToken cancellationToken)
    {
        if (reply.Error is { } error)
        {
            return new ShardReply<TResponse>(shardId, ShardReplyStatus.Failed, default, $"{error.Type}: {error.Message}");
        }

        try
        {
            var payload = await ResolvePayloadAsync(reply, cancellationToken);
            return new ShardReply<TResponse>(shardId, ShardReplyStatus.Ok, payload.Deserialize<TResponse>(_options.SerializerOptions), null);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new ShardReply<TResponse>(shardId, ShardReplyStatus.Failed, default, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private MessageEnvelope NewRequest<TRequest>(
        MessageKind kind,
        string correlationId,
        string route,
        MessageDestination destination,
        DateTimeOffset deadline,
        TRequest request)
    {
        var payload = JsonSerializer.SerializeToElement(request, _options.SerializerOptions);
        return new MessageEnvelope
        {
            MessageId = NewId(),
            CorrelationId = correlationId,
            Kind = kind,
            Route = route,
            Source = _source,
            Destination = destination,
            DeadlineUnixMs = deadline.ToUnixTimeMilliseconds(),
            FencingToken = _endpoint.FencingToken,
            Payload = payload.ValueKind == JsonValueKind.Null ? null : payload,
        };
    }

    private static (string Inbox, MessageDestination Destination, string Description) Resolve(MessageTarget target, ShardRoutes routes)
    {
        switch (target.Kind)
        {
            case MessageTargetKind.Orchestrator:
                return (MessagingInboxes.Orchestrator, new MessageDestination(target.Kind, routes.Epoch, null, null), "orchestrator");
            case MessageTargetKind.Guild:
                // MessageTarget's factories set GuildId for guild targets and ShardId for shard targets.
                var owner = ShardMath.ShardIdForGuild(target.GuildId!.Value, routes.ShardCount);
                return (routes.InboxOf(owner), new MessageDestination(target.Kind, routes.Epoch, owner, target.GuildId),
                    $"shard {owner} (guild {target.GuildId})");
            default:
                var shardId = target.ShardId!.Value;
                if (shardId >= routes.ShardCount)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(target),
                        $"Shard {shardId} does not exist: shard set {routes.Epoch} has {routes.ShardCount} shards (0 to {routes.ShardCount - 1}).");
                }

                return (routes.InboxOf(shardId), new MessageDestination(target.Kind, routes.Epoch, shardId, null), $"shard {shardId}");
        }
    }

    /// <summary>
    /// Sends until the transport accepts the message, retrying transport failures with a doubling pause (50 ms up to
    /// 1 s) and a higher <see cref="MessageEnvelope.Attempt"/>. The message ID stays the same, so a send that failed
    /// after reaching the transport is deduplicated by the receiver.
    /// </summary>
    /// <exception cref="TimeoutException">The deadline passed before a send succeeded.</exception>
    private async Task SendUntilDeadlineAsync(
        MessageEnvelope envelope,
        DateTimeOffset deadline,
        Func<byte[], Task> send,
        CancellationToken cancellationToken)
    {
        var (prepared, firstBody) = await OffloadLargePayloadAsync(envelope, cancellationToken);
        var pause = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The first body already carries attempt 1, as NewRequest creates every envelope.
                await send(attempt == 1 ? firstBody : EnvelopeCodec.Encode(prepared with { Attempt = attempt }));
                return;
            }
            catch (Exception exception) when (exception is not (OperationCanceledException or ArgumentException))
            {
                var remaining = Remaining(deadline);
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"No send of message {envelope.MessageId} succeeded before the deadline.", exception);
                }

                LogSendFailed(exception, envelope.CorrelationId, envelope.Route, attempt, pause.TotalMilliseconds);
                await Task.Delay(pause < remaining ? pause : remaining, _timeProvider, cancellationToken);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
            }
        }
    }

    private TimeSpan ValidateTimeout(TimeSpan? timeout)
    {
        var wait = timeout ?? _options.DefaultTimeout;
        if (wait <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), $"Timeout {wait} must be positive.");
        }

        return wait;
    }

    private TimeSpan Remaining(DateTimeOffset deadline)
    {
        var remaining = deadline - _timeProvider.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
