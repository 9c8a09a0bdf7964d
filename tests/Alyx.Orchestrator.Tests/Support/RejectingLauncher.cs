using Alyx.Orchestrator.Launchers;

namespace Alyx.Orchestrator.Tests.Support;

/// <summary>
/// A launcher that passes every call to <paramref name="inner"/> but fails each launch of one shard of one set, as
/// ECS does while it has no capacity, so that set never becomes all Ready.
/// </summary>
public sealed class RejectingLauncher(IShardLauncher inner, long shardSet, int shardId) : IShardLauncher
{
    public bool HostsShareIdentifyGate => inner.HostsShareIdentifyGate;

    public event EventHandler<ShardTaskExit>? TaskExited
    {
        add => inner.TaskExited += value;
        remove => inner.TaskExited -= value;
    }

    public Task<ShardTask> LaunchAsync(ShardLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ShardSet == shardSet && request.ShardId == shardId
            ? throw new ShardLaunchException(request, "CapacityUnavailable", $"The test rejects every launch of shard {shardId} of set {shardSet}.")
            : inner.LaunchAsync(request, cancellationToken);
    }

    public Task<bool> StopAsync(string taskId, string reason, CancellationToken cancellationToken) => inner.StopAsync(taskId, reason, cancellationToken);

    public Task<IReadOnlyList<ShardTask>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
}
