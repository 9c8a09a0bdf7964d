using Alyx.Abstractions.Messaging;

namespace Alyx.Shard.Hosting;

/// <summary>
/// The messenger as the host's routes and plugins see it: a route handler runs only while the shard's lease is
/// valid. A host continued after a pause past its lease deadline then faults requests instead of replying for a
/// shard that another host owns now; the requester sees a <see cref="RequestFaultedException"/> and can retry.
/// </summary>
internal sealed class LeaseFencedMessenger(IMessenger inner, Func<bool> leaseHeld, string leaseName) : IMessenger
{
    public Task<TResponse> RequestAsync<TRequest, TResponse>(
        MessageTarget target, string route, TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        inner.RequestAsync<TRequest, TResponse>(target, route, request, timeout, cancellationToken);

    public Task<BroadcastResult<TResponse>> BroadcastAsync<TRequest, TResponse>(
        string route, TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        inner.BroadcastAsync<TRequest, TResponse>(route, request, timeout, cancellationToken);

    public IDisposable Handle<TRequest, TResponse>(string route, Func<TRequest, MessageContext, CancellationToken, ValueTask<TResponse>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return inner.Handle<TRequest, TResponse>(route, (request, context, cancellationToken) =>
        {
            if (!leaseHeld())
            {
                throw new InvalidOperationException(
                    $"Lease {leaseName} is no longer valid on this host, so it does not handle route '{route}'; retry, and the shard's new host replies.");
            }

            return handler(request, context, cancellationToken);
        });
    }
}
