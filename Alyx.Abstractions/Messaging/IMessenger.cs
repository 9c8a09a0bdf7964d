namespace Alyx.Abstractions.Messaging;

/// <summary>
/// Sends requests to other shards or to the orchestrator and handles requests sent to this process.
/// Payloads are serialized with System.Text.Json using the serializer options the host configured, so a plugin can
/// add a source-generated <c>JsonSerializerContext</c> there.
/// </summary>
/// <remarks>
/// Delivery is at least once, and a handler runs once per message ID inside the deduplication window. A request
/// to a shard that is restarting waits in that shard's queue until its deadline.
/// </remarks>
public interface IMessenger
{
    /// <summary>
    /// Sends a request and waits for the one reply.
    /// </summary>
    /// <typeparam name="TRequest">The request payload type.</typeparam>
    /// <typeparam name="TResponse">The reply payload type.</typeparam>
    /// <param name="target">A shard, the shard owning a guild, or the orchestrator; <see cref="MessageTarget.All"/> is
    /// rejected, use <see cref="BroadcastAsync{TRequest, TResponse}"/>.</param>
    /// <param name="route">The route name a handler was registered under.</param>
    /// <param name="request">The request payload.</param>
    /// <param name="timeout">How long to wait for the reply; null uses the host's default.</param>
    /// <param name="cancellationToken">Cancels the wait; the request may still run on the target.</param>
    /// <returns>The reply payload.</returns>
    /// <exception cref="RequestTimeoutException">No reply came before the deadline.</exception>
    /// <exception cref="RequestFaultedException">The target's handler failed or the target has no handler for the route.</exception>
    /// <exception cref="RequestCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    Task<TResponse> RequestAsync<TRequest, TResponse>(
        MessageTarget target,
        string route,
        TRequest request,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a request to every shard of the active shard set and gathers one result per shard until each shard
    /// replied or the deadline passed. It does not throw for a shard that failed or timed out.
    /// </summary>
    /// <typeparam name="TRequest">The request payload type.</typeparam>
    /// <typeparam name="TResponse">The reply payload type.</typeparam>
    /// <param name="route">The route name.</param>
    /// <param name="request">The request payload.</param>
    /// <param name="timeout">How long to wait for the replies; null uses the host's default.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>One reply per shard.</returns>
    /// <exception cref="RequestCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    Task<BroadcastResult<TResponse>> BroadcastAsync<TRequest, TResponse>(
        string route,
        TRequest request,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers the handler of a route in this process. A second handler for the same route is rejected.
    /// </summary>
    /// <typeparam name="TRequest">The request payload type.</typeparam>
    /// <typeparam name="TResponse">The reply payload type.</typeparam>
    /// <param name="route">The route name: 1 to 128 letters, digits, '.', '-', '_' or '/'.</param>
    /// <param name="handler">Computes the reply. An exception becomes a <see cref="RequestFaultedException"/> at
    /// the requester once the retries are used up.</param>
    /// <returns>Removes the handler when disposed.</returns>
    /// <exception cref="ArgumentException">The route name is invalid.</exception>
    /// <exception cref="InvalidOperationException">The route already has a handler.</exception>
    IDisposable Handle<TRequest, TResponse>(
        string route,
        Func<TRequest, MessageContext, CancellationToken, ValueTask<TResponse>> handler);
}
