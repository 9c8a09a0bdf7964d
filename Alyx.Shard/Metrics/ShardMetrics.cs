namespace Alyx.Shard.Metrics;

/// <summary>Counters of one shard host. The metric writer reads and resets the deltas once per interval.</summary>
public sealed class ShardMetrics
{
    private long _eventsReceived;
    private long _eventsDropped;
    private long _eventsForOtherSet;
    private long _handlerErrors;
    private long _reconnects;
    private long _dispatchLatencyTicks;
    private long _dispatchLatencyCount;
    private long _identifyWaitMilliseconds = -1;

    /// <summary>Dispatch events received since the start.</summary>
    public long EventsReceived => Interlocked.Read(ref _eventsReceived);

    /// <summary>Plugin handlers that threw since the start, across plugins.</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    /// <summary>Events dropped because the lease's local deadline had passed.</summary>
    public long EventsDropped => Interlocked.Read(ref _eventsDropped);

    /// <summary>Events not handed to plugins because another shard set handles them (blue-green resharding).</summary>
    public long EventsForOtherSet => Interlocked.Read(ref _eventsForOtherSet);

    /// <summary>Reconnects of the gateway connection since the start.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    internal void EventReceived() => Interlocked.Increment(ref _eventsReceived);

    internal void EventDropped() => Interlocked.Increment(ref _eventsDropped);

    internal void EventForOtherSet() => Interlocked.Increment(ref _eventsForOtherSet);

    internal void HandlerFailed() => Interlocked.Increment(ref _handlerErrors);

    internal void Reconnected() => Interlocked.Increment(ref _reconnects);

    internal void IdentifyWaited(TimeSpan wait) => Interlocked.Exchange(ref _identifyWaitMilliseconds, (long)wait.TotalMilliseconds);

    /// <summary>Records the time from the gateway handing an event over to a plugin handler starting on it.</summary>
    internal void DispatchLatency(TimeSpan latency)
    {
        Interlocked.Add(ref _dispatchLatencyTicks, latency.Ticks);
        Interlocked.Increment(ref _dispatchLatencyCount);
    }

    /// <summary>Returns the mean dispatch-to-handler latency in milliseconds since the last call, or null without events, and resets it.</summary>
    internal double? TakeMeanDispatchLatencyMilliseconds()
    {
        var count = Interlocked.Exchange(ref _dispatchLatencyCount, 0);
        var ticks = Interlocked.Exchange(ref _dispatchLatencyTicks, 0);
        return count == 0 ? null : TimeSpan.FromTicks(ticks / count).TotalMilliseconds;
    }

    /// <summary>Returns the last identify wait in milliseconds once and clears it; null when none happened since.</summary>
    internal long? TakeIdentifyWaitMilliseconds()
    {
        var value = Interlocked.Exchange(ref _identifyWaitMilliseconds, -1);
        return value < 0 ? null : value;
    }
}
