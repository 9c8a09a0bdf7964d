namespace Alyx.Orchestrator.Alarms;

/// <summary>Counts of what <see cref="AlarmListener"/> did with the notifications it read, since it was created.</summary>
public sealed class AlarmStatistics
{
    private long _received;
    private long _malformed;
    private long _acted;
    private long _notActed;
    private long _failed;

    /// <summary>Messages read from the queue.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages that were not a CloudWatch alarm notification; each was logged and deleted.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Notifications that led to a restart or reshard request.</summary>
    public long Acted => Interlocked.Read(ref _acted);

    /// <summary>Notifications only recorded: not ALARM, a rule that only records, a running cooldown, or no shard was named.</summary>
    public long NotActed => Interlocked.Read(ref _notActed);

    /// <summary>Notifications deleted after their handling failed <see cref="AlarmOptions.MaxReceiveCount"/> times.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal void OnReceived() => Interlocked.Increment(ref _received);

    internal void OnMalformed() => Interlocked.Increment(ref _malformed);

    internal void OnDecided(bool acted) => Interlocked.Increment(ref acted ? ref _acted : ref _notActed);

    internal void OnFailed() => Interlocked.Increment(ref _failed);
}
