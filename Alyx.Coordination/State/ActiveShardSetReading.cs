namespace Alyx.Coordination.State;

/// <summary>The active shard set as one read saw it, with the store's clock at that read.</summary>
/// <param name="Set">The record, or null when no orchestrator has activated a set yet.</param>
/// <param name="ReadAt">The store's clock when it read the record (the Redis server's TIME, or the process clock in memory).</param>
public sealed record ActiveShardSetReading(ActiveShardSet? Set, DateTimeOffset ReadAt);
