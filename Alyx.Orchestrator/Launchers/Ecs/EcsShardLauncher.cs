using System.Collections.Concurrent;
using Alyx.Aws.Ecs;
using Alyx.Aws.Http;
using Alyx.Shard.Hosting;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Launchers.Ecs;

/// <summary>
/// Runs each shard as one Amazon ECS task (Fargate by default) through RunTask, observes the tasks with ListTasks and
/// DescribeTasks, and stops them with StopTask. The per-launch environment (cluster, set, shard, count, task id) goes in
/// as container overrides. The task definition carries the rest, the bot token included, so no secret appears in the
/// RunTask request or in DescribeTasks. Tags identify each task, so a restarted orchestrator finds the tasks of
/// its predecessor. ECS pushes nothing, so exits are noticed when <see cref="ListAsync"/> reads the tasks, at most once
/// per <see cref="EcsLauncherOptions.PollInterval"/>.
/// </summary>
public sealed partial class EcsShardLauncher : IShardLauncher, IAsyncDisposable
{
    private const int MaxStopReasonLength = 255;
    private readonly IEcsClient _ecs;
    private readonly IDisposable? _ownedClient;
    private readonly EcsLauncherOptions _options;
    private readonly string _cluster;
    private readonly string _startedBy;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EcsShardLauncher> _logger;
    private readonly EcsLaunchPacer _pacer;
    private readonly ConcurrentDictionary<string, TrackedTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    /// <summary>Creates the launcher.</summary>
    /// <param name="ecs">The ECS client.</param>
    /// <param name="options">Where and how tasks run.</param>
    /// <param name="cluster">The Alyx cluster; its tasks carry it in the <c>alyx:cluster</c> tag.</param>
    /// <param name="timeProvider">The clock for pacing, retries and task ages.</param>
    /// <param name="logger">The launcher's logger.</param>
    /// <param name="ownsClient">True disposes <paramref name="ecs"/> with the launcher.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names each one.</exception>
    public EcsShardLauncher(
        IEcsClient ecs, EcsLauncherOptions options, string cluster, TimeProvider timeProvider, ILogger<EcsShardLauncher> logger, bool ownsClient = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        options.ThrowIfInvalid();
        _ecs = ecs ?? throw new ArgumentNullException(nameof(ecs));
        _ownedClient = ownsClient ? ecs as IDisposable : null;
        _options = options;
        _cluster = cluster;
        _startedBy = EcsTaskIdentity.StartedBy(cluster);
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _pacer = new EcsLaunchPacer(options.LaunchesPerSecond, options.LaunchBurst, timeProvider);
    }

    /// <summary>Every shard host reaches the cluster's identify gate in Redis, so launches need no pacing per bucket.</summary>
    public bool HostsShareIdentifyGate => true;

    /// <inheritdoc />
    public event EventHandler<ShardTaskExit>? TaskExited;

