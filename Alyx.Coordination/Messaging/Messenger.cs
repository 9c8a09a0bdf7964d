using System.Collections.Concurrent;
using System.Text.Json;
using System.Runtime.InteropServices;
using Alyx.Abstractions.Messaging;
using Microsoft.Extensions.Logging;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// The messenger of one endpoint (a shard, the orchestrator or a client) over an <see cref="IMessageTransport"/>.
/// Sends requests and broadcasts, waits for replies in a <see cref="PendingRequestTable"/>, and runs the registered
/// handlers for what arrives in its inbox. Call <see cref="StartAsync"/> before use.
/// </summary>
public sealed partial class Messenger : IMessenger, IAsyncDisposable
{
    private const int MaxErrorMessageLength = 2000;

    private static readonly JsonElement NullPayload = JsonDocument.Parse("null").RootElement;

    private readonly MessengerEndpoint _endpoint;
    private readonly IMessageTransport _transport;
    private readonly IRouteTable _routes;
    private readonly IPayloadStore? _payloadStore;
    private readonly MessengerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<Messenger> _logger;
    private readonly MessageSource _source;
    private readonly PendingRequestTable _pending = new();
    private readonly ConcurrentDictionary<string, BroadcastCollector> _broadcasts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RouteHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly DedupeWindow _dedupe;
    private readonly SemaphoreSlim _handlerSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _handlersReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IAsyncDisposable? _subscription;

    /// <summary>Creates a messenger, which receives nothing until <see cref="StartAsync"/>.</summary>
    /// <param name="endpoint">Who this messenger is.</param>
    /// <param name="transport">The transport, shared by the messengers of one process.</param>
    /// <param name="routes">The shard set to route with.</param>
    /// <param name="payloadStore">Where payloads above the transport's limit go; null rejects such payloads.</param>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="timeProvider">The clock for deadlines and the dedupe window.</param>
    /// <param name="logger">The logger.</param>
    public Messenger(
        MessengerEndpoint endpoint,
        IMessageTransport transport,
        IRouteTable routes,
        IPayloadStore? payloadStore,
        MessengerOptions options,
        TimeProvider timeProvider,
        ILogger<Messenger> logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();

        _endpoint = endpoint;
        _transport = transport;
        _routes = routes;
        _payloadStore = payloadStore;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _source = new MessageSource(endpoint.Inbox, endpoint.Epoch, endpoint.ShardId, endpoint.TaskId);
        _dedupe = new DedupeWindow(options.DedupeWindow, options.DedupeCapacity, timeProvider);
        _handlerSlots = new SemaphoreSlim(options.MaxConcurrentHandlers, options.MaxConcurrentHandlers);
        if (!options.WaitForHandlers)
        {
            _handlersReady.TrySetResult();
        }
    }

    private delegate ValueTask<JsonElement> RouteHandler(JsonElement payload, MessageContext context, CancellationToken cancellationToken);

    /// <summary>This messenger's endpoint.</summary>
    public MessengerEndpoint Endpoint => _endpoint;

    /// <summary>Counters of rejected, expired, duplicate and dead-lettered messages.</summary>
    public MessagingStatistics Statistics { get; } = new();

    /// <summary>The number of requests and broadcasts waiting for replies.</summary>
    public int PendingCount => _pending.Count + _broadcasts.Count;

    /// <summary>Subscribes to this endpoint's inbox; shards also receive broadcasts.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (_subscription is not null)
        {
            throw new InvalidOperationException($"The messenger of {_endpoint.Describe()} is already started.");
        }

