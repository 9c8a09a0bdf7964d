namespace Alyx.Coordination.Heartbeats;

/// <summary>A stored heartbeat with its age on the store's clock.</summary>
/// <param name="Heartbeat">The last report.</param>
/// <param name="ReceivedAt">When the store received it, on the store's clock.</param>
/// <param name="Age">Time since it was received, at the moment of reading.</param>
public sealed record HeartbeatRecord(ShardHeartbeat Heartbeat, DateTimeOffset ReceivedAt, TimeSpan Age)
{
    /// <summary>True when the heartbeat is older than <paramref name="maxAge"/>: the shard host stopped reporting.</summary>
    public bool IsStale(TimeSpan maxAge) => Age > maxAge;
}
