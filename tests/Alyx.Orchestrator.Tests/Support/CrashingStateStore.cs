using Alyx.Coordination.State;

namespace Alyx.Orchestrator.Tests.Support;

/// <summary>
/// A state store that passes every call to <paramref name="inner"/> until its leader reaches <paramref name="crashPoint"/>.
/// There it finishes the call that reached the point and throws, and every later call throws, so the leader neither
/// appends that pass's events nor acts again, like a process killed at that instant.
/// </summary>
public sealed class CrashingStateStore(IClusterStateStore inner, CrashPoint crashPoint) : IClusterStateStore
{
    private readonly TaskCompletionSource _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _retiringWritten;

    /// <summary>Completes when the leader reached the crash point.</summary>
    public Task Crashed => _crashed.Task;

    public Task<ClusterSpec?> ReadSpecAsync(CancellationToken cancellationToken) => Alive(() => inner.ReadSpecAsync(cancellationToken));

    public Task<long> WriteSpecAsync(ClusterSpec spec, long? expectedGeneration, CancellationToken cancellationToken) =>
        Alive(() => inner.WriteSpecAsync(spec, expectedGeneration, cancellationToken));

    public Task<ClusterStatus?> ReadStatusAsync(CancellationToken cancellationToken) => Alive(() => inner.ReadStatusAsync(cancellationToken));

    public async Task<bool> WriteStatusAsync(ClusterStatus status, long leaderFencingToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var written = await Alive(() => inner.WriteStatusAsync(status, leaderFencingToken, cancellationToken));
        var reached = crashPoint switch
        {
            CrashPoint.AfterPendingStatus => status.PendingShardSet is { RolledBack: false } pending && pending.Shards.Any(shard => shard.TaskId is not null),
            CrashPoint.AfterRollbackStatus => status.PendingShardSet is { RolledBack: true },
            CrashPoint.AfterSwitchStatus => status.RetiringShardSet is not null,
            CrashPoint.AfterCompletionStatus => _retiringWritten && status.RetiringShardSet is null,
            _ => false,
        };
        _retiringWritten |= status.RetiringShardSet is not null;
        if (written && reached)
        {
            Crash();
        }

        return written;
    }

    public Task<ClusterStateWatch> WatchAsync(CancellationToken cancellationToken) => Alive(() => inner.WatchAsync(cancellationToken));

    public Task<ActiveShardSetReading> ReadActiveShardSetAsync(CancellationToken cancellationToken) =>
        Alive(() => inner.ReadActiveShardSetAsync(cancellationToken));

    public Task<ActiveShardSet?> ActivateShardSetAsync(long? expectedEpoch, long epoch, int shardCount, TimeSpan cutoverNotice, CancellationToken cancellationToken) =>
        Alive(() => inner.ActivateShardSetAsync(expectedEpoch, epoch, shardCount, cutoverNotice, cancellationToken));

    public async Task<ActiveShardSet?> SwitchActiveShardSetAsync(long expectedEpoch, long epoch, int shardCount, TimeSpan cutoverNotice, CancellationToken cancellationToken)
    {
        var switched = await Alive(() => inner.SwitchActiveShardSetAsync(expectedEpoch, epoch, shardCount, cutoverNotice, cancellationToken));
        if (switched is not null && crashPoint == CrashPoint.AfterSwitch)
        {
            Crash();
        }

        return switched;
    }

    private void Crash()
    {
        _crashed.TrySetResult();
        throw new InvalidOperationException($"The leader crashed at {crashPoint}.");
    }

    private Task<T> Alive<T>(Func<Task<T>> call) =>
        _crashed.Task.IsCompleted ? throw new InvalidOperationException($"The leader crashed at {crashPoint} and makes no more calls.") : call();
}
