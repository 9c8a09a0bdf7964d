namespace Alyx.Aws.Ecs;

/// <summary>One page of task ARNs; <see cref="NextToken"/> is null on the last page.</summary>
public sealed record EcsListTasksPage(IReadOnlyList<string> TaskArns, string? NextToken);
