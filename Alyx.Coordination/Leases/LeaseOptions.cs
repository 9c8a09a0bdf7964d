namespace Alyx.Coordination.Leases;

/// <summary>Timing of lease handles. Check with <see cref="Validate"/> at start.</summary>
public sealed class LeaseOptions
{
    /// <summary>How long a lease lasts in the store unless renewed. Default 15 s.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time between renew attempts. Default 5 s, a third of the default time to live.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long before the store's expiry the holder stops trusting its lease. The local deadline is the time the
    /// last successful acquire or renew was sent, plus <see cref="TimeToLive"/>, minus this margin. It covers the
    /// drift between the holder's clock and the store's, and the time the holder needs to stop its work. Default 3 s.
    /// </summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest wait between acquire attempts while the lease is held by another holder. Default 5 s.</summary>
    public TimeSpan MaxAcquireRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Returns one message per invalid property; empty when the options are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (TimeToLive < TimeSpan.FromMilliseconds(10))
        {
            failures.Add($"Leases:TimeToLive {TimeToLive} is invalid: use at least 10 ms (seconds in production).");
        }

        if (SafetyMargin <= TimeSpan.Zero || SafetyMargin >= TimeToLive)
        {
            failures.Add($"Leases:SafetyMargin {SafetyMargin} is invalid: it must be positive and less than TimeToLive {TimeToLive}.");
        }

        if (RenewInterval <= TimeSpan.Zero || RenewInterval >= TimeToLive - SafetyMargin)
        {
            failures.Add($"Leases:RenewInterval {RenewInterval} is invalid: it must be positive and less than "
                + $"TimeToLive minus SafetyMargin ({TimeToLive - SafetyMargin}), so a renew can land before the deadline.");
        }

        if (MaxAcquireRetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"Leases:MaxAcquireRetryDelay {MaxAcquireRetryDelay} is invalid: it must be positive.");
        }

        return failures;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    /// <exception cref="ArgumentException">Lists every invalid property.</exception>
    public void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures));
        }
    }
}
