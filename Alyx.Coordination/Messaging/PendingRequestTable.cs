using System.Collections.Concurrent;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// The requests of one messenger that wait for a reply, by correlation ID. A reply completes its request exactly
/// once: the first matching reply removes the entry, so a duplicate or late reply finds nothing.
/// </summary>
public sealed class PendingRequestTable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MessageEnvelope>> _requests = new(StringComparer.Ordinal);

    /// <summary>The number of requests waiting.</summary>
    public int Count => _requests.Count;

    /// <summary>Adds a request and returns the task its reply completes.</summary>
    /// <exception cref="InvalidOperationException">The correlation ID is already waiting.</exception>
    public Task<MessageEnvelope> Add(string correlationId)
    {
        var completion = new TaskCompletionSource<MessageEnvelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_requests.TryAdd(correlationId, completion))
        {
            throw new InvalidOperationException($"Correlation ID '{correlationId}' is already waiting for a reply; IDs must be unique.");
        }

        return completion.Task;
    }

    /// <summary>Completes the request a reply belongs to; returns false when none waits (late or duplicate reply).</summary>
    public bool TryComplete(MessageEnvelope reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return _requests.TryRemove(reply.CorrelationId, out var completion) && completion.TrySetResult(reply);
    }

    /// <summary>Removes a request that stopped waiting (timeout or cancellation).</summary>
    public bool Remove(string correlationId) => _requests.TryRemove(correlationId, out _);
}
