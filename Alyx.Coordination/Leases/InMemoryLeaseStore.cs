using System.Diagnostics.CodeAnalysis;

namespace Alyx.Coordination.Leases;

/// <summary>
/// Leases for a single process (<c>alyx dev</c>, embedded mode). Expiry follows the injected clock's monotonic
/// timestamp, and fencing tokens start at 1 and grow by one per acquisition.
/// </summary>
public sealed class InMemoryLeaseStore(TimeProvider timeProvider) : ILeaseStore
{
    private readonly Dictionary<string, Entry> _leases = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _lastToken;

    /// <inheritdoc />
    public Task<LeaseAcquireResult> TryAcquireAsync(string name, string holderId, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(holderId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            if (TryGetLive(name, now, out var current))
            {
                return Task.FromResult(LeaseAcquireResult.Held(ToRecord(name, current, now)));
            }

            var token = ++_lastToken;
            _leases[name] = new Entry(holderId, token, now + ToTicks(timeToLive));
            return Task.FromResult(LeaseAcquireResult.Success(token));
        }
    }

    /// <inheritdoc />
    public Task<bool> RenewAsync(string name, string holderId, long fencingToken, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            if (!TryGetLive(name, now, out var current) || !current.IsHeldBy(holderId, fencingToken))
            {
                return Task.FromResult(false);
            }

            _leases[name] = current with { ExpiresAt = now + ToTicks(timeToLive) };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(string name, string holderId, long fencingToken, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            if (!TryGetLive(name, now, out var current) || !current.IsHeldBy(holderId, fencingToken))
            {
                return Task.FromResult(false);
            }

            _leases.Remove(name);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LeaseRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            var live = new List<LeaseRecord>(_leases.Count);
            foreach (var (name, entry) in _leases.ToArray())
            {
                if (entry.ExpiresAt > now)
                {
                    live.Add(ToRecord(name, entry, now));
                }
                else
                {
                    _leases.Remove(name);
                }
            }

            return Task.FromResult<IReadOnlyList<LeaseRecord>>(live);
        }
    }

    private bool TryGetLive(string name, long now, [NotNullWhen(true)] out Entry? entry)
    {
        if (_leases.TryGetValue(name, out var found) && found.ExpiresAt > now)
        {
            entry = found;
            return true;
        }

        _leases.Remove(name);
        entry = null;
        return false;
    }

    private LeaseRecord ToRecord(string name, Entry entry, long now) =>
        new(name, entry.HolderId, entry.FencingToken, timeProvider.GetElapsedTime(now, entry.ExpiresAt));

    private long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * timeProvider.TimestampFrequency);

    private sealed record Entry(string HolderId, long FencingToken, long ExpiresAt)
    {
        public bool IsHeldBy(string holderId, long fencingToken) =>
            FencingToken == fencingToken && string.Equals(HolderId, holderId, StringComparison.Ordinal);
    }
}