    /// <inheritdoc />
    /// <exception cref="ShardLaunchException">
    /// ECS rejected the request, or throttling or placement failures outlasted <see cref="EcsLauncherOptions.MaxLaunchAttempts"/>.
    /// </exception>
    public async Task<ShardTask> LaunchAsync(ShardLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _tasks.TryGetValue(request.TaskId, out var known);
        if (_ended.ContainsKey(request.TaskId) || known is { Exited: true })
        {
            // The same task id would repeat the clientToken, and ECS would return the stopped task.
            throw new ShardLaunchException(request, "TaskIdReused",
                $"Task {request.TaskId} already ran on ECS and stopped; a relaunch needs a new attempt number.");
        }

        if (known is not null)
        {
            return known.Task;
        }

        // A throttled call was not processed, so its retry repeats the token. A placement failure started no task, so the
        // next call gets a new token. NOTE: the ECS documentation does not say whether a repeated token after a failure
        // returns the stored failure. A new token is the safe side, because the failed call started nothing.
        string? lastProblem = null;
        var placementRetry = 0;
        for (var attempt = 1; attempt <= _options.MaxLaunchAttempts; attempt++)
        {
            await _pacer.WaitAsync(cancellationToken);
            EcsTaskBatchResult result;
            try
            {
                result = await _ecs.RunTaskAsync(RunTaskRequest(request, placementRetry), cancellationToken);
            }
            catch (AwsThrottlingException exception)
            {
                lastProblem = exception.Message;
                if (attempt == _options.MaxLaunchAttempts)
                {
                    throw new ShardLaunchException(request, "Throttled",
                        $"ECS throttled RunTask for task {request.TaskId} {attempt} times; lower the launch rate or ask AWS for a higher limit. Last error: {exception.Message}",
                        exception);
                }

                var delay = RetryDelay(attempt);
                _pacer.Pause(delay);
                LogThrottled(request.TaskId, attempt, delay.TotalMilliseconds);
                continue;
            }
            catch (AwsServiceException exception)
            {
                var status = (int)exception.StatusCode;
                LogRejected(request.TaskId, status, exception.ErrorCode, exception.ErrorMessage);
                LogErrorBody(request.TaskId, exception.ResponseBody ?? "(none)", exception);

                // A 4xx response other than throttling rejects the request itself, such as a missing task definition or
                // cluster, or denied access: the same launch fails again until the operator changes the settings. A 5xx
                // response outlasted the transport's retries, so the next attempt may pass.
                var failed = status >= 500 ? "failed" : "rejected";
                throw new ShardLaunchException(request, "Rejected",
                    $"ECS {failed} RunTask for task {request.TaskId} with HTTP {status} {exception.ErrorCode}: {exception.ErrorMessage} Check the cluster, task definition, subnets and security groups.",
                    exception, needsOperator: status is >= 400 and < 500);
            }

            if (result.Tasks.Count > 0)
            {
                return Track(request, result.Tasks[0]);
            }

            lastProblem = string.Join("; ", result.Failures.Select(failure => $"{failure.Reason} {failure.Detail}".TrimEnd()));
            placementRetry++;
            if (attempt < _options.MaxLaunchAttempts)
            {
                var delay = RetryDelay(attempt);
                LogPlacementFailed(request.TaskId, attempt, lastProblem, delay.TotalMilliseconds);
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }
        }

        LogLaunchFailed(request.TaskId, _options.MaxLaunchAttempts, lastProblem ?? "no task and no failure returned");
        throw new ShardLaunchException(request, "CapacityUnavailable",
            $"ECS started no task for {request.TaskId} in {_options.MaxLaunchAttempts} RunTask calls: {lastProblem}. Capacity and resource failures pass by themselves; more subnets in other availability zones help.");
    }

    /// <inheritdoc />
    public async Task<bool> StopAsync(string taskId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!_tasks.TryGetValue(taskId, out var tracked))
        {
            return false;
        }

        if (tracked.Exited || tracked.StopRequested)
        {
            // StopTask was sent before; the task leaves the list once ECS reports it STOPPED.
            return true;
        }

        var cut = reason.Length <= MaxStopReasonLength ? reason : reason[..MaxStopReasonLength];
        LogStopping(taskId, tracked.Arn, cut);
        tracked.StopRequested = true;
        try
        {
            await _ecs.StopTaskAsync(_options.Cluster, tracked.Arn, cut, cancellationToken);
        }
        catch (Exception exception) when (exception is AwsServiceException or AwsRequestTimeoutException or HttpRequestException)
        {
            tracked.StopRequested = false;
            throw;
        }

