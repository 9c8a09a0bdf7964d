namespace Alyx.Shard.Status;

/// <summary>One heartbeat of a shard host.</summary>
/// <param name="Phase">The gateway state, such as Ready or Resuming.</param>
/// <param name="Guilds">The guilds the shard holds.</param>
/// <param name="LatencyMilliseconds">The last heartbeat round trip, or null before the first ACK.</param>
/// <param name="Reason">The reason of the last state change, such as a close code.</param>
/// <param name="FencingToken">The fencing token of the lease the host holds.</param>
/// <param name="TaskId">The host's task id.</param>
public sealed record ShardStatus(string Phase, int Guilds, double? LatencyMilliseconds, string? Reason, long FencingToken, string TaskId);
