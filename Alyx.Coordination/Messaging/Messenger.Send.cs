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

        var replyTask = _pending.Add(correlationId);
        MessageEnvelope reply;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            var body = await EncodeForTransportAsync(envelope, linked.Token);
            await _transport.SendAsync(inbox, body, linked.Token);
            reply = await replyTask.WaitAsync(Remaining(deadline), _timeProvider, linked.Token);
        }
        catch (TimeoutException)
        {
            LogRequestTimedOut(correlationId, route, description, wait.TotalMilliseconds);
            throw new RequestTimeoutException(correlationId, route, description, wait);
        }
        catch (OperationCanceledException exception) when (linked.IsCancellationRequested)
        {
            throw new RequestCanceledException(correlationId, route, description, exception);
        }
        finally
        {
            _pending.Remove(correlationId);
        }

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

        var collector = new BroadcastCollector(routes.ShardCount);
        _broadcasts[correlationId] = collector;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            var body = await EncodeForTransportAsync(envelope, linked.Token);
            await _transport.PublishAsync(body, linked.Token);
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
