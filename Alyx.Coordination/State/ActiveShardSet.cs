namespace Alyx.Coordination.State;

/// <summary>
/// The shard set whose hosts hand events to plugins, and the cutover rule between it and the set it replaced. Every
/// event has a position in Unix milliseconds (a snowflake's timestamp, or its arrival time on the store's clock). The
/// previous set handles events before <see cref="ActiveFrom"/> and the active set handles the rest, so each event
/// that both sets receive is handled by exactly one of them.
/// </summary>
/// <param name="Epoch">The active shard set's epoch.</param>
/// <param name="ShardCount">Shards in the active set.</param>
/// <param name="ActiveFrom">
/// The cutover instant on the store's clock: the active set handles events at or after it. The Unix epoch for a set
/// that was activated at once (the first set, or a rolling reshard), which then handles every event.
/// </param>
/// <param name="PreviousEpoch">The set that handles events before <see cref="ActiveFrom"/>, or null when there is none.</param>
/// <param name="PreviousShardCount">Shards in the previous set, or null when there is none.</param>
/// <param name="CutoverNotice">
/// The minimum time between a switch and its cutover instant. The store enforces it, so for a host that read this record at
/// time R, no cutover can fall before R plus this notice.
/// </param>
public sealed record ActiveShardSet(
    long Epoch,
    int ShardCount,
    DateTimeOffset ActiveFrom,
    long? PreviousEpoch,
    int? PreviousShardCount,
    TimeSpan CutoverNotice);
