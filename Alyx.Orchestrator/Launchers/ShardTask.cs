namespace Alyx.Orchestrator.Launchers;

/// <summary>A running task of a launcher.</summary>
/// <param name="TaskId">The task id, also the holder id in the shard's lease.</param>
/// <param name="ShardSet">The shard set epoch it runs.</param>
/// <param name="ShardId">The shard id it runs.</param>
/// <param name="ShardCount">Shards in its set.</param>
/// <param name="StartedAt">When the launcher started it.</param>
/// <param name="ProcessId">The operating system process id for the local-process launcher; null otherwise.</param>
public sealed record ShardTask(string TaskId, long ShardSet, int ShardId, int ShardCount, DateTimeOffset StartedAt, int? ProcessId);
