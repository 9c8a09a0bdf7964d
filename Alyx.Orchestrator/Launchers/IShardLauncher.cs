namespace Alyx.Orchestrator.Launchers;

/// <summary>
/// Starts and stops the tasks that run shard hosts. A backend (in-process, local process, ECS) is one implementation.
/// </summary>
public interface IShardLauncher
{
    /// <summary>
    /// True when every host this launcher starts passes one identify gate that covers the whole bot, so the orchestrator
    /// may launch many shards at once. When false, the orchestrator paces launches per identify bucket itself.
    /// </summary>
    bool HostsShareIdentifyGate { get; }

    /// <summary>
    /// Raised when a task ends by itself or after a stop, as soon as the backend notices. The orchestrator then
    /// reconciles at once instead of waiting for the heartbeat to go stale.
    /// </summary>
    event EventHandler<ShardTaskExit>? TaskExited;

    /// <summary>
    /// Launches a task for the assignment. A request whose <see cref="ShardLaunchRequest.TaskId"/> is already running
    /// returns that task instead of starting a second one.
    /// </summary>
    Task<ShardTask> LaunchAsync(ShardLaunchRequest request, CancellationToken cancellationToken);

    /// <summary>Asks a task to stop (SIGTERM first, so the host hands its session over); returns false when it is unknown.</summary>
    Task<bool> StopAsync(string taskId, string reason, CancellationToken cancellationToken);

    /// <summary>Lists the running tasks of the launcher's cluster.</summary>
    Task<IReadOnlyList<ShardTask>> ListAsync(CancellationToken cancellationToken);
}
