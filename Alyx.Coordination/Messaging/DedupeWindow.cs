namespace Alyx.Coordination.Messaging;

/// <summary>
/// Remembers the message IDs a receiver has handled or is handling, so that a redelivered message runs its handler
/// once. IDs are forgotten after the window or, when more than the capacity are remembered, oldest first.
/// </summary>
/// <remarks>
/// NOTE: the window lives in process memory, so a message redelivered to a restarted process runs again. This is
/// how a request survives its receiver crashing mid-handler.
/// </remarks>
public sealed class DedupeWindow
{
    private readonly TimeSpan _window;
    private readonly int _capacity;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset?> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset SeenAt)> _order = new();

    /// <summary>Creates the window.</summary>
    public DedupeWindow(TimeSpan window, int capacity, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _window = window;
        _capacity = capacity;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Claims a message ID for handling. Returns false when the ID is being handled or was handled inside the window.
    /// </summary>
    public bool TryBegin(string messageId)
    {
        lock (_gate)
        {
            Evict(_timeProvider.GetUtcNow());
            if (_seen.ContainsKey(messageId))
            {
                return false;
            }

            // A null time marks an ID in flight; it is never evicted until Complete or Abandon.
            _seen[messageId] = null;
            return true;
        }
    }

    /// <summary>Records that the message was handled, so redeliveries inside the window are skipped.</summary>
    public void Complete(string messageId)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            _seen[messageId] = now;
            _order.Enqueue((messageId, now));
            Evict(now);
        }
    }

    /// <summary>Releases a claimed ID without recording it, so a redelivery runs the handler again.</summary>
    public void Abandon(string messageId)
    {
        lock (_gate)
        {
            if (_seen.TryGetValue(messageId, out var seenAt) && seenAt is null)
            {
                _seen.Remove(messageId);
            }
        }
    }

    private void Evict(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && (now - oldest.SeenAt >= _window || _order.Count > _capacity))
        {
            _order.Dequeue();
            if (_seen.TryGetValue(oldest.Id, out var seenAt) && seenAt == oldest.SeenAt)
            {
                _seen.Remove(oldest.Id);
            }
        }
    }
}
