namespace Alyx.Aws.Ecs;

/// <summary>
/// A RunTask request. The JSON body lists members in declaration order: TaskDefinition, then the rest in the
/// service model's order.
/// </summary>
/// <param name="TaskDefinition">The task definition as <c>family</c>, <c>family:revision</c> or an ARN.</param>
public sealed record EcsRunTaskRequest(string TaskDefinition)
{
    /// <summary>The cluster name or ARN; null is the default cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>How many tasks to start, 1 to 10; null is 1.</summary>
    public int? Count { get; init; }

    /// <summary>Whether ECS Exec is turned on for the task.</summary>
    public bool? EnableExecuteCommand { get; init; }

    /// <summary>The task group, such as <c>family:worker</c>.</summary>
    public string? Group { get; init; }

    /// <summary>FARGATE, EC2, EXTERNAL or MANAGED_INSTANCES.</summary>
    public string? LaunchType { get; init; }

    /// <summary>The awsvpc network configuration that Fargate requires.</summary>
    public EcsNetworkConfiguration? NetworkConfiguration { get; init; }

    /// <summary>Per-container overrides, such as environment variables.</summary>
    public EcsTaskOverride? Overrides { get; init; }

    /// <summary>The Fargate platform version; null is LATEST.</summary>
    public string? PlatformVersion { get; init; }

    /// <summary>TASK_DEFINITION or NONE.</summary>
    public string? PropagateTags { get; init; }

    /// <summary>Up to 36 characters of <c>[A-Za-z0-9_/-]</c> that ListTasks can filter on.</summary>
    public string? StartedBy { get; init; }

    /// <summary>Up to 50 tags for the task.</summary>
    public IReadOnlyList<EcsTag>? Tags { get; init; }

    /// <summary>
    /// An idempotency key of up to 64 ASCII characters (33 to 126): repeating the request with the same token does
    /// not start more tasks, and reusing it with other parameters fails with ConflictException. Null makes the
    /// client generate one per call, shared by that call's retries.
    /// </summary>
    public string? ClientToken { get; init; }
}
