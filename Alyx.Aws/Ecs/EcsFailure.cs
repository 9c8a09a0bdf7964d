namespace Alyx.Aws.Ecs;

/// <summary>
/// A per-item failure that ECS reports inside an HTTP 200 response, such as a task it could not place
/// (<c>RESOURCE:MEMORY</c>, Fargate capacity) or an ARN it does not know (<c>MISSING</c>).
/// </summary>
public sealed record EcsFailure(string? Arn, string? Reason, string? Detail);
