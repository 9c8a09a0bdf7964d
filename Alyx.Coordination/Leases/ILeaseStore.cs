namespace Alyx.Coordination.Leases;

/// <summary>
/// Named leases with fencing tokens, shared by every process of a cluster. A lease has at most one holder at a time;
/// each successful acquisition gets a fencing token greater than every token handed out before it. Holders use
/// <see cref="LeaseManager"/>, which wraps these calls in a <see cref="LeaseHandle"/> with a local deadline.
/// </summary>
public interface ILeaseStore
{
    /// <summary>Takes the lease when nobody holds it.</summary>
    /// <param name="name">The lease, such as <see cref="LeaseNames.Shard"/> or <see cref="LeaseNames.Leader"/>.</param>
    /// <param name="holderId">Who takes it, such as the task id.</param>
    /// <param name="timeToLive">How long the lease lasts unless renewed.</param>
    /// <param name="cancellationToken">Cancels the call; the outcome is then unknown.</param>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable; the outcome is unknown.</exception>
    Task<LeaseAcquireResult> TryAcquireAsync(string name, string holderId, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease to <paramref name="timeToLive"/> from now, only if <paramref name="holderId"/> still holds it
    /// with <paramref name="fencingToken"/>. Returns false when the lease expired or someone else holds it.
    /// </summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable; the outcome is unknown.</exception>
    Task<bool> RenewAsync(string name, string holderId, long fencingToken, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Deletes the lease, only if the caller still holds it. Returns false when it did not.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable; the outcome is unknown.</exception>
    Task<bool> ReleaseAsync(string name, string holderId, long fencingToken, CancellationToken cancellationToken);

    /// <summary>Reads every lease that is held now, in no particular order.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<IReadOnlyList<LeaseRecord>> ReadAllAsync(CancellationToken cancellationToken);
}
