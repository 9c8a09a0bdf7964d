namespace Alyx.Coordination.State;

/// <summary>The shard set that a blue-green switch replaced; it handles events before the cutover until it is stopped.</summary>
/// <param name="Epoch">The old set's epoch.</param>
/// <param name="ShardCount">Shards in the old set.</param>
/// <param name="CutoverAt">The cutover instant: the old set handles events before it, the new set the rest.</param>
/// <param name="StopAt">When the orchestrator stops the old set, which leaves time for late events from before the cutover.</param>
public sealed record RetiringShardSet(long Epoch, int ShardCount, DateTimeOffset CutoverAt, DateTimeOffset StopAt);
