namespace Alyx.Coordination.State;

/// <summary>What the orchestrator last observed about one shard.</summary>
/// <param name="ShardId">The shard id.</param>
/// <param name="Phase">Its phase.</param>
/// <param name="TaskId">The task running it, if any.</param>
/// <param name="FencingToken">The fencing token of the task's lease, 0 when none.</param>
/// <param name="LastHeartbeat">When its last heartbeat arrived, if ever.</param>
/// <param name="GuildCount">Guilds on the shard.</param>
/// <param name="Latency">Gateway heartbeat round trip, if measured.</param>
/// <param name="RestartCount">Relaunches so far.</param>
/// <param name="LastCloseCode">The last gateway close code, if any.</param>
public sealed record ShardStatus(
    int ShardId,
    ShardPhase Phase,
    string? TaskId = null,
    long FencingToken = 0,
    DateTimeOffset? LastHeartbeat = null,
    int GuildCount = 0,
    TimeSpan? Latency = null,
    int RestartCount = 0,
    int? LastCloseCode = null);
