using System.Threading.Channels;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;

namespace Alyx.Coordination.Tests.Support;

/// <summary>
/// Wraps a real store and lets a test make renewals fail as if Redis were down, and observe each renew call.
/// </summary>
internal sealed class ControllableLeaseStore(ILeaseStore inner) : ILeaseStore
{
    private readonly Channel<bool> _renewCalls = Channel.CreateUnbounded<bool>();

    /// <summary>While true, renewals throw <see cref="CoordinationUnavailableException"/>.</summary>
    public bool Unreachable { get; set; }

    public int RenewCount { get; private set; }

    public Task<LeaseAcquireResult> TryAcquireAsync(string name, string holderId, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        inner.TryAcquireAsync(name, holderId, timeToLive, cancellationToken);

    public async Task<bool> RenewAsync(string name, string holderId, long fencingToken, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        RenewCount++;
        try
        {
            if (Unreachable)
            {
                throw new CoordinationUnavailableException("lease renew", new TimeoutException("test outage"));
            }

            return await inner.RenewAsync(name, holderId, fencingToken, timeToLive, cancellationToken);
        }
        finally
        {
            _renewCalls.Writer.TryWrite(true);
        }
    }

    public Task<bool> ReleaseAsync(string name, string holderId, long fencingToken, CancellationToken cancellationToken) =>
        inner.ReleaseAsync(name, holderId, fencingToken, cancellationToken);

    public Task<IReadOnlyList<LeaseRecord>> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    /// <summary>Waits until the next renew call has finished.</summary>
    public async Task WaitForRenewAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _renewCalls.Reader.ReadAsync(timeout.Token);
    }
}
