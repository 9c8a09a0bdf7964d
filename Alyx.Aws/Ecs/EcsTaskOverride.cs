namespace Alyx.Aws.Ecs;

/// <summary>Per-task overrides; ECS rejects overrides over 8192 characters of JSON.</summary>
public sealed record EcsTaskOverride(IReadOnlyList<EcsContainerOverride> ContainerOverrides);
