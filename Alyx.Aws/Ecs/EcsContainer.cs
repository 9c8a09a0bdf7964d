namespace Alyx.Aws.Ecs;

/// <summary>A container of a described task.</summary>
public sealed record EcsContainer
{
    /// <summary>The container name.</summary>
    public string? Name { get; init; }

    /// <summary>The container's status, such as RUNNING or STOPPED.</summary>
    public string? LastStatus { get; init; }

    /// <summary>The exit code once the container stopped.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Why the container stopped, when ECS reports a reason.</summary>
    public string? Reason { get; init; }
}
