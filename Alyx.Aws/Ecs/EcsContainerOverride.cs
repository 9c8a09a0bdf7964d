namespace Alyx.Aws.Ecs;

/// <summary>Per-task changes to one container of the task definition.</summary>
/// <param name="Name">The container name in the task definition (required).</param>
public sealed record EcsContainerOverride(string Name)
{
    /// <summary>A replacement command, or null to keep the task definition's.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Environment variables added to (or replacing) the task definition's.</summary>
    public IReadOnlyList<EcsKeyValuePair>? Environment { get; init; }
}
