namespace Alyx.Coordination.Messaging;

/// <summary>
/// Counters of one messenger's inbound problems. Reads are approximate while messages arrive. Each counter moves
/// after the log line of its event is written. The same events also count on <see cref="MessagingMetrics"/>.
/// </summary>
public sealed class MessagingStatistics
{
    private long _malformed;
    private long _oversized;
    private long _expired;
    private long _duplicates;
    private long _deadLettered;
    private long _unmatchedReplies;

    /// <summary>Messages rejected because they were not valid envelopes.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Messages rejected because they exceeded the inbound size limit.</summary>
    public long Oversized => Interlocked.Read(ref _oversized);

    /// <summary>Requests dropped because their deadline had passed.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Requests skipped because their message ID was already handled or in flight.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Messages moved to the dead-letter queue, the rejected ones included.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Replies that matched no waiting request (late, duplicate or for another process).</summary>
    public long UnmatchedReplies => Interlocked.Read(ref _unmatchedReplies);

    internal void AddMalformed()
    {
        Interlocked.Increment(ref _malformed);
        MessagingMetrics.RecordDropped("malformed");
    }

    internal void AddOversized()
    {
        Interlocked.Increment(ref _oversized);
        MessagingMetrics.RecordDropped("oversized");
    }

    internal void AddExpired()
    {
        Interlocked.Increment(ref _expired);
        MessagingMetrics.RecordDropped("expired");
    }

    internal void AddDuplicate()
    {
        Interlocked.Increment(ref _duplicates);
        MessagingMetrics.RecordDropped("duplicate");
    }

    internal void AddDeadLettered()
    {
        Interlocked.Increment(ref _deadLettered);
        MessagingMetrics.RecordDropped("dead_lettered");
    }

    internal void AddUnmatchedReply()
    {
        Interlocked.Increment(ref _unmatchedReplies);
        MessagingMetrics.RecordDropped("unmatched_reply");
    }
}
