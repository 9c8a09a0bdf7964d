namespace Alyx.Coordination.Events;

/// <summary>Settings of the operator event log.</summary>
public sealed class EventLogOptions
{
    /// <summary>Events kept; older ones are trimmed on append. Default 10,000.</summary>
    public int MaxLength { get; set; } = 10_000;

    /// <summary>
    /// How often a follower reads the log when no append notification arrived; notifications can be lost, so this
    /// bounds the delay. Default 2 s.
    /// </summary>
    public TimeSpan FollowPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws when a property is invalid.</summary>
    /// <exception cref="ArgumentException">Names every invalid property.</exception>
    public void ThrowIfInvalid()
    {
        var failures = new List<string>();
        if (MaxLength < 1)
        {
            failures.Add($"Events:MaxLength {MaxLength} is invalid: keep at least 1 event.");
        }

        if (FollowPollInterval <= TimeSpan.Zero)
        {
            failures.Add($"Events:FollowPollInterval {FollowPollInterval} is invalid: it must be positive.");
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures));
        }
    }
}
