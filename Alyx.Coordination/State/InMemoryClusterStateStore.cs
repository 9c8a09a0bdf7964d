namespace Alyx.Coordination.State;

/// <summary>Spec and status for a single process (<c>alyx dev</c>, embedded mode).</summary>
public sealed partial class InMemoryClusterStateStore : IClusterStateStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly List<ClusterStateWatch> _watches = [];
    private ClusterSpec? _spec;
    private ClusterStatus? _status;
    private long _statusFence;

    /// <summary>Creates an empty store on the system clock.</summary>
    public InMemoryClusterStateStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store; <paramref name="timeProvider"/> is the clock of cutover instants.</summary>
    public InMemoryClusterStateStore(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc />
    public Task<ClusterSpec?> ReadSpecAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_spec);
        }
    }

    /// <inheritdoc />
    public Task<long> WriteSpecAsync(ClusterSpec spec, long? expectedGeneration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellationToken.ThrowIfCancellationRequested();
        long generation;
        lock (_gate)
        {
            var current = _spec?.Generation ?? 0;
            if (expectedGeneration is { } expected && expected != current)
            {
                throw new SpecConflictException(expected, current);
            }

            generation = current + 1;
            _spec = spec with { Generation = generation };
        }

        Notify(new ClusterStateChange(ClusterStateChangeKind.Spec, generation));
        return Task.FromResult(generation);
    }

    /// <inheritdoc />
    public Task<ClusterStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_status);
        }
    }

    /// <inheritdoc />
    public Task<bool> WriteStatusAsync(ClusterStatus status, long leaderFencingToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (leaderFencingToken < _statusFence)
            {
                return Task.FromResult(false);
            }

            _statusFence = leaderFencingToken;
            _status = status;
        }

        Notify(new ClusterStateChange(ClusterStateChangeKind.Status, status.ObservedGeneration));
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<ClusterStateWatch> WatchAsync(CancellationToken cancellationToken)
    {
        var watch = new ClusterStateWatch();
        lock (_gate)
        {
            _watches.Add(watch);
        }

        watch.Attach(() =>
        {
            lock (_gate)
            {
                _watches.Remove(watch);
            }

            return ValueTask.CompletedTask;
        });
        return Task.FromResult(watch);
    }

    private void Notify(ClusterStateChange change)
    {
        ClusterStateWatch[] watches;
        lock (_gate)
        {
            watches = [.. _watches];
        }

        foreach (var watch in watches)
        {
            watch.Publish(change);
        }
    }
}
