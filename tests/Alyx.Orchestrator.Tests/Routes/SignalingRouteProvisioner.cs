using System.Collections.Concurrent;
using Alyx.Coordination.Routes;

namespace Alyx.Orchestrator.Tests.Routes;

/// <summary>Passes every call to a real provisioner and lets a test wait until a shard set's routes were ensured or retired.</summary>
internal sealed class SignalingRouteProvisioner(IRouteProvisioner inner) : IRouteProvisioner
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _ensured = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _retired = new();

    /// <summary>When true, every ensure call fails as the real provisioner does when SQS or SNS rejects a call.</summary>
    public bool FailEnsure { get; set; }

    /// <summary>Returns whether the orchestrator ensured the routes of <paramref name="shardSet"/> at least once.</summary>
    public bool WasEnsured(long shardSet) => Signal(_ensured, shardSet).Task.IsCompleted;

    public async Task<RouteChanges> EnsureShardSetAsync(long shardSet, int shardCount, CancellationToken cancellationToken)
    {
        if (FailEnsure)
        {
            throw new RouteProvisioningException($"Failed to create the routes of shard set {shardSet}: the test turned the provisioner off.");
        }

        var changes = await inner.EnsureShardSetAsync(shardSet, shardCount, cancellationToken);
        Signal(_ensured, shardSet).TrySetResult();
        return changes;
    }

    public async Task<RouteChanges> RetireShardSetAsync(long shardSet, int shardCount, CancellationToken cancellationToken)
    {
        var changes = await inner.RetireShardSetAsync(shardSet, shardCount, cancellationToken);
        Signal(_retired, shardSet).TrySetResult();
        return changes;
    }

    /// <summary>Waits until an ensure call for <paramref name="shardSet"/> completed; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitForEnsuredAsync(long shardSet, TimeSpan timeout) => Signal(_ensured, shardSet).Task.WaitAsync(timeout);

    /// <summary>Waits until a retire call for <paramref name="shardSet"/> completed; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitForRetiredAsync(long shardSet, TimeSpan timeout) => Signal(_retired, shardSet).Task.WaitAsync(timeout);

    private static TaskCompletionSource Signal(ConcurrentDictionary<long, TaskCompletionSource> signals, long shardSet) =>
        signals.GetOrAdd(shardSet, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
