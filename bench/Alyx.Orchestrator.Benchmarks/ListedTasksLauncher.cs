using Alyx.Orchestrator.Launchers;

namespace Alyx.Orchestrator.Benchmarks;

/// <summary>A launcher whose task list is fixed, so a pass measures the reconciler's own work.</summary>
internal sealed class ListedTasksLauncher(IReadOnlyList<ShardTask> tasks) : IShardLauncher
{
    public bool HostsShareIdentifyGate => true;

    public event EventHandler<ShardTaskExit>? TaskExited
    {
        add { }
        remove { }
    }

    public Task<ShardTask> LaunchAsync(ShardLaunchRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ShardTask(request.TaskId, request.ShardSet, request.ShardId, request.ShardCount, DateTimeOffset.UtcNow, null));

    public Task<bool> StopAsync(string taskId, string reason, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IReadOnlyList<ShardTask>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(tasks);
}
