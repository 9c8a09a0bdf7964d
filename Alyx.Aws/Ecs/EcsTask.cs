namespace Alyx.Aws.Ecs;

/// <summary>A task as RunTask, DescribeTasks and StopTask return it (the fields Alyx reads).</summary>
public sealed record EcsTask
{
    /// <summary>The task ARN, <c>arn:aws:ecs:{region}:{account}:task/{cluster}/{id}</c>.</summary>
    public string TaskArn { get; init; } = string.Empty;

    /// <summary>The cluster ARN.</summary>
    public string? ClusterArn { get; init; }

    /// <summary>The task definition ARN.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING or STOPPED.</summary>
    public string? LastStatus { get; init; }

    /// <summary>RUNNING or STOPPED.</summary>
    public string? DesiredStatus { get; init; }

    /// <summary>FARGATE, EC2, EXTERNAL or MANAGED_INSTANCES.</summary>
    public string? LaunchType { get; init; }

    /// <summary>The task group.</summary>
    public string? Group { get; init; }

    /// <summary>The startedBy value given to RunTask.</summary>
    public string? StartedBy { get; init; }

    /// <summary>Why the task stopped, such as UserInitiated or EssentialContainerExited.</summary>
    public string? StopCode { get; init; }

    /// <summary>The stop reason in words; for StopTask, the caller's reason.</summary>
    public string? StoppedReason { get; init; }

    /// <summary>When ECS created the task.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the task started running.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the task started stopping.</summary>
    public DateTimeOffset? StoppingAt { get; init; }

    /// <summary>When the task stopped.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>The availability zone.</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>The containers and their exit codes.</summary>
    public IReadOnlyList<EcsContainer> Containers { get; init; } = [];

    /// <summary>The per-task overrides given to RunTask, such as container environment variables.</summary>
    public EcsTaskOverride? Overrides { get; init; }

    /// <summary>The task's tags (DescribeTasks returns them only when asked to include TAGS).</summary>
    public IReadOnlyList<EcsTag> Tags { get; init; } = [];

    /// <summary>A counter ECS increments on every change of the task; order state-change events by it.</summary>
    public long? Version { get; init; }
}