        _subscription = await _transport.SubscribeAsync(_endpoint.Inbox, _endpoint.IsShard, OnMessageAsync, cancellationToken);
        LogStarted(_endpoint.Inbox, _transport.Name);
    }

    /// <summary>
    /// Marks every handler as registered, so a request for a route without one gets a RouteNotFound reply at
    /// once. Requests that waited for this (see <see cref="MessengerOptions.WaitForHandlers"/>) look up their route again.
    /// </summary>
    public void MarkHandlersReady() => _handlersReady.TrySetResult();

    /// <inheritdoc />
    public IDisposable Handle<TRequest, TResponse>(
        string route,
        Func<TRequest, MessageContext, CancellationToken, ValueTask<TResponse>> handler)
    {
        ValidateRoute(route);
        ArgumentNullException.ThrowIfNull(handler);
        RouteHandler wrapped = async (payload, context, cancellationToken) =>
        {
            var request = payload.Deserialize<TRequest>(_options.SerializerOptions)!;
            var response = await handler(request, context, cancellationToken);
            return JsonSerializer.SerializeToElement(response, _options.SerializerOptions);
        };
        if (!_handlers.TryAdd(route, wrapped))
        {
            throw new InvalidOperationException(
                $"Route '{route}' already has a handler in {_endpoint.Describe()}; dispose the first registration before adding another.");
        }

        return new HandlerRegistration(() => _handlers.TryRemove(new KeyValuePair<string, RouteHandler>(route, wrapped)));
    }

    /// <summary>
    /// Stops receiving: handlers in flight are canceled and their messages stay unsettled, so the transport delivers
    /// them again to the next subscriber; waiting requests fail with <see cref="RequestCanceledException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_inFlight.Keys).WaitAsync(TimeSpan.FromSeconds(10), _timeProvider);
        }
        catch (TimeoutException)
        {
            LogHandlersStillRunning(_endpoint.Inbox, _inFlight.Count);
        }

        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
            if (_endpoint.IsTransient)
            {
                await DeleteTransientInboxAsync();
            }
        }

        // A handler that ignored cancellation may still use these, so they stay undisposed then. Neither owns a
        // timer or wait handle here, so only memory is left behind.
        if (_inFlight.IsEmpty)
        {
            _stopping.Dispose();
            _handlerSlots.Dispose();
        }

        LogStopped(_endpoint.Inbox);
    }

    private async Task DeleteTransientInboxAsync()
    {
        try
        {
            await _transport.DeleteInboxAsync(_endpoint.Inbox, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // A leftover inbox costs storage only, so stopping goes on.
            LogInboxDeleteFailed(exception, _endpoint.Inbox);
        }
    }

    private static void ValidateRoute(string route)
    {
        if (!EnvelopeCodec.IsValidRoute(route))
        {
            throw new ArgumentException(
                $"Route '{route}' is invalid: use 1 to 128 letters, digits, '.', '-', '_' or '/'.", nameof(route));
        }
    }

    private static string NewId() => Guid.CreateVersion7().ToString("N");

    private async Task<byte[]> EncodeForTransportAsync(MessageEnvelope envelope, CancellationToken cancellationToken) =>
        (await OffloadLargePayloadAsync(envelope, cancellationToken)).Body;

    /// <summary>
    /// Returns the envelope unchanged when it fits the transport, or with its payload moved to the payload store and
    /// replaced by a reference (claim check), together with its encoding.
    /// </summary>
    private async Task<(MessageEnvelope Envelope, byte[] Body)> OffloadLargePayloadAsync(
        MessageEnvelope envelope,
        CancellationToken cancellationToken)
    {
        var body = EnvelopeCodec.Encode(envelope);
        var size = body.Length;
        if (size <= _transport.MaxBodyBytes || envelope.Payload is not { } payload)
        {
            return (envelope, body);
        }

        if (_payloadStore is null)
        {
            throw new InvalidOperationException(
                $"The {envelope.Kind} on route '{envelope.Route}' is {size} bytes, above the {_transport.Name} limit of " +
                $"{_transport.MaxBodyBytes} bytes, and no payload store is configured; configure one or send a smaller payload.");
        }

        var key = await _payloadStore.PutAsync(JsonMarshal.GetRawUtf8Value(payload).ToArray(), cancellationToken);
        LogPayloadStored(envelope.MessageId, envelope.Route, size, key);
        var offloaded = envelope with { Payload = null, PayloadReference = key };
        return (offloaded, EnvelopeCodec.Encode(offloaded));
    }

    private async Task<JsonElement> ResolvePayloadAsync(MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        if (envelope.Payload is { } payload)
        {
            return payload;
        }

        if (envelope.PayloadReference is not { } key)
        {
            // The sender's payload was JSON null, which the envelope omits.
            return NullPayload;
        }

        if (_payloadStore is null)
        {
            throw new InvalidOperationException(
                $"Message {envelope.MessageId} refers to stored payload '{key}' but no payload store is configured.");
        }

        var bytes = await _payloadStore.GetAsync(key, cancellationToken);
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }

    private static string Truncate(string text) =>
        text.Length <= MaxErrorMessageLength ? text : text[..MaxErrorMessageLength];

    private sealed class HandlerRegistration(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                remove();
            }
        }
    }
}
