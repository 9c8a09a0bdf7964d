using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>Passes calls to a real payload store and counts the stored payloads, so tests can see the claim-check path.</summary>
public sealed class CountingPayloadStore(IPayloadStore inner) : IPayloadStore
{
    private int _puts;

    public int Puts => Volatile.Read(ref _puts);

    public async Task<string> PutAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var key = await inner.PutAsync(payload, cancellationToken);
        Interlocked.Increment(ref _puts);
        return key;
    }

    public Task<ReadOnlyMemory<byte>> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);
}
