namespace Alyx.Coordination.Events;

/// <summary>A capped, append-only log of operator events, read by <c>alyx events</c>.</summary>
public interface IEventLog
{
    /// <summary>Appends the event and returns it with its <see cref="OperatorEvent.Id"/> and timestamp set.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<OperatorEvent> AppendAsync(OperatorEvent operatorEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the event unless an event with the same <paramref name="onceKey"/> was appended before, as one atomic
    /// step. A leader that takes over redoes the steps whose events its predecessor may have lost, and this keeps such
    /// an event in the log exactly once. Returns the stored event, or null when the key was already used.
    /// </summary>
    /// <param name="operatorEvent">The event to append.</param>
    /// <param name="onceKey">The event's identity, such as <c>ShardSetSwitched:7</c>. Keys are kept after their events are trimmed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<OperatorEvent?> AppendOnceAsync(OperatorEvent operatorEvent, string onceKey, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="count"/> events after <paramref name="afterId"/> (all when null), oldest first.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<IReadOnlyList<OperatorEvent>> ReadAsync(string? afterId, int count, CancellationToken cancellationToken);

    /// <summary>Reads the newest <paramref name="count"/> events, oldest first.</summary>
    /// <exception cref="Redis.CoordinationUnavailableException">The store is unreachable.</exception>
    Task<IReadOnlyList<OperatorEvent>> ReadLatestAsync(int count, CancellationToken cancellationToken);

    /// <summary>
    /// Yields every event after <paramref name="afterId"/> (all retained events when null), then each new one as it is
    /// appended, until <paramref name="cancellationToken"/> fires.
    /// </summary>
    IAsyncEnumerable<OperatorEvent> FollowAsync(string? afterId, CancellationToken cancellationToken);
}
