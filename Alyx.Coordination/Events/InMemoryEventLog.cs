using System.Globalization;
using System.Runtime.CompilerServices;

namespace Alyx.Coordination.Events;

/// <summary>The operator event log for a single process (<c>alyx dev</c>, embedded mode).</summary>
public sealed class InMemoryEventLog : IEventLog
{
    private readonly EventLogOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly LinkedList<(long Milliseconds, long Sequence, OperatorEvent Event)> _events = new();
    private readonly HashSet<string> _onceKeys = new(StringComparer.Ordinal);
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the log.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public InMemoryEventLog(EventLogOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc />
    public Task<OperatorEvent> AppendAsync(OperatorEvent operatorEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operatorEvent);
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource appended;
        OperatorEvent stored;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            var milliseconds = now.ToUnixTimeMilliseconds();
            var sequence = 0L;

            // Ids must grow even when the clock does not move or steps back, as Redis stream ids do.
            if (_events.Last is { } last && last.Value.Milliseconds >= milliseconds)
            {
                milliseconds = last.Value.Milliseconds;
                sequence = last.Value.Sequence + 1;
            }

            stored = operatorEvent with
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"{milliseconds}-{sequence}"),
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
            };
            _events.AddLast((milliseconds, sequence, stored));
            while (_events.Count > _options.MaxLength)
            {
                _events.RemoveFirst();
            }

            appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        appended.TrySetResult();
        return Task.FromResult(stored);
    }

    /// <inheritdoc />
    public async Task<OperatorEvent?> AppendOnceAsync(OperatorEvent operatorEvent, string onceKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operatorEvent);
        ArgumentException.ThrowIfNullOrEmpty(onceKey);
        lock (_gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_onceKeys.Add(onceKey))
            {
                return null;
            }
        }

        return await AppendAsync(operatorEvent, CancellationToken.None);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OperatorEvent>> ReadAsync(string? afterId, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var (afterMilliseconds, afterSequence) = afterId is null ? (-1L, -1L) : ParseId(afterId);
        lock (_gate)
        {
            IReadOnlyList<OperatorEvent> events = _events
                .Where(entry => entry.Milliseconds > afterMilliseconds || (entry.Milliseconds == afterMilliseconds && entry.Sequence > afterSequence))
                .Take(count)
                .Select(entry => entry.Event)
                .ToArray();
            return Task.FromResult(events);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OperatorEvent>> ReadLatestAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            IReadOnlyList<OperatorEvent> events = _events.Skip(Math.Max(0, _events.Count - count)).Select(entry => entry.Event).ToArray();
            return Task.FromResult(events);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<OperatorEvent> FollowAsync(string? afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task appended;
            lock (_gate)
            {
                appended = _appended.Task;
            }

            var events = await ReadAsync(afterId, 100, cancellationToken);
            foreach (var operatorEvent in events)
            {
                afterId = operatorEvent.Id;
                yield return operatorEvent;
            }

            if (events.Count == 0 && !await WaitAsync(appended, cancellationToken))
            {
                yield break;
            }
        }
    }

    private static async Task<bool> WaitAsync(Task appended, CancellationToken cancellationToken)
    {
        try
        {
            await appended.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static (long Milliseconds, long Sequence) ParseId(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0
            || !long.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw new ArgumentException($"Event id '{id}' is invalid: use the form <unixMs>-<sequence> returned by the log.", nameof(id));
        }

        return (milliseconds, sequence);
    }
}
