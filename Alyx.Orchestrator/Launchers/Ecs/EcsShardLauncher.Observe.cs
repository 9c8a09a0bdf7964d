using Alyx.Aws.Ecs;
using Alyx.Shard.Hosting;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Launchers.Ecs;

/// <summary>Reading the cluster's tasks from ECS: adoption by tags and exits noticed by polling.</summary>
public sealed partial class EcsShardLauncher
{
    private const string Stopped = "STOPPED";

    // ECS reads are eventually consistent, so a task a few seconds old may be MISSING from DescribeTasks.
    private static readonly TimeSpan MissingGrace = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private DateTimeOffset? _refreshedAt;

    /// <inheritdoc />
    /// <remarks>
    /// Reads ECS when the last read is older than <see cref="EcsLauncherOptions.PollInterval"/>. A task seen STOPPED
    /// raises <see cref="TaskExited"/> and stays in the list one more call, so the reconciler applies the exit (backoff,
    /// next attempt) before it finds the shard without a task. Tasks asked to stop stay listed until ECS reports them STOPPED.
    /// </remarks>
    public async Task<IReadOnlyList<ShardTask>> ListAsync(CancellationToken cancellationToken)
    {
        var exits = new List<ShardTaskExit>();
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var now = _timeProvider.GetUtcNow();
            if (_refreshedAt is not { } last || now - last >= _options.PollInterval)
            {
                await RefreshAsync(exits, now, cancellationToken);
                _refreshedAt = now;
            }
        }
        finally
        {
            _refreshLock.Release();
        }

        foreach (var exit in exits)
        {
            TaskExited?.Invoke(this, exit);
        }

        var listed = new List<ShardTask>();
        foreach (var tracked in _tasks.Values)
        {
            if (!tracked.Exited)
            {
                listed.Add(tracked.Task);
            }
            else if (!tracked.ListedAfterExit)
            {
                tracked.ListedAfterExit = true;
                listed.Add(tracked.Task);
            }
        }

        return listed;
    }

    private async Task RefreshAsync(List<ShardTaskExit> exits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // ListTasks allows startedBy only as its sole filter, and lists tasks whose desired status is RUNNING. Tasks
        // this launcher tracks are described by ARN as well, because a stopped one drops out of that list.
        // NOTE: a restarted orchestrator therefore misses tasks that its predecessor asked to stop and that are still
        // shutting down. A rolling reshard may then start the new set before they end.
        var arns = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var arn in _ecs.ListAllTaskArnsAsync(new EcsListTasksRequest(_options.Cluster) { StartedBy = _startedBy }, cancellationToken))
        {
            arns.Add(arn);
        }

        foreach (var tracked in _tasks.Values.Where(tracked => !tracked.Exited))
        {
            arns.Add(tracked.Arn);
        }

        if (arns.Count == 0)
        {
            return;
        }

        var described = await _ecs.DescribeTasksAsync(_options.Cluster, [.. arns], includeTags: true, cancellationToken);
        foreach (var task in described.Tasks)
        {
            Observe(task, exits, now);
        }

        foreach (var failure in described.Failures)
        {
            var tracked = _tasks.Values.FirstOrDefault(candidate => candidate.Arn == failure.Arn && !candidate.Exited);
            if (tracked is not null && now - tracked.Task.StartedAt > MissingGrace)
            {
                exits.Add(Exit(tracked, ShardExitCode.UnexpectedError, -1, $"ECS did not find the task ({failure.Reason})."));
            }
        }

        foreach (var ended in _tasks.Where(pair => pair.Value.Exited && pair.Value.ListedAfterExit).ToList())
        {
            _tasks.TryRemove(ended);
            _ended[ended.Key] = now;
        }

        // Ended task ids are kept an hour, about as long as ECS lists stopped tasks, so none is adopted again.
        foreach (var old in _ended.Where(pair => now - pair.Value > TimeSpan.FromHours(1)).ToList())
        {
            _ended.TryRemove(old);
        }
    }

    private void Observe(EcsTask described, List<ShardTaskExit> exits, DateTimeOffset now)
    {
        var identity = EcsTaskIdentity.TryRead(described, _cluster, now);
        if (identity is null)
        {
            return;
        }

        if (!_tasks.TryGetValue(identity.TaskId, out var tracked))
        {
            if (described.LastStatus == Stopped || _ended.ContainsKey(identity.TaskId))
            {
                return;
            }

            // A task of this cluster that this process did not start: its predecessor launched it.
            tracked = _tasks.GetOrAdd(identity.TaskId, _ => new TrackedTask(identity, described.TaskArn));
            tracked.StopRequested = described.DesiredStatus == Stopped;
            LogAdopted(identity.TaskId, identity.ShardSet, identity.ShardId, described.TaskArn, described.LastStatus ?? "unknown");
        }

        tracked.LastStatus = described.LastStatus;
        if (described.LastStatus != Stopped || tracked.Exited)
        {
            return;
        }

        var container = described.Containers.FirstOrDefault(candidate => candidate.Name == _options.ContainerName);
        var raw = container?.ExitCode ?? -1;
        var code = container?.ExitCode is { } value && Enum.IsDefined(typeof(ShardExitCode), value) ? (ShardExitCode)value : ShardExitCode.UnexpectedError;
        var reason = string.Join(" ", new[]
        {
            described.StopCode,
            described.StoppedReason,
            container?.Reason,
        }.Where(part => !string.IsNullOrWhiteSpace(part)));
        exits.Add(Exit(tracked, code, raw, reason.Length == 0 ? "ECS stopped the task without a reason." : reason));
    }

    private ShardTaskExit Exit(TrackedTask tracked, ShardExitCode code, int raw, string reason)
    {
        tracked.Exited = true;
        LogExited(tracked.Task.TaskId, tracked.Arn, raw, reason);
        return new ShardTaskExit(tracked.Task, code, raw, reason, tracked.StopRequested);
    }

    [LoggerMessage(EventId = 8137, Level = LogLevel.Information, Message = "Adopted ECS task {TaskId} for set {ShardSet} shard {ShardId} ({TaskArn}, {LastStatus}) started by a previous orchestrator")]
    private partial void LogAdopted(string taskId, long shardSet, int shardId, string taskArn, string lastStatus);

    [LoggerMessage(EventId = 8138, Level = LogLevel.Information, Message = "ECS task {TaskId} ({TaskArn}) stopped with exit code {ExitCode}: {Reason}")]
    private partial void LogExited(string taskId, string taskArn, int exitCode, string reason);

    /// <summary>The launcher's record of one task of its cluster.</summary>
    private sealed class TrackedTask(ShardTask task, string arn)
    {
        public ShardTask Task { get; } = task;

        public string Arn { get; } = arn;

        public string? LastStatus { get; set; }

        public bool StopRequested { get; set; }

        public bool Exited { get; set; }

        /// <summary>True once <see cref="ListAsync"/> returned the task after its exit was raised; the next read drops it.</summary>
        public bool ListedAfterExit { get; set; }
    }
}
