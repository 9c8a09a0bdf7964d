using Alyx.Abstractions.Sharding;
using Alyx.Discord.Gateway;

namespace Alyx.Discord.Tests.Support;

/// <summary>A local identify gate that counts its grants, so tests can check that every IDENTIFY and no RESUME passed it.</summary>
public sealed class CountingIdentifyGate(int maxConcurrency, TimeSpan window) : IIdentifyGate, IDisposable
{
    private readonly LocalIdentifyGate _inner = new(maxConcurrency, window);
    private int _grants;

    public int Grants => Volatile.Read(ref _grants);

    public async ValueTask<IdentifyGrant> WaitForTurnAsync(int shardId, CancellationToken cancellationToken)
    {
        var grant = await _inner.WaitForTurnAsync(shardId, cancellationToken);
        Interlocked.Increment(ref _grants);
        return grant;
    }

    public void Dispose() => _inner.Dispose();
}
