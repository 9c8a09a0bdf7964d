namespace Alyx.Coordination.Messaging;

/// <summary>
/// Stores payloads too large for a transport (the claim-check pattern). Keys are opaque to callers.
/// </summary>
public interface IPayloadStore
{
    /// <summary>Stores a payload and returns its key.</summary>
    Task<string> PutAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Returns a stored payload.</summary>
    /// <exception cref="KeyNotFoundException">Nothing is stored under the key.</exception>
    Task<ReadOnlyMemory<byte>> GetAsync(string key, CancellationToken cancellationToken);
}
