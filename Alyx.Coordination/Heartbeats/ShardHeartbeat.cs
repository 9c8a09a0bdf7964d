using Alyx.Coordination.State;

namespace Alyx.Coordination.Heartbeats;

/// <summary>What a shard host reports about itself at a regular interval.</summary>
/// <param name="ShardSetEpoch">The shard set the shard belongs to.</param>
/// <param name="ShardId">The shard id.</param>
/// <param name="TaskId">The task running the shard.</param>
/// <param name="FencingToken">The fencing token of the task's shard lease.</param>
/// <param name="Phase">The shard's phase as the host reports it.</param>
/// <param name="GuildCount">Guilds on the shard.</param>
/// <param name="Latency">Gateway heartbeat round trip, if measured.</param>
/// <param name="LastCloseCode">The last gateway close code, if any.</param>
public sealed record ShardHeartbeat(
    long ShardSetEpoch,
    int ShardId,
    string TaskId,
    long FencingToken,
    ShardPhase Phase,
    int GuildCount,
    TimeSpan? Latency,
    int? LastCloseCode);
