namespace Alyx.Aws.Ecs;

/// <summary>The Amazon ECS calls Alyx makes. Failures throw <see cref="Http.AwsServiceException"/> subclasses.</summary>
public interface IEcsClient
{
    /// <summary>
    /// Starts 1 to 10 tasks. Tasks ECS could not start are in <see cref="EcsTaskBatchResult.Failures"/>, with HTTP 200.
    /// </summary>
    Task<EcsTaskBatchResult> RunTaskAsync(EcsRunTaskRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Describes tasks by ARN or id, 100 per call (more are split into several calls). Unknown tasks come back as
    /// failures with reason <c>MISSING</c>.
    /// </summary>
    /// <param name="cluster">The cluster name or ARN; null is the default cluster.</param>
    /// <param name="tasks">Task ARNs or ids.</param>
    /// <param name="includeTags">True requests each task's tags from ECS.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    Task<EcsTaskBatchResult> DescribeTasksAsync(string? cluster, IReadOnlyList<string> tasks, bool includeTags = true, CancellationToken cancellationToken = default);

    /// <summary>Returns one page of task ARNs.</summary>
    Task<EcsListTasksPage> ListTasksAsync(EcsListTasksRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns the task ARNs of every page, following <c>nextToken</c>.</summary>
    IAsyncEnumerable<string> ListAllTaskArnsAsync(EcsListTasksRequest request, CancellationToken cancellationToken = default);

    /// <summary>Stops a task: ECS sends SIGTERM, then SIGKILL after the container's stop timeout (30 s by default).</summary>
    /// <param name="cluster">The cluster name or ARN; null is the default cluster.</param>
    /// <param name="task">The task ARN or id.</param>
    /// <param name="reason">Shown as the task's stoppedReason; at most 255 characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<EcsTask> StopTaskAsync(string? cluster, string task, string? reason, CancellationToken cancellationToken = default);
}
