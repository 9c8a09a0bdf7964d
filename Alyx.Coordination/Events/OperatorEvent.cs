namespace Alyx.Coordination.Events;

/// <summary>
/// Something the operator should be able to read later: a scale request, a task launch, a failure, an alarm.
/// </summary>
/// <param name="Type">What happened, such as <see cref="OperatorEventTypes.TaskLaunched"/>.</param>
/// <param name="Reason">A CamelCase machine-readable reason, such as <c>LeaseExpired</c>.</param>
/// <param name="Message">A sentence for the operator.</param>
/// <param name="ShardSetEpoch">The shard set involved, if any.</param>
/// <param name="ShardId">The shard involved, if any.</param>
/// <param name="TaskId">The task involved, if any.</param>
public sealed record OperatorEvent(
    string Type,
    string Reason,
    string Message,
    long? ShardSetEpoch = null,
    int? ShardId = null,
    string? TaskId = null)
{
    /// <summary>The log's id for the event, <c>{unixMs}-{sequence}</c> like a Redis stream id; set by the log on append.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>When the log stored the event, on the log's clock; set by the log on append.</summary>
    public DateTimeOffset Timestamp { get; init; }
}
