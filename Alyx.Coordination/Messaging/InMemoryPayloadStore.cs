using System.Collections.Concurrent;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// A payload store inside one process, for the in-memory and Redis transports of a single host.
/// </summary>
/// <remarks>NOTE: entries are never removed, so a long-running host with many large payloads should use S3.</remarks>
public sealed class InMemoryPayloadStore : IPayloadStore
{
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> _payloads = new();

    /// <summary>The number of stored payloads.</summary>
    public int Count => _payloads.Count;

    /// <inheritdoc />
    public Task<string> PutAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        _payloads[key] = payload.ToArray();
        return Task.FromResult(key);
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>> GetAsync(string key, CancellationToken cancellationToken) =>
        _payloads.TryGetValue(key, out var payload)
            ? Task.FromResult(payload)
            : throw new KeyNotFoundException($"No payload is stored under key '{key}'.");
}