        return true;
    }

    /// <summary>Releases the ECS client when the launcher owns it. Tasks keep running: a successor adopts them by their tags.</summary>
    public ValueTask DisposeAsync()
    {
        _ownedClient?.Dispose();
        return ValueTask.CompletedTask;
    }

    private EcsRunTaskRequest RunTaskRequest(ShardLaunchRequest request, int placementRetry)
    {
        // Only the assignment varies per task; everything else, the token too, comes from the task definition.
        var environment = new EcsKeyValuePair[]
        {
            new(ShardAssignment.ClusterVariable, request.Cluster),
            new(ShardAssignment.ShardSetVariable, EcsText(request.ShardSet)),
            new(ShardAssignment.ShardIdVariable, EcsText(request.ShardId)),
            new(ShardAssignment.ShardCountVariable, EcsText(request.ShardCount)),
            new("ALYX_TASK_ID", request.TaskId),
        };
        return new EcsRunTaskRequest(_options.TaskDefinition)
        {
            Cluster = _options.Cluster,
            Count = 1,
            LaunchType = _options.LaunchType,
            NetworkConfiguration = new(new EcsAwsVpcConfiguration(
                [.. _options.Subnets], _options.SecurityGroups.Count == 0 ? null : [.. _options.SecurityGroups], _options.AssignPublicIp ? "ENABLED" : "DISABLED")),
            Overrides = new([new EcsContainerOverride(_options.ContainerName) { Environment = environment }]),
            PlatformVersion = _options.PlatformVersion,
            PropagateTags = "TASK_DEFINITION",
            StartedBy = _startedBy,
            Tags = EcsTaskIdentity.Tags(request),
            ClientToken = EcsTaskIdentity.ClientToken(request.Cluster, request.ShardSet, request.ShardId, request.TaskId, placementRetry),
        };
    }

    private ShardTask Track(ShardLaunchRequest request, EcsTask started)
    {
        var task = new ShardTask(request.TaskId, request.ShardSet, request.ShardId, request.ShardCount, _timeProvider.GetUtcNow(), null);
        var tracked = _tasks.GetOrAdd(request.TaskId, _ => new TrackedTask(task, started.TaskArn));
        tracked.LastStatus = started.LastStatus;
        LogLaunched(request.TaskId, request.ShardSet, request.ShardId, started.TaskArn);
        return tracked.Task;
    }

    // Capped exponential backoff with jitter between half and all of the step, so throttled launches spread out.
    private TimeSpan RetryDelay(int attempt)
    {
        var step = Math.Min(_options.LaunchRetryMax.TotalMilliseconds, _options.LaunchRetryBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        return TimeSpan.FromMilliseconds(step * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private static string EcsText(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 8131, Level = LogLevel.Information, Message = "Launched ECS task {TaskId} for set {ShardSet} shard {ShardId}: {TaskArn}")]
    private partial void LogLaunched(string taskId, long shardSet, int shardId, string taskArn);

    [LoggerMessage(EventId = 8132, Level = LogLevel.Warning, Message = "ECS throttled RunTask for task {TaskId} (call {Attempt}); every launch waits {DelayMs:0} ms")]
    private partial void LogThrottled(string taskId, int attempt, double delayMs);

    [LoggerMessage(EventId = 8133, Level = LogLevel.Warning, Message = "ECS placed no task for {TaskId} (call {Attempt}): {Failures}; retrying in {DelayMs:0} ms")]
    private partial void LogPlacementFailed(string taskId, int attempt, string failures, double delayMs);

    [LoggerMessage(EventId = 8134, Level = LogLevel.Error, Message = "ECS started no task for {TaskId} in {Attempts} RunTask calls: {Failures}")]
    private partial void LogLaunchFailed(string taskId, int attempts, string failures);

    [LoggerMessage(EventId = 8135, Level = LogLevel.Error, Message = "ECS RunTask for task {TaskId} failed with HTTP {Status} {ErrorCode}: {ErrorMessage}")]
    private partial void LogRejected(string taskId, int status, string errorCode, string errorMessage);

    [LoggerMessage(EventId = 8139, Level = LogLevel.Debug, Message = "ECS RunTask for task {TaskId} returned this error body: {Body}")]
    private partial void LogErrorBody(string taskId, string body, Exception exception);

    [LoggerMessage(EventId = 8136, Level = LogLevel.Information, Message = "Stopping ECS task {TaskId} ({TaskArn}): {Reason}")]
    private partial void LogStopping(string taskId, string taskArn, string reason);
}
