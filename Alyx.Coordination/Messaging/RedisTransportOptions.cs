namespace Alyx.Coordination.Messaging;

/// <summary>
/// Settings of <see cref="RedisMessageTransport"/>.
/// </summary>
public sealed class RedisTransportOptions
{
    /// <summary>The largest message body, in bytes. Default 256 KiB, the SNS limit, so payload routing matches AWS.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// The approximate number of entries each inbox stream and the broadcast stream keep (XADD MAXLEN ~).
    /// Acknowledged entries are only removed by this trimming, and it also drops the oldest unread entries of an inbox
    /// whose subscriber stays away while more than this many arrive. Default 10,000.
    /// </summary>
    public int StreamMaxLength { get; set; } = 10_000;

    /// <summary>
    /// How long a subscriber waits for a notification before it reads its stream anyway, in case a notification was
    /// lost (Redis pub/sub is at most once). Default 1 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many entries one read takes from each stream. Default 64.</summary>
    public int ReadBatchSize { get; set; } = 64;

    /// <summary>Checks every setting and reports all invalid ones at once.</summary>
    /// <exception cref="ArgumentException">At least one setting is invalid; the message names each.</exception>
    public void Validate()
    {
        var failures = new List<string>();
        if (MaxBodyBytes < 1024)
        {
            failures.Add($"MaxBodyBytes must be at least 1024, not {MaxBodyBytes}.");
        }

        if (StreamMaxLength < 100)
        {
            failures.Add($"StreamMaxLength must be at least 100, not {StreamMaxLength}.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"PollInterval must be positive, not {PollInterval}.");
        }

        if (ReadBatchSize < 1)
        {
            failures.Add($"ReadBatchSize must be at least 1, not {ReadBatchSize}.");
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid Redis transport options: " + string.Join(" ", failures));
        }
    }
}
