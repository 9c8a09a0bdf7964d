namespace Alyx.Aws.Ecs;

/// <summary>A ListTasks page request. ECS requires <see cref="StartedBy"/> to be the only filter when set.</summary>
/// <param name="Cluster">The cluster name or ARN; null is the default cluster.</param>
public sealed record EcsListTasksRequest(string? Cluster)
{
    /// <summary>Only tasks of this task definition family.</summary>
    public string? Family { get; init; }

    /// <summary>The token from the previous page, or null for the first page.</summary>
    public string? NextToken { get; init; }

    /// <summary>The page size, 1 to 100; null is 100.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Only tasks started with this startedBy value; no other filter may be set with it.</summary>
    public string? StartedBy { get; init; }

    /// <summary>RUNNING (the ECS default) or STOPPED.</summary>
    public string? DesiredStatus { get; init; }

    /// <summary>Only tasks of this launch type.</summary>
    public string? LaunchType { get; init; }
}
