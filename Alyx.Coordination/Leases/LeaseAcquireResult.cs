namespace Alyx.Coordination.Leases;

/// <summary>The outcome of one attempt to take a lease.</summary>
/// <param name="Acquired">True when the caller now holds the lease.</param>
/// <param name="FencingToken">The new fencing token when <paramref name="Acquired"/> is true, else 0.</param>
/// <param name="CurrentHolder">Who holds the lease when the attempt failed because it is held, else null.</param>
/// <param name="RetryAfter">
/// When the attempt failed, the earliest time a new attempt can succeed: the holder's remaining time to live, or
/// the quiet period a Redis store keeps after it lost its data. Zero when acquired.
/// </param>
public sealed record LeaseAcquireResult(bool Acquired, long FencingToken, LeaseRecord? CurrentHolder, TimeSpan RetryAfter)
{
    /// <summary>Creates the result of a successful attempt.</summary>
    public static LeaseAcquireResult Success(long fencingToken) => new(true, fencingToken, null, TimeSpan.Zero);

    /// <summary>Creates the result of an attempt that found the lease held.</summary>
    public static LeaseAcquireResult Held(LeaseRecord holder) => new(false, 0, holder, holder.TimeToLive);

    /// <summary>Creates the result of an attempt made while the store refuses all acquisitions for a while.</summary>
    public static LeaseAcquireResult Quiet(TimeSpan retryAfter) => new(false, 0, null, retryAfter);
}
